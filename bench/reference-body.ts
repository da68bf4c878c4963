// What the reference servers (bench/bare-server.ts, bench/express-server.ts) answer: a JSON
// body of about the size of a Finos user.
export const body = JSON.stringify({
  id: '0192f0c4-7a2b-7c3e-9d4f-1a2b3c4d5e6f', status: 'approved', kyc_token: 'S-BNTwVDLrlRvHbKVhRa8X',
  first_name: 'John', last_name: 'Doe', phone_number: '18042562188', email_address: 'johndoe@finos.com',
  birth_date: '1985-01-23', ssn_last4: '6789', address_line_1: '123 Test St', address_line_2: null,
  address_city: 'Richmond', address_state: 'VA', address_postal_code: '23220', address_country_code: 'US',
  created_at: '2026-11-05T14:48:59Z', updated_at: '2026-11-05T14:48:59Z',
});
