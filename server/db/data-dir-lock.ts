// One process at a time on a PGlite data directory. PGlite is Postgres running inside the
// process that opened it: a second process on the same files keeps its own buffers and its own
// idea of the WAL, so what it writes is acknowledged and then lost (or corrupts the first's).
//
// The lock is a directory next to the data directory (`<data dir>.lock`), made with mkdir
// (atomic on every local file system) by proper-lockfile, whose holder touches it every
// LOCK_UPDATE_MS. A holder that died (kill -9, power loss) leaves it behind; it counts as stale,
// and is taken over, once it has not been touched for LOCK_STALE_MS. A holder that could not
// touch it in time has lost it: it must stop writing at once (`onLost`).
import { lock } from 'proper-lockfile';

/** A lock not touched for this long belongs to a dead process. */
export const LOCK_STALE_MS = 20_000;
/** How often the holder touches it. */
export const LOCK_UPDATE_MS = 2_000;

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(readonly dataDir: string) {
    super(`The data directory ${dataDir} is in use by another Finos process`);
  }
}

export function lockPathOf(dataDir: string): string {
  return `${dataDir}.lock`;
}

/**
 * Takes the data directory's lock, or throws DataDirLockedError at once when a live process
 * holds it. Resolves to the function that releases it.
 */
export async function lockDataDir(dataDir: string, onLost: (err: Error) => void): Promise<() => Promise<void>> {
  try {
    return await lock(dataDir, {
      lockfilePath: lockPathOf(dataDir),
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: 0,
      onCompromised: onLost,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw err;
  }
}
