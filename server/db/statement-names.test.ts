import { describe, expect, it } from 'vitest';
import { isStalePlan, StatementNames } from './statements.ts';

describe('StatementNames', () => {
  it('gives each SQL text one stable name, up to the cap', () => {
    const names = new StatementNames(2);
    const a = names.nameFor('SELECT $1');
    const b = names.nameFor('SELECT $1, $2');
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(names.nameFor('SELECT $1')).toBe(a);
    expect(names.nameFor('SELECT $1, $2, $3')).toBeUndefined();
    expect(names.nameFor('SELECT $1, $2')).toBe(b);
  });

  it('never names a forgotten text again', () => {
    const names = new StatementNames();
    expect(names.nameFor('SELECT * FROM t WHERE id = $1')).toBeDefined();
    names.forget('SELECT * FROM t WHERE id = $1');
    expect(names.nameFor('SELECT * FROM t WHERE id = $1')).toBeUndefined();
  });

  it('recognises only the stale-plan refusal', () => {
    expect(isStalePlan({ code: '0A000', message: 'cached plan must not change result type' })).toBe(true);
    expect(isStalePlan({ code: '0A000', message: 'FOR UPDATE is not allowed with aggregate functions' })).toBe(false);
    expect(isStalePlan({ code: '23505', message: 'cached plan must not change result type' })).toBe(false);
    expect(isStalePlan(null)).toBe(false);
  });
});
