// Users over HTTP: create (with and without KYC), the date_of_birth alias, validation, update
// and its KYC re-runs, list and search, SSN sealing at rest, tenant isolation, idempotent create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { approvedUser, createUser, expectError, person } from './support.ts';

/** Percent-encodes parentheses too, which encodeURIComponent leaves alone. */
const encodeQuery = (q: string) => encodeURIComponent(q).replace(/[()]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());

describe.each(engines())('users on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  describe('create', () => {
    it('runs KYC at once with a complete identity and returns the full user', async () => {
      const p = person('6789');
      const u = await createUser(app, p);
      expect(u).toMatchObject({
        status: 'approved',
        first_name: p.first_name,
        last_name: p.last_name,
        email_address: p.email_address,
        birth_date: '1985-01-23',
        ssn_last4: '6789',
        address_line_2: null,
      });
      expect(u.kyc_token).toMatch(/^S-[A-Za-z0-9]{20}$/);
      expect(JSON.stringify(u)).not.toContain(p.ssn_number);
      expect(u).not.toHaveProperty('ssn_number');
    });

    it('stays pending without an SSN or address', async () => {
      const u = await createUser(app, { first_name: 'Mary', last_name: 'Doe', email_address: 'mary@example.com', birth_date: '1985-04-21' });
      expect(u).toMatchObject({ status: 'pending', kyc_token: null, ssn_last4: null, address_line_1: null, phone_number: null });
    });

    it('accepts date_of_birth as an alias of birth_date', async () => {
      const { birth_date: _, ...p } = person();
      const u = await createUser(app, { ...p, date_of_birth: '1970-12-31' });
      expect(u.birth_date).toBe('1970-12-31');
      const same = await createUser(app, { ...person(), birth_date: '1970-12-31', date_of_birth: '1970-12-31' });
      expect(same.birth_date).toBe('1970-12-31');
      const r = await app.request('POST', '/v1/users', { body: { ...person(), date_of_birth: '1970-12-30' } });
      expectError(r, 400, 'date_of_birth');
    });

    it('refuses minors, future, pre-1900 and impossible birth dates, naming birth_date', async () => {
      const today = new Date();
      const minor = `${today.getUTCFullYear() - 17}-01-01`;
      for (const birth_date of [minor, '2999-01-01', '1899-12-31', '1985-02-30']) {
        expectError(await app.request('POST', '/v1/users', { body: person('6789', { birth_date }) }), 400, 'birth_date');
      }
    });

    it('refuses bad SSNs, naming ssn_number', async () => {
      for (const ssn_number of ['12345678', '1234567890', '123-45-678', '000000000']) {
        expectError(await app.request('POST', '/v1/users', { body: person('6789', { ssn_number }) }), 400, 'ssn_number');
      }
    });

    it('accepts the API reference\'s example SSNs', async () => {
      expect((await createUser(app, person('6789', { ssn_number: '123456789' }))).status).toBe('approved');
      expect((await createUser(app, person('6789', { ssn_number: '666456789' }))).status).toBe('approved');
    });

    it('names missing and malformed fields', async () => {
      const { first_name: _, ...noName } = person();
      expectError(await app.request('POST', '/v1/users', { body: noName }), 400, 'first_name');
      expectError(await app.request('POST', '/v1/users', { body: person('6789', { email_address: 'nope' }) }), 400, 'email_address');
      expectError(await app.request('POST', '/v1/users', { body: person('6789', { address_state: 'Virginia' }) }), 400, 'address_state');
      expectError(await app.request('POST', '/v1/users', { body: person('6789', { favourite_color: 'blue' }) }), 400);
    });

    it('replays an idempotent create and refuses the key with another body', async () => {
      const p = person();
      const headers = { 'Idempotency-Key': `user-${p.email_address}` };
      const first = await app.request('POST', '/v1/users', { body: p, headers });
      const again = await app.request('POST', '/v1/users', { body: p, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.header('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const count = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND email_address = $2', [app.keys.tenantId, p.email_address]);
      expect(count.rows[0]!.n).toBe(1);
      expectError(await app.request('POST', '/v1/users', { body: { ...p, first_name: 'Jim' }, headers }), 409);
    });
  });

  describe('retrieve and update', () => {
    it('retrieves a user and 404s an unknown id', async () => {
      const u = await approvedUser(app);
      const r = await app.request('GET', `/v1/users/${u.id}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(u);
      expectError(await app.request('GET', '/v1/users/01a1fcaa-0000-7000-8000-000000000000'), 404);
      expectError(await app.request('GET', '/v1/users/not-a-uuid'), 400, 'user_id');
    });

    it('changes contact details at any time', async () => {
      const u = await approvedUser(app);
      const r = await app.request('PUT', `/v1/users/${u.id}`, { body: { phone_number: '16742562188', email_address: 'new@example.com' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ phone_number: '16742562188', email_address: 'new@example.com', status: 'approved', kyc_token: u.kyc_token });
    });

    it('runs KYC when a pending user\'s identity is completed', async () => {
      const u = await createUser(app, { first_name: 'Ann', last_name: 'Lee', email_address: 'ann@example.com', birth_date: '1990-05-05' });
      const part = await app.request('PUT', `/v1/users/${u.id}`, { body: { address_line_1: '1 Main St', address_city: 'Richmond' } });
      expect(part.body).toMatchObject({ status: 'pending', kyc_token: null });
      const { address_line_1: _a, address_city: _c, first_name: _f, last_name: _l, email_address: _e, birth_date: _b, phone_number: _p, ...rest } = person('0003');
      const done = await app.request('PUT', `/v1/users/${u.id}`, { body: rest });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('documentation_required');
      expect(done.body.kyc_token).toMatch(/^S-/);
    });

    it('re-runs KYC when an unapproved user\'s identity changes', async () => {
      const u = await createUser(app, person('0004'));
      expect(u.status).toBe('rejected');
      const r = await app.request('PUT', `/v1/users/${u.id}`, { body: { ssn_number: '123456789' } });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('approved');
      expect(r.body.ssn_last4).toBe('6789');
      expect(r.body.kyc_token).not.toBe(u.kyc_token);
      // The superseded check no longer moves the user.
      const old = await app.request('GET', `/v1/kyc/${u.kyc_token}`);
      expect(old.body.status).toBe('rejected');
    });

    it('re-runs KYC on a birth date or address change of a user awaiting documents', async () => {
      const u = await createUser(app, person('0003'));
      const r = await app.request('PUT', `/v1/users/${u.id}`, { body: { birth_date: '1980-01-01' } });
      expect(r.body).toMatchObject({ status: 'documentation_required', birth_date: '1980-01-01' });
      expect(r.body.kyc_token).not.toBe(u.kyc_token);
      const moved = await app.request('PUT', `/v1/users/${u.id}`, { body: { address_city: 'Norfolk' } });
      expect(moved.body.kyc_token).not.toBe(r.body.kyc_token);
    });

    it('locks the identity of an approved user (409) and validates updates', async () => {
      const u = await approvedUser(app);
      expectError(await app.request('PUT', `/v1/users/${u.id}`, { body: { ssn_number: '987654321' } }), 409, 'ssn_number');
      expectError(await app.request('PUT', `/v1/users/${u.id}`, { body: { address_line_1: '9 Elm St' } }), 409, 'address_line_1');
      expectError(await app.request('PUT', `/v1/users/${u.id}`, { body: { birth_date: '2020-01-01' } }), 400, 'birth_date');
      expectError(await app.request('PUT', `/v1/users/${u.id}`, { body: {} }), 400);
      // Sending the values already on file is not a change.
      const same = await app.request('PUT', `/v1/users/${u.id}`, { body: { birth_date: u.birth_date, address_city: u.address_city } });
      expect(same.status).toBe(200);
      expect(same.body.kyc_token).toBe(u.kyc_token);
    });
  });

  describe('list and search', () => {
    it('pages through users newest first', async () => {
      const t = await app.createTenant('pager');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await createUser(app, person(), t.secret)).id);
      const page1 = await app.request('GET', '/v1/users?limit=2', { key: t.secret });
      expect(page1.status).toBe(200);
      expect(page1.body.data.map((u: { id: string }) => u.id)).toEqual([ids[2], ids[1]]);
      expect(page1.body.pagination).toMatchObject({ limit: 2, order: 'desc' });
      expect(page1.body.pagination.next_page).toContain(`starting_after=${ids[1]}`);
      const page2 = await app.request('GET', `/v1/users?limit=2&starting_after=${ids[1]}`, { key: t.secret });
      expect(page2.body.data.map((u: { id: string }) => u.id)).toEqual([ids[0]]);
      expect(page2.body.pagination.next_page).toBeNull();
      const asc = await app.request('GET', '/v1/users?order=asc', { key: t.secret });
      expect(asc.body.data.map((u: { id: string }) => u.id)).toEqual(ids);
      expectError(await app.request('GET', '/v1/users?limit=101', { key: t.secret }), 400, 'limit');
    });

    it('finds users by name, full name, email and phone, ignoring case', async () => {
      const t = await app.createTenant('search');
      const jane = await createUser(app, person('6789', { first_name: 'Janette', last_name: 'Quixote', email_address: 'JQ.Unique@Example.com', phone_number: '18045550199' }), t.secret);
      await createUser(app, person('6789', { first_name: 'Bob', last_name: 'Smith', email_address: 'bob@example.com', phone_number: '18045550100' }), t.secret);
      const find = async (q: string) => {
        const r = await app.request('GET', `/v1/users/search?query=${encodeQuery(q)}`, { key: t.secret });
        expect(r.status, r.text).toBe(200);
        return r.body.data.map((u: { id: string }) => u.id);
      };
      expect(await find('JANETTE')).toEqual([jane.id]);
      expect(await find('quix')).toEqual([jane.id]);
      expect(await find('janette quixote')).toEqual([jane.id]);
      expect(await find('jq.unique@')).toEqual([jane.id]);
      expect(await find('5550199')).toEqual([jane.id]);
      expect(await find('555-0199')).toEqual([jane.id]);
      expect(await find('%')).toEqual([]);
      expect(await find('_')).toEqual([]);
      expect(await find('nobody-here')).toEqual([]);
      expect((await find('example.com')).length).toBe(2);
      expect(await find('(804) 555-0199')).toEqual([jane.id]);
      expect(await find('+1 804 555 0199')).toEqual([jane.id]);
    });

    it('matches phone digits only for a phone-like query, not for a word with digits in it', async () => {
      const t = await app.createTenant('search-digits');
      const page = await createUser(app, person('6789', { first_name: 'Page1', last_name: 'Turner', email_address: 'pt@example.com', phone_number: '18045550123' }), t.secret);
      await createUser(app, person('6789', { first_name: 'Ann', last_name: 'Lee', email_address: 'ann@example.com', phone_number: '12025550111' }), t.secret);
      await createUser(app, person('6789', { first_name: 'Ben', last_name: 'Ray', email_address: 'ben@example.com', phone_number: '13125550199' }), t.secret);
      const find = async (q: string) => {
        const r = await app.request('GET', `/v1/users/search?query=${encodeQuery(q)}`, { key: t.secret });
        expect(r.status, r.text).toBe(200);
        return r.body.data.map((u: { id: string }) => u.id);
      };
      expect(await find('page1')).toEqual([page.id]);
      expect(await find('x1')).toEqual([]);
      expect((await find('1')).length).toBe(3);
      expect(await find('555-0123')).toEqual([page.id]);
      const r = await app.request('GET', '/v1/users/search?query=quix', { key: t.secret });
      expect(r.body.pagination.query).toBe('quix');
      expectError(await app.request('GET', '/v1/users/search', { key: t.secret }), 400, 'query');
    });
  });

  it('stores the SSN sealed: no clear SSN anywhere in the database', async () => {
    const p = person('6789');
    const u = await createUser(app, p);
    const { rows } = await app.db.query<{ ssn_encrypted: string; ssn_last4: string }>(
      'SELECT ssn_encrypted, ssn_last4 FROM users WHERE tenant_id = $1 AND id = $2', [app.keys.tenantId, u.id]);
    expect(rows[0]!.ssn_last4).toBe('6789');
    expect(rows[0]!.ssn_encrypted).toMatch(/^v1\./);
    expect(rows[0]!.ssn_encrypted).not.toContain(p.ssn_number);
    for (const table of ['users', 'kyc_checks', 'events']) {
      const dump = await app.db.query<{ t: string }>(`SELECT row_to_json(x)::text AS t FROM ${table} x`);
      expect(dump.rows.some((r) => r.t.includes(p.ssn_number)), table).toBe(false);
    }
  });

  it('keeps tenants apart: another tenant\'s user is 404 and absent from lists', async () => {
    const u = await approvedUser(app);
    const other = await app.createTenant('other');
    expectError(await app.request('GET', `/v1/users/${u.id}`, { key: other.secret }), 404);
    expectError(await app.request('PUT', `/v1/users/${u.id}`, { key: other.secret, body: { phone_number: '18040000000' } }), 404);
    const list = await app.request('GET', '/v1/users', { key: other.secret });
    expect(list.body.data.some((x: { id: string }) => x.id === u.id)).toBe(false);
    const search = await app.request('GET', `/v1/users/search?query=${u.last_name}`, { key: other.secret });
    expect(search.body.data).toEqual([]);
  });
});
