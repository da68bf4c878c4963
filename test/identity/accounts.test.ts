// Brokerage accounts over HTTP: approved users only (402), the investor profile rules, joint
// members and their KYC driving the account's status, updates, masking, tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { approvedUser, cashAccount, createUser, expectError, investorProfile, person, rightAnswers } from './support.ts';

describe.each(engines())('accounts on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  const open = (userId: string, body: Record<string, unknown>, key?: string) =>
    app.request('POST', `/v1/users/${userId}/accounts`, { body, ...(key ? { key } : {}) });

  it('opens an individual cash account, active at once, with owner and zero balances', async () => {
    const u = await approvedUser(app);
    const r = await open(u.id, cashAccount);
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      user_id: u.id, status: 'active', ownership: 'individual', account_type: 'cash', martial_status: 'single',
      employment_status: 'Employed / Self-Employed', annual_income: null, is_director: null, joint_member: null,
      owner: { id: u.id, first_name: u.first_name, last_name: u.last_name, email_address: u.email_address },
      available_cash: '0.00', portfolio_market_value: '0.00',
      settings: { managed: false, portfolio_id: null, min_cash_percent: '1.0', max_cash_percent: '5.0' },
    });
    expect(r.body.account_number).toMatch(/^FOBN[0-9]{5,}$/);
    const got = await app.request('GET', `/v1/accounts/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
  });

  it('gives every account its own number', async () => {
    const u = await approvedUser(app);
    const numbers = new Set<string>();
    for (let i = 0; i < 5; i++) numbers.add((await open(u.id, cashAccount)).body.account_number);
    expect(numbers.size).toBe(5);
  });

  it('refuses users who are not approved with 402', async () => {
    for (const last4 of ['0002', '0003', '0004']) {
      const u = await createUser(app, person(last4));
      expectError(await open(u.id, cashAccount), 402);
    }
    const pending = await createUser(app, { first_name: 'No', last_name: 'Kyc', email_address: 'nokyc@example.com', birth_date: '1980-01-01' });
    expectError(await open(pending.id, cashAccount), 402);
    expectError(await open('01a1fcaa-0000-7000-8000-000000000000', cashAccount), 404);
  });

  it('requires the full investor profile for investment accounts, naming the missing field', async () => {
    const u = await approvedUser(app);
    const { risk_tolerance: _, ...partial } = investorProfile;
    expectError(await open(u.id, { ...cashAccount, account_type: 'investment', ...partial }), 400, 'risk_tolerance');
    expectError(await open(u.id, { ...cashAccount, account_type: 'investment' }), 400);
    const ok = await open(u.id, { ...cashAccount, account_type: 'investment', ...investorProfile });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ account_type: 'investment', ...investorProfile, director_of: null });
    expectError(await open(u.id, { ...cashAccount, ...investorProfile, is_director: true }), 400, 'director_of');
    const director = await open(u.id, { ...cashAccount, ...investorProfile, is_director: true, director_of: 'Acme Corp (ACME)' });
    expect(director.body).toMatchObject({ is_director: true, director_of: 'Acme Corp (ACME)' });
  });

  it('validates enums and shapes, naming the field', async () => {
    const u = await approvedUser(app);
    expectError(await open(u.id, { ...cashAccount, account_type: 'margin' }), 400, 'account_type');
    expectError(await open(u.id, { ...cashAccount, martial_status: 'complicated' }), 400, 'martial_status');
    expectError(await open(u.id, { ...cashAccount, country_of_citizenship: 'US' }), 400, 'country_of_citizenship');
    const { employer_name: _, ...noEmployer } = cashAccount;
    expectError(await open(u.id, noEmployer), 400, 'employer_name');
    expectError(await open(u.id, { ...cashAccount, ownership: 'joint' }), 400, 'joint_member');
    expectError(await open(u.id, { ...cashAccount, joint_member: person() }), 400, 'joint_member');
  });

  describe('joint accounts', () => {
    it('activate at once when the joint member passes KYC, showing the member masked', async () => {
      const u = await approvedUser(app);
      const member = person('6789', { first_name: 'Marry', ssn_number: '666456789' });
      const r = await open(u.id, { ...cashAccount, ownership: 'joint', martial_status: 'married', joint_member: member });
      expect(r.status, r.text).toBe(201);
      expect(r.body.status).toBe('active');
      expect(r.body.joint_member).toEqual({
        first_name: 'Marry', last_name: member.last_name, email_address: member.email_address, birth_date: member.birth_date,
        ssn_last4: '6789', kyc_token: expect.stringMatching(/^S-/), kyc_status: 'approved',
      });
      expect(r.text).not.toContain('666456789');
      const { rows } = await app.db.query<{ t: string }>('SELECT row_to_json(a)::text AS t FROM accounts a WHERE tenant_id = $1 AND id = $2', [app.keys.tenantId, r.body.id]);
      expect(rows[0]!.t).not.toContain('666456789');
      expect(rows[0]!.t).toContain('"joint_ssn_encrypted":"v1.');
    });

    it('stay pending through documents and review, then activate', async () => {
      const u = await approvedUser(app);
      const r = await open(u.id, { ...cashAccount, ownership: 'joint', joint_member: person('0003') });
      expect(r.body).toMatchObject({ status: 'pending', joint_member: { kyc_status: 'documentation_required' } });
      const token = r.body.joint_member.kyc_token;
      const check = await app.request('GET', `/v1/kyc/${token}`);
      expect(check.body).toMatchObject({ status: 'documentation_required', user_id: null });
      const up = await app.request('POST', `/v1/kyc/${token}/documents`, { body: { name: 'passport', type: 'passport', data: Buffer.from('scan').toString('base64') } });
      expect(up.status).toBe(201);
      const waiting = await app.request('GET', `/v1/accounts/${r.body.id}`);
      expect(waiting.body).toMatchObject({ status: 'pending', joint_member: { kyc_status: 'in_review' } });
      await app.request('POST', `/v1/sandbox/kyc/${token}/review`, { body: { outcome: 'approved' } });
      const after = await app.request('GET', `/v1/accounts/${r.body.id}`);
      expect(after.body).toMatchObject({ status: 'active', joint_member: { kyc_status: 'approved' } });
      // The owner's own status is untouched by the member's check.
      expect((await app.request('GET', `/v1/users/${u.id}`)).body.status).toBe('approved');
    });

    it('activate when the joint member answers the questions right; a rejected member keeps it pending', async () => {
      const u = await approvedUser(app);
      const q = await open(u.id, { ...cashAccount, ownership: 'joint', joint_member: person('0002') });
      expect(q.body.joint_member.kyc_status).toBe('action_required');
      const k = (await app.request('GET', `/v1/kyc/${q.body.joint_member.kyc_token}`)).body;
      await app.request('PATCH', `/v1/kyc/${k.token}`, { body: { answers: rightAnswers(k) } });
      expect((await app.request('GET', `/v1/accounts/${q.body.id}`)).body.status).toBe('active');

      const d = await open(u.id, { ...cashAccount, ownership: 'joint', joint_member: person('0004') });
      expect(d.body).toMatchObject({ status: 'pending', joint_member: { kyc_status: 'rejected' } });
    });

    it('validate the joint member like a user, naming joint_member fields', async () => {
      const u = await approvedUser(app);
      expectError(await open(u.id, { ...cashAccount, ownership: 'joint', joint_member: person('6789', { birth_date: '2015-01-01' }) }), 400, 'joint_member.birth_date');
      expectError(await open(u.id, { ...cashAccount, ownership: 'joint', joint_member: person('6789', { ssn_number: '000000000' }) }), 400, 'joint_member.ssn_number');
      expectError(await open(u.id, { ...cashAccount, ownership: 'joint', joint_member: person('6789', { ssn_number: '12' }) }), 400, 'ssn_number');
    });
  });

  describe('update', () => {
    it('converts cash → investment with the profile, and back', async () => {
      const u = await approvedUser(app);
      const a = (await open(u.id, cashAccount)).body;
      const { net_total_worth: _, ...partial } = investorProfile;
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { account_type: 'investment', ...partial } }), 400, 'net_total_worth');
      const inv = await app.request('PUT', `/v1/accounts/${a.id}`, { body: { account_type: 'investment', ...investorProfile } });
      expect(inv.status).toBe(200);
      expect(inv.body).toMatchObject({ account_type: 'investment', ...investorProfile, account_number: a.account_number });
      const back = await app.request('PUT', `/v1/accounts/${a.id}`, { body: { account_type: 'cash', employer_name: 'Retired Co' } });
      expect(back.body).toMatchObject({ account_type: 'cash', employer_name: 'Retired Co', risk_tolerance: 'moderate' });
    });

    it('refuses investment → cash while managed (409)', async () => {
      const u = await approvedUser(app);
      const a = (await open(u.id, { ...cashAccount, account_type: 'investment', ...investorProfile })).body;
      await app.db.query('UPDATE accounts SET managed = true WHERE tenant_id = $1 AND id = $2', [app.keys.tenantId, a.id]);
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { account_type: 'cash' } }), 409, 'managed');
    });

    it('makes an individual account joint; it is pending until the member passes, and cannot go back', async () => {
      const u = await approvedUser(app);
      const a = (await open(u.id, cashAccount)).body;
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { ownership: 'joint' } }), 400, 'joint_member');
      const j = await app.request('PUT', `/v1/accounts/${a.id}`, { body: { ownership: 'joint', joint_member: person('0003') } });
      expect(j.status).toBe(200);
      expect(j.body).toMatchObject({ ownership: 'joint', status: 'pending', joint_member: { kyc_status: 'documentation_required' } });
      await app.request('POST', `/v1/sandbox/kyc/${j.body.joint_member.kyc_token}/review`, { body: { outcome: 'approved' } });
      expect((await app.request('GET', `/v1/accounts/${a.id}`)).body.status).toBe('active');
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { ownership: 'individual' } }), 409, 'ownership');
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { ownership: 'joint', joint_member: person() } }), 409, 'ownership');
    });

    it('validates updates and 404s unknown accounts', async () => {
      const u = await approvedUser(app);
      const a = (await open(u.id, cashAccount)).body;
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: {} }), 400);
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { is_director: true } }), 400, 'director_of');
      expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { body: { account_number: 'FOBN1' } }), 400);
      expectError(await app.request('PUT', '/v1/accounts/01a1fcaa-0000-7000-8000-000000000000', { body: { employer_name: 'X' } }), 404);
    });
  });

  it('lists a user\'s accounts, paginated', async () => {
    const u = await approvedUser(app);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await open(u.id, cashAccount)).body.id);
    const page = await app.request('GET', `/v1/users/${u.id}/accounts?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.data.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
    const rest = await app.request('GET', `/v1/users/${u.id}/accounts?limit=2&starting_after=${ids[1]}`);
    expect(rest.body.data.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
    expectError(await app.request('GET', '/v1/users/01a1fcaa-0000-7000-8000-000000000000/accounts'), 404);
  });

  it('keeps tenants apart', async () => {
    const u = await approvedUser(app);
    const a = (await open(u.id, cashAccount)).body;
    const other = await app.createTenant('acct-other');
    expectError(await app.request('GET', `/v1/accounts/${a.id}`, { key: other.secret }), 404);
    expectError(await app.request('PUT', `/v1/accounts/${a.id}`, { key: other.secret, body: { employer_name: 'X' } }), 404);
    expectError(await app.request('GET', `/v1/users/${u.id}/accounts`, { key: other.secret }), 404);
    expectError(await open(u.id, cashAccount, other.secret), 404);
  });

  it('replays an idempotent open', async () => {
    const u = await approvedUser(app);
    const headers = { 'Idempotency-Key': `open-${u.id}` };
    const first = await app.request('POST', `/v1/users/${u.id}/accounts`, { body: cashAccount, headers });
    const again = await app.request('POST', `/v1/users/${u.id}/accounts`, { body: cashAccount, headers });
    expect(again.header('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await app.request('GET', `/v1/users/${u.id}/accounts`)).body.data).toHaveLength(1);
  });
});
