import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.assetClasses.update('us-stocks', {
  primary: 'ITOT',
  secondary: [
    'SCHB',
    'VTI',
  ],
}, { idempotencyKey: randomUUID() });
console.log(result);
