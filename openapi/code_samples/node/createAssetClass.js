import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.assetClasses.create({
  name: 'U.S. Stocks',
  primary: 'VTI',
  secondary: [
    'SCHB',
    'ITOT',
  ],
}, { idempotencyKey: randomUUID() });
console.log(result);
