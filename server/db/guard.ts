// Catches the classic transaction mistake: calling db.query while inside db.transaction.
// On PGlite (one connection) that deadlocks; on PostgreSQL it silently runs outside the tx.
import { AsyncLocalStorage } from 'node:async_hooks';

export class TransactionGuard {
  private readonly store = new AsyncLocalStorage<boolean>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.store.run(true, fn);
  }

  /** Throws when called from inside a transaction of the same Db. */
  check(): void {
    if (this.store.getStore()) {
      throw new Error('db.query/db.transaction called inside db.transaction(): use the tx argument instead');
    }
  }
}
