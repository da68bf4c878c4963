import { describe, expect, it } from 'vitest';
import { isStalePlan, runStatement, StatementNames } from './statements.ts';

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

  it('tells apart texts of the same length, and knows a text built afresh', () => {
    const names = new StatementNames();
    const a = names.nameFor('SELECT $1 FROM a');
    const b = names.nameFor('SELECT $1 FROM b');
    expect(a).not.toBe(b);
    const rebuilt = ['SELECT $1', 'FROM', 'b'].join(' ');
    expect(names.nameFor(rebuilt)).toBe(b);
    names.forget('SELECT $1 FROM a');
    expect(names.nameFor('SELECT $1 FROM a')).toBeUndefined();
    expect(names.nameFor('SELECT $1 FROM b')).toBe(b);
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

describe('runStatement', () => {
  const stale = Object.assign(new Error('cached plan must not change result type'), { code: '0A000' });
  const calls: string[] = [];
  const named = (fail?: Error) => async (name: string) => {
    calls.push(`named ${name}`);
    if (fail) throw fail;
    return 'n';
  };
  const unnamed = async () => {
    calls.push('unnamed');
    return 'u';
  };

  it('names statements with parameters and runs the others unnamed', async () => {
    calls.length = 0;
    const names = new StatementNames();
    expect(await runStatement(names, 'SELECT $1', [1], false, named(), unnamed)).toBe('n');
    expect(await runStatement(names, 'SELECT 1', [], false, named(), unnamed)).toBe('u');
    expect(await runStatement(names, 'SELECT 1', undefined, false, named(), unnamed)).toBe('u');
    expect(calls).toEqual(['named finos_0', 'unnamed', 'unnamed']);
  });

  it('after a stale plan: runs again unnamed outside a transaction, fails inside one, and never names the text again', async () => {
    calls.length = 0;
    const names = new StatementNames();
    expect(await runStatement(names, 'SELECT * FROM t WHERE id = $1', [1], false, named(stale), unnamed)).toBe('u');
    expect(await runStatement(names, 'SELECT * FROM t WHERE id = $1', [1], false, named(), unnamed)).toBe('u');
    await expect(runStatement(names, 'SELECT * FROM u WHERE id = $1', [1], true, named(stale), unnamed)).rejects.toBe(stale);
    expect(await runStatement(names, 'SELECT * FROM u WHERE id = $1', [1], true, named(), unnamed)).toBe('u');
    const other = new Error('boom');
    await expect(runStatement(names, 'SELECT $1, $2', [1, 2], false, named(other), unnamed)).rejects.toBe(other);
    expect(calls).toEqual(['named finos_0', 'unnamed', 'unnamed', 'named finos_1', 'unnamed', 'named finos_2']);
  });
});
