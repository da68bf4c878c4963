import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.orders.create({
  account_id: '2d931510-d99f-494a-8c67-87feb05e1594',
  symbol: 'GOOG',
  quantity: '0.2',
  side: 'buy',
  type: 'market',
}, { idempotencyKey: randomUUID() });
console.log(result);
