import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.users.update('f6e54303-10ce-42b5-a4b0-b28c19cf5025', {
  phone_number: '16742562188',
}, { idempotencyKey: randomUUID() });
console.log(result);
