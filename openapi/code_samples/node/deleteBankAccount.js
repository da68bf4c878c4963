import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.bankAccounts.delete('bad85eb9-0713-4da7-8d36-07a8e4b00eab', undefined, { idempotencyKey: randomUUID() });
console.log(result);
