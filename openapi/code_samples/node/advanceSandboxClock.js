import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

const result = await finos.sandbox.advanceClock({
  to: '2026-12-01T21:30:00Z',
}, { idempotencyKey: randomUUID() });
console.log(result);
