import { createFinosClient } from 'finos';

const client = createFinosClient({ apiKey: 'sk_test_yourkey' });

const { data, error } = await client.GET('/v1/withdrawal/{withdrawal_id}', {
  params: { path: {
    withdrawal_id: '7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b',
  } },
});
console.log(error ?? data);
