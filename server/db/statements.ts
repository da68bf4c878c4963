// Prepared statements: which SQL texts get a statement name, the one refusal that makes a named
// statement unusable, and the policy both engines run them by (server/db/postgres.ts, pglite.ts).

/** The most distinct SQL texts prepared under a name; any further text runs unnamed. */
export const MAX_NAMED_STATEMENTS = 1000;

/**
 * Names for prepared statements, on both engines. A statement with parameters is prepared once
 * per connection under its name and afterwards only bound and executed, so Postgres skips parsing
 * it and, on PostgreSQL, once it settles on a generic plan, planning it: the account read's
 * three-table join goes from 460 to 250 µs. PGlite plans every run afresh (server/db/pglite.ts
 * says why) but makes one protocol exchange instead of six: the same read goes from 750 to 550 µs.
 * One name per SQL text; the statements in the code are templates over a bounded set of shapes, so
 * the cap guards against a runaway, it is not a working limit. A text whose plan went stale
 * (isStalePlan) is never named again.
 */
export class StatementNames {
  /**
   * Texts by length, each with its name (null: never named again). Not a Map keyed by the text:
   * most texts are built per call, and hashing a fresh 6 KB text costs about 9 µs, against well
   * under 1 µs to compare it with the one or two known texts of its length.
   */
  private readonly byLength = new Map<number, Array<{ sql: string; name: string | null }>>();
  private next = 0;
  constructor(private readonly max = MAX_NAMED_STATEMENTS) {}

  private entry(sql: string) {
    const same = this.byLength.get(sql.length);
    if (same) for (const e of same) if (e.sql === sql) return e;
    return undefined;
  }

  private add(sql: string, name: string | null): void {
    const same = this.byLength.get(sql.length);
    if (same) same.push({ sql, name });
    else this.byLength.set(sql.length, [{ sql, name }]);
  }

  nameFor(sql: string): string | undefined {
    const known = this.entry(sql);
    if (known) return known.name ?? undefined;
    if (this.next >= this.max) return undefined;
    const name = `finos_${this.next++}`;
    this.add(sql, name);
    return name;
  }

  forget(sql: string): void {
    const known = this.entry(sql);
    if (known) known.name = null;
    else this.add(sql, null);
  }
}

/**
 * PostgreSQL refusing a prepared statement because a table it reads changed its row type since
 * it was prepared (a migration by another instance under a `SELECT *`): SQLSTATE 0A000.
 */
export function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}

/**
 * Runs a statement the way both engines do: named when it has parameters and a name is left,
 * else unnamed. A named statement whose plan went stale is forgotten; outside a transaction it
 * runs again unnamed, inside one the transaction has failed and the caller sees the error (the
 * next attempt runs unnamed).
 */
export async function runStatement<T>(
  names: StatementNames, sql: string, params: readonly unknown[] | undefined, inTransaction: boolean,
  named: (name: string) => Promise<T>, unnamed: () => Promise<T>,
): Promise<T> {
  const name = params && params.length > 0 ? names.nameFor(sql) : undefined;
  if (name === undefined) return unnamed();
  try {
    return await named(name);
  } catch (err) {
    if (!isStalePlan(err)) throw err;
    names.forget(sql);
    if (inTransaction) throw err;
    return unnamed();
  }
}
