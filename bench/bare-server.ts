// The reference point for `npm run bench`: a bare node:http server answering a JSON body of
// about the size of a Finos user, so ratios compare framework + work against nothing.
import { createServer } from 'node:http';

const body = JSON.stringify({
  id: '0192f0c4-7a2b-7c3e-9d4f-1a2b3c4d5e6f', status: 'approved', kyc_token: 'S-BNTwVDLrlRvHbKVhRa8X',
  first_name: 'John', last_name: 'Doe', phone_number: '18042562188', email_address: 'johndoe@finos.com',
  birth_date: '1985-01-23', ssn_last4: '6789', address_line_1: '123 Test St', address_line_2: null,
  address_city: 'Richmond', address_state: 'VA', address_postal_code: '23220', address_country_code: 'US',
  created_at: '2026-11-05T14:48:59Z', updated_at: '2026-11-05T14:48:59Z',
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`listening ${addr.port}`);
});
