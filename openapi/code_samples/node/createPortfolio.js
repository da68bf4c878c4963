import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.portfolios.create({
  name: 'growth-tilt',
  allocations: [
    {
      asset_class_id: 'us-stocks',
      weight: '45.5',
    },
    {
      asset_class_id: 'foreign-stocks',
      weight: '24.5',
    },
    {
      asset_class_id: 'emerging-market',
      weight: '10.0',
    },
    {
      asset_class_id: 'corporate-bonds',
      weight: '20.0',
    },
  ],
}, { idempotencyKey: randomUUID() });
console.log(result);
