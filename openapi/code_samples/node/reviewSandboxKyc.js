import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

const result = await finos.sandbox.reviewKyc('S-BNTwVDLrlRvHbKVhRa8X', {
  outcome: 'approved',
}, { idempotencyKey: randomUUID() });
console.log(result);
