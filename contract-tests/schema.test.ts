// The draft-07 conversion the Dredd hooks rely on: every documented response converts, Gavel
// (Dredd's validator) accepts the contract's own examples and really rejects a wrong body.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { responseSchema } = require('./schema.cjs') as { responseSchema: (doc: unknown, template: string, method: string, status: number | string) => object | null };
const gavel = require('gavel') as { validate(expected: object, real: object): { valid: boolean; fields: { body?: { errors: Array<{ message: string }> } } } };

type Spec = { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>; components: { examples: Record<string, { value: unknown }> } };
const spec = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'generated', 'openapi.json'), 'utf8')) as Spec;

function check(template: string, method: string, status: number, body: unknown) {
  const bodySchema = responseSchema(spec, template, method, status);
  expect(bodySchema).not.toBeNull();
  return gavel.validate({ statusCode: status, headers: {}, bodySchema }, { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('contract schemas for Dredd', () => {
  it('converts every documented response', () => {
    let n = 0;
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const status of Object.keys(op.responses ?? {})) {
          expect(() => responseSchema(spec, template, method, status), `${method} ${template} ${status}`).not.toThrow();
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(400);
  });

  it("accepts the contract's examples", () => {
    expect(check('/v1/users/{user_id}', 'get', 200, spec.components.examples.User!.value).valid).toBe(true);
    expect(check('/v1/kyc/{token}', 'get', 200, spec.components.examples.KycResultActionRequired!.value).valid).toBe(true);
    expect(check('/v1/accounts/{account_id}', 'get', 200, spec.components.examples.Account!.value).valid).toBe(true);
  });

  it('rejects a wrong type, a missing field and an unknown error type', () => {
    const user = spec.components.examples.User!.value as Record<string, unknown>;
    const wrongType = check('/v1/users/{user_id}', 'get', 200, { ...user, id: 5 });
    expect(wrongType.valid).toBe(false);
    expect(wrongType.fields.body!.errors.map((e) => e.message).join('\n')).toContain('/id');
    const { status: _status, ...missing } = user;
    expect(check('/v1/users/{user_id}', 'get', 200, missing).valid).toBe(false);
    expect(check('/v1/users/{user_id}', 'get', 404, { error: { type: 'not_found', message: 'x' } }).valid).toBe(true);
    expect(check('/v1/users/{user_id}', 'get', 404, { error: { type: 'oops', message: 'x' } }).valid).toBe(false);
  });
});
