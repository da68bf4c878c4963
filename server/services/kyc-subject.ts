// Applies a KYC check's outcome to its subject: a user follows their current check; a joint
// account becomes active once its joint member's current check is approved.
import type { Context } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { onJointMemberDecided } from './accounts.ts';
import type { KycCheckRow } from './identity-check.ts';
import { followCheck, loadUserRow } from './users.ts';

/** The subject follows only its current check: a superseded one changes nothing. */
export async function moveSubject(tx: Queryable, c: Context, check: KycCheckRow): Promise<void> {
  if (check.subject === 'user' && check.user_id) {
    const user = await loadUserRow(tx, c.tenantId, check.user_id, { forUpdate: true });
    if (user.kyc_token === check.token) await followCheck(tx, c, user, check);
  } else if (check.subject === 'joint_member' && check.account_id) {
    await onJointMemberDecided(tx, c, check.account_id, check.token, check.status);
  }
}
