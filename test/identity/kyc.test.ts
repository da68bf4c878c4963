// KYC over HTTP: the sandbox's magic SSNs end to end (questions, documents, review), standalone
// and attached checks, document validation and sealing, state conflicts, tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { approvedUser, createUser, expectError, person, rightAnswers } from './support.ts';

const pdf = Buffer.from('%PDF-1.4\n% a tiny test document\n%%EOF\n');
const doc = (overrides: Record<string, unknown> = {}) => ({
  name: 'john_doe_driver_license', extension: 'pdf', type: 'license', notes: 'Uploaded from email customer sent',
  data: pdf.toString('base64'), ...overrides,
});

describe.each(engines())('KYC on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  const getUser = async (id: string) => (await app.request('GET', `/v1/users/${id}`)).body;

  describe('SSN ending 0002: out-of-wallet questions', () => {
    it('asks five questions in the API reference\'s required/prompts shape, the same for the same person', async () => {
      const p = person('0002');
      const u = await createUser(app, p);
      expect(u.status).toBe('action_required');
      const k = await app.request('GET', `/v1/kyc/${u.kyc_token}`);
      expect(k.status).toBe(200);
      expect(k.body).toMatchObject({ status_code: 200, token: u.kyc_token, status: 'action_required', user_id: u.id, optional: [] });
      expect(k.body.required[0]).toMatchObject({ key: 'answers', type: 'object' });
      expect(k.body.required[0].template.answers).toEqual([1, 2, 3, 4, 5].map((id) => ({ question_id: id, answer_id: 0 })));
      const questions = k.body.prompts.answers.questions;
      expect(questions).toHaveLength(5);
      for (const q of questions) expect(q.answers.length).toBeGreaterThanOrEqual(4);
      const again = await app.request('POST', '/v1/kyc', { body: { ...p } });
      expect(again.body.prompts.answers.questions).toEqual(questions);
    });

    it('approves all-right answers, and the user with the check', async () => {
      const u = await createUser(app, person('0002'));
      const k = (await app.request('GET', `/v1/kyc/${u.kyc_token}`)).body;
      const r = await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: rightAnswers(k) } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'approved', status_code: 200, data: { result: 'success', outcome: 'Approved' } });
      expect(r.body).not.toHaveProperty('prompts');
      expect((await getUser(u.id)).status).toBe('approved');
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: rightAnswers(k) } }), 409);
    });

    it('wrong answer → documentation_required → upload → in_review → sandbox review → approved', async () => {
      const u = await createUser(app, person('0002'));
      const token = u.kyc_token;
      const k = (await app.request('GET', `/v1/kyc/${token}`)).body;
      const answers = rightAnswers(k).map((a, i) => (i === 3 ? { ...a, answer_id: a.answer_id + 1 } : a));
      const graded = await app.request('PATCH', `/v1/kyc/${token}`, { body: { answers, name_first: 'Charles', name_last: 'Hearn' } });
      expect(graded.status).toBe(200);
      expect(graded.body.status).toBe('documentation_required');
      expect(graded.body.required[0]).toMatchObject({ key: 'documents', type: 'array' });
      expect((await getUser(u.id)).status).toBe('documentation_required');

      const up = await app.request('POST', `/v1/kyc/${token}/documents`, { body: doc() });
      expect(up.status, up.text).toBe(201);
      expect(up.body).toMatchObject({ name: 'john_doe_driver_license', extension: 'pdf', type: 'license', uploaded: true });
      expect(up.body.document_token).toMatch(/^D-[A-Za-z0-9]{20}$/);
      expect(up.body.notes).toEqual([{ notes: 'Uploaded from email customer sent', created_at: expect.any(Number), updated_at: expect.any(Number) }]);
      expect((await app.request('GET', `/v1/kyc/${token}`)).body.status).toBe('in_review');
      expect((await getUser(u.id)).status).toBe('in_review');

      // A second document is welcome while the review is open.
      expect((await app.request('POST', `/v1/kyc/${token}/documents`, { body: doc({ type: 'utility', notes: undefined, extension: undefined }) })).status).toBe(201);

      const reviewed = await app.request('POST', `/v1/sandbox/kyc/${token}/review`, { body: { outcome: 'approved' } });
      expect(reviewed.status).toBe(200);
      expect(reviewed.body).toMatchObject({ token, status: 'approved', user_id: u.id });
      expect((await getUser(u.id)).status).toBe('approved');
      expectError(await app.request('POST', `/v1/sandbox/kyc/${token}/review`, { body: { outcome: 'rejected' } }), 409);
      expectError(await app.request('POST', `/v1/kyc/${token}/documents`, { body: doc() }), 409);
    });

    it('validates answer sheets, naming answers', async () => {
      const u = await createUser(app, person('0002'));
      const k = (await app.request('GET', `/v1/kyc/${u.kyc_token}`)).body;
      const right = rightAnswers(k);
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: right.slice(1) } }), 400, 'answers');
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: [...right.slice(1), right[1]] } }), 400, 'answers');
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: [...right.slice(1), { question_id: 9, answer_id: 1 }] } }), 400, 'answers');
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: right.map((a) => ({ ...a, answer_id: 99 })) } }), 400, 'answers');
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: {} }), 400, 'answers');
      // Nothing was graded.
      expect((await app.request('GET', `/v1/kyc/${u.kyc_token}`)).body.status).toBe('action_required');
    });
  });

  describe('other magic SSNs', () => {
    it('0003 wants documents; a review can reject', async () => {
      const u = await createUser(app, person('0003'));
      expect(u.status).toBe('documentation_required');
      expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: [{ question_id: 1, answer_id: 1 }] } }), 409);
      const reviewed = await app.request('POST', `/v1/sandbox/kyc/${u.kyc_token}/review`, { body: { outcome: 'rejected' } });
      expect(reviewed.body.status).toBe('rejected');
      expect((await getUser(u.id)).status).toBe('rejected');
    });

    it('0004 is rejected at once; anything else is approved with the API reference\'s data', async () => {
      const r = await app.request('POST', '/v1/kyc', { body: person('0004') });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status_code: 201, status: 'rejected', user_id: null, data: { result: 'failure', outcome: 'Rejected' } });
      const ok = await app.request('POST', '/v1/kyc', { body: person('1234') });
      expect(ok.body).toMatchObject({
        status: 'approved',
        data: { result: 'success', score: 0.99, tags: ['Address Match', 'Phone Match'], outcome: 'Approved' },
      });
      expect(ok.body.token).toMatch(/^S-[A-Za-z0-9]{20}$/);
    });
  });

  describe('POST /v1/kyc', () => {
    it('attaches to a pending user, whose status and kyc_token follow the check', async () => {
      const u = await createUser(app, { first_name: 'Pat', last_name: 'Kim', email_address: 'pat@example.com', birth_date: '1975-07-04' });
      const r = await app.request('POST', '/v1/kyc', { body: { ...person('0003'), user_id: u.id } });
      expect(r.status).toBe(201);
      expect(r.body.user_id).toBe(u.id);
      const after = await getUser(u.id);
      expect(after).toMatchObject({ status: 'documentation_required', kyc_token: r.body.token });
      // In progress now: another check is refused, as it is for an approved user.
      expectError(await app.request('POST', '/v1/kyc', { body: { ...person(), user_id: u.id } }), 409, 'user_id');
      const approved = await approvedUser(app);
      expectError(await app.request('POST', '/v1/kyc', { body: { ...person(), user_id: approved.id } }), 409, 'user_id');
      expectError(await app.request('POST', '/v1/kyc', { body: { ...person(), user_id: '01a1fcaa-0000-7000-8000-000000000000' } }), 404, 'user_id');
    });

    it('validates the person like a user, accepting date_of_birth', async () => {
      const { birth_date: _, ...p } = person();
      expect((await app.request('POST', '/v1/kyc', { body: { ...p, date_of_birth: '1985-01-23' } })).status).toBe(201);
      expectError(await app.request('POST', '/v1/kyc', { body: p }), 400);
      expectError(await app.request('POST', '/v1/kyc', { body: person('6789', { birth_date: '2015-01-01' }) }), 400, 'birth_date');
      expectError(await app.request('POST', '/v1/kyc', { body: person('6789', { ssn_number: '000000000' }) }), 400, 'ssn_number');
      const { address_city: _c, ...noCity } = person();
      expectError(await app.request('POST', '/v1/kyc', { body: noCity }), 400, 'address_city');
    });

    it('404s unknown tokens and refuses malformed ones', async () => {
      expectError(await app.request('GET', '/v1/kyc/S-AAAAAAAAAAAAAAAAAAAA'), 404);
      expectError(await app.request('GET', '/v1/kyc/not-a-token'), 400);
      expectError(await app.request('POST', '/v1/sandbox/kyc/S-AAAAAAAAAAAAAAAAAAAA/review', { body: { outcome: 'approved' } }), 404);
    });
  });

  describe('documents', () => {
    it('refuses invalid base64, unknown types and files over 10 MB, naming the field', async () => {
      const u = await createUser(app, person('0003'));
      const url = `/v1/kyc/${u.kyc_token}/documents`;
      expectError(await app.request('POST', url, { body: doc({ data: 'abc' }) }), 400, 'data');
      expectError(await app.request('POST', url, { body: doc({ data: 'ab!d' }) }), 400, 'data');
      expectError(await app.request('POST', url, { body: doc({ data: 'QQ=B' }) }), 400, 'data');
      expectError(await app.request('POST', url, { body: doc({ data: 'QR==' }) }), 400, 'data');
      expectError(await app.request('POST', url, { body: doc({ type: 'selfie' }) }), 400, 'type');
      expectError(await app.request('POST', url, { body: doc({ data: undefined }) }), 400, 'data');
      const big = Buffer.alloc(10 * 1024 * 1024 + 1, 7).toString('base64');
      expectError(await app.request('POST', url, { body: doc({ data: big }) }), 413, 'data');
      expect((await app.request('GET', `/v1/kyc/${u.kyc_token}`)).body.status).toBe('documentation_required');
    });

    it('accepts "ssn card" and stores the file sealed', async () => {
      const u = await createUser(app, person('0003'));
      const secret = Buffer.from('CLEAR-TEXT-DOCUMENT-' + u.id);
      const r = await app.request('POST', `/v1/kyc/${u.kyc_token}/documents`, { body: doc({ type: 'ssn card', data: secret.toString('base64') }) });
      expect(r.status).toBe(201);
      const { rows } = await app.db.query<{ data_encrypted: Buffer | Uint8Array; size_bytes: number; type: string }>(
        'SELECT data_encrypted, size_bytes, type FROM kyc_documents WHERE tenant_id = $1 AND token = $2', [app.keys.tenantId, r.body.document_token]);
      const stored = Buffer.from(rows[0]!.data_encrypted);
      expect(rows[0]!.size_bytes).toBe(secret.length);
      expect(rows[0]!.type).toBe('ssn card');
      expect(stored.includes(secret)).toBe(false);
      expect(stored.length).toBeGreaterThan(secret.length);
    });

    it('refuses documents while questions are open (409)', async () => {
      const u = await createUser(app, person('0002'));
      expectError(await app.request('POST', `/v1/kyc/${u.kyc_token}/documents`, { body: doc() }), 409);
    });
  });

  it('keeps tenants apart: another tenant\'s checks are 404', async () => {
    const u = await createUser(app, person('0002'));
    const other = await app.createTenant('kyc-other');
    expectError(await app.request('GET', `/v1/kyc/${u.kyc_token}`, { key: other.secret }), 404);
    expectError(await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { key: other.secret, body: { answers: [{ question_id: 1, answer_id: 1 }] } }), 404);
    expectError(await app.request('POST', `/v1/kyc/${u.kyc_token}/documents`, { key: other.secret, body: doc() }), 404);
    expectError(await app.request('POST', `/v1/sandbox/kyc/${u.kyc_token}/review`, { key: other.secret, body: { outcome: 'approved' } }), 404);
    expectError(await app.request('POST', '/v1/kyc', { key: other.secret, body: { ...person(), user_id: u.id } }), 404, 'user_id');
    expect((await app.request('GET', `/v1/kyc/${u.kyc_token}`)).body.status).toBe('action_required');
  });

  it('replays an idempotent answer sheet without grading twice', async () => {
    const u = await createUser(app, person('0002'));
    const k = (await app.request('GET', `/v1/kyc/${u.kyc_token}`)).body;
    const headers = { 'Idempotency-Key': `answers-${u.id}` };
    const first = await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: rightAnswers(k) }, headers });
    const again = await app.request('PATCH', `/v1/kyc/${u.kyc_token}`, { body: { answers: rightAnswers(k) }, headers });
    expect(again.status).toBe(200);
    expect(again.header('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});

describe('sandbox KYC review in production', () => {
  it('does not exist (404)', async () => {
    const app = await startTestApp({ engine: 'pglite', env: { FINOS_ENV: 'production', FINOS_TRUST_PROXY: 'true' } });
    try {
      const r = await app.request('POST', '/v1/sandbox/kyc/S-AAAAAAAAAAAAAAAAAAAA/review', {
        body: { outcome: 'approved' }, headers: { 'X-Forwarded-Proto': 'https' },
      });
      expectError(r, 404);
    } finally {
      await app.close();
    }
  });
});
