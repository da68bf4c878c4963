// The SDK method table against the contract: every operation has exactly one method, and each
// method knows all of its operation's path parameters, in path order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sdkMethods, type Doc } from './operations.ts';

const doc = JSON.parse(readFileSync(join(ROOT, 'generated', 'openapi.json'), 'utf8')) as Doc;

describe('sdkMethods', () => {
  const methods = sdkMethods(doc);

  it('gives every operation of the contract exactly one SDK method', () => {
    const ids = methods.flatMap((m) => m.operations.map((o) => o.operationId)).sort();
    const contract = Object.values(doc.paths).flatMap((item) =>
      ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).map((m) => item[m].operationId as string)).sort();
    expect(ids).toEqual(contract);
  });

  it('lists each path template parameter, including those declared on the path item', () => {
    for (const m of methods) {
      for (const op of m.operations) {
        const inTemplate = [...op.path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
        expect(op.pathParams.map((p) => p.name), `${m.resource}.${m.method} ${op.path}`).toEqual(inTemplate);
      }
    }
  });

  it('refuses a table that names an unknown operation or misses one', () => {
    expect(() => sdkMethods(doc, { users: { create: 'createUser' } })).toThrow(/no SDK method for/);
    const table = { ...Object.fromEntries(methods.map((m) => [m.resource, {}])) } as Record<string, Record<string, string>>;
    expect(() => sdkMethods(doc, { ...table, users: { fly: 'flyUser' } })).toThrow(/flyUser/);
  });
});
