import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.webhooks.update('6fe54303-10ce-42b5-a4b0-38bc19cf5025', {
  active: false,
}, { idempotencyKey: randomUUID() });
console.log(result);
