import { createFinosClient } from 'finos';

const client = createFinosClient({ apiKey: 'sk_test_yourkey' });

const { data, error } = await client.GET('/healthz');
console.log(error ?? data);
