// KYC use-cases: run a check for a user, a joint member or a standalone person; answer its
// questions; take documents; let the sandbox reviewer decide. The check's status drives its subject's.
import { randomBytes } from 'node:crypto';
import type { components } from '../../generated/schema.d.ts';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { documentToken } from '../domain/identity.ts';
import {
  answersProblem, canAnswer, canReview, canUploadDocument, IN_REVIEW, reviewDecision, type GivenAnswer, type KycDecision,
  type KycPerson,
} from '../domain/kyc.ts';
import { ApiError, badRequest, conflict, notFound, tooLarge } from '../errors.ts';
import {
  birthDateOf, checkIdentity, emitKyc, kycProvider, kycResultJson, runCheck, type KycCheckRow,
} from './identity-check.ts';
import { moveSubject } from './kyc-subject.ts';
import { followCheck, loadUserRow, type UserRow } from './users.ts';

type KycResult = components['schemas']['KycResult'];
type KycDocument = components['schemas']['KycDocument'];
type KycCreateRequest = components['schemas']['KycCreateRequest'];
type KycUpdateRequest = components['schemas']['KycUpdateRequest'];
type KycDocumentUploadRequest = components['schemas']['KycDocumentUploadRequest'];

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** POST /v1/kyc: a standalone check, or one attached to a user who is not approved or mid-check. */
export async function createKyc(tx: Queryable, c: Context, body: KycCreateRequest): Promise<KycResult> {
  const birthDate = birthDateOf(body);
  if (birthDate === undefined) throw badRequest('birth_date: is required', 'birth_date');
  checkIdentity(c.clock, body.ssn_number, birthDate);
  const person: KycPerson = { ...body, birth_date: birthDate };

  let user: UserRow | null = null;
  if (body.user_id !== undefined) {
    // An unknown (or another tenant's) user is a 404 naming the field, like every id in a body.
    user = await loadUserRow(tx, c.tenantId, body.user_id, { forUpdate: true }).catch((err: unknown) => {
      throw err instanceof ApiError && err.kind === 'not_found' ? new ApiError('not_found', `user_id: no such user ${body.user_id}`, 'user_id') : err;
    });
    if (user.status === 'approved') throw conflict(`user_id: user ${user.id} is already approved`, 'user_id');
    if (user.status !== 'pending' && user.status !== 'rejected') {
      throw conflict(`user_id: user ${user.id} has a KYC check in progress (${user.kyc_token})`, 'user_id');
    }
  }
  const check = await runCheck(tx, c, { person, subject: user ? 'user' : 'person', userId: user?.id ?? null });
  if (user) await followCheck(tx, c, user, check);
  return kycResultJson(check, 201);
}

export async function loadCheck(tx: Queryable, tenantId: string, token: string, forUpdate = false): Promise<KycCheckRow> {
  const { rows } = await tx.query<KycCheckRow>(
    `SELECT * FROM kyc_checks WHERE tenant_id = $1 AND token = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, token],
  );
  if (!rows[0]) throw notFound('KYC check', token);
  return rows[0];
}

export async function retrieveKyc(tx: Queryable, c: Context, token: string): Promise<KycResult> {
  return kycResultJson(await loadCheck(tx, c.tenantId, token), 200);
}

/** PATCH /v1/kyc/{token}: grades the out-of-wallet answers of a check in action_required. */
export async function answerKyc(tx: Queryable, c: Context, token: string, body: KycUpdateRequest): Promise<KycResult> {
  const check = await loadCheck(tx, c.tenantId, token, true);
  if (!canAnswer(check.status) || !check.questions) {
    throw conflict(`KYC check ${token} is ${check.status}, not waiting for answers`);
  }
  const answers: GivenAnswer[] = body.answers;
  const problem = answersProblem(check.questions, answers);
  if (problem) throw badRequest(problem, 'answers');
  const decision = await kycProvider.grade(check.questions, answers);
  const renamed = {
    first_name: body.name_first ?? check.first_name,
    last_name: body.name_last ?? check.last_name,
  };
  return kycResultJson(await decide(tx, c, check, decision, renamed), 200);
}

/** POST /v1/sandbox/kyc/{token}/review: the reviewer's verdict on a check that is not final. */
export async function reviewKyc(tx: Queryable, c: Context, token: string, outcome: 'approved' | 'rejected'): Promise<KycResult> {
  const check = await loadCheck(tx, c.tenantId, token, true);
  if (!canReview(check.status)) throw conflict(`KYC check ${token} is already ${check.status}`);
  return kycResultJson(await decide(tx, c, check, reviewDecision(outcome)), 200);
}

/** Applies a decision to a locked check, then to its subject (user or joint account). */
async function decide(
  tx: Queryable,
  c: Context,
  check: KycCheckRow,
  decision: KycDecision,
  names?: { first_name: string; last_name: string },
): Promise<KycCheckRow> {
  const { rows } = await tx.query<KycCheckRow>(
    `UPDATE kyc_checks SET status = $3, result = $4, attempts = attempts + $5, first_name = $6, last_name = $7, updated_at = $8
      WHERE tenant_id = $1 AND token = $2 RETURNING *`,
    [
      c.tenantId, check.token, decision.status, JSON.stringify(decision.data), names ? 1 : 0,
      names?.first_name ?? check.first_name, names?.last_name ?? check.last_name, c.clock.now(),
    ],
  );
  const updated = rows[0]!;
  if (updated.status !== check.status) await emitKyc(tx, c, updated, check.status);
  await moveSubject(tx, c, updated);
  return updated;
}

/** POST /v1/kyc/{token}/documents: stores the file sealed; the check goes to in_review. */
export async function uploadDocument(
  tx: Queryable,
  c: Context,
  token: string,
  body: KycDocumentUploadRequest,
): Promise<KycDocument> {
  const bytes = decodeDocument(body.data);
  const check = await loadCheck(tx, c.tenantId, token, true);
  if (!canUploadDocument(check.status)) {
    throw conflict(`KYC check ${token} is ${check.status}; documents are taken only when documentation_required or in_review`);
  }
  const now = c.clock.now();
  const notes = body.notes ? [{ notes: body.notes, created_at: now.getTime(), updated_at: now.getTime() }] : [];
  const doc = documentToken(randomBytes);
  await tx.query(
    `INSERT INTO kyc_documents (tenant_id, token, kyc_token, name, extension, type, notes, size_bytes, data_encrypted, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [c.tenantId, doc, token, body.name, body.extension ?? null, body.type, JSON.stringify(notes), bytes.length,
      c.secrets.encryptBytes(bytes), now],
  );
  if (check.status !== 'in_review') await decide(tx, c, check, IN_REVIEW);
  return { document_token: doc, name: body.name, extension: body.extension ?? null, type: body.type, uploaded: true, notes };
}

/** Strict base64 (standard alphabet, padded); at most MAX_DOCUMENT_BYTES once decoded. */
export function decodeDocument(data: string): Buffer {
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
    throw badRequest('data: is not valid base64 (standard alphabet, padded to a multiple of 4)', 'data');
  }
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const size = (data.length / 4) * 3 - padding;
  if (size > MAX_DOCUMENT_BYTES) {
    throw tooLarge(`data: the decoded file is ${size} bytes; the limit is ${MAX_DOCUMENT_BYTES}`, 'data');
  }
  const bytes = Buffer.from(data, 'base64');
  // Non-canonical trailing bits decode silently; re-encoding catches them.
  if (bytes.toString('base64') !== data) throw badRequest('data: is not valid base64', 'data');
  if (bytes.length === 0) throw badRequest('data: the file is empty', 'data');
  return bytes;
}
