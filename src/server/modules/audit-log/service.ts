import type { Scope } from '../../access/scope.ts';
import type { Database } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';
import { optionalAuditAnchorKey, verifyAuditChain } from '../../audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import { auditLogRepo } from './repo.ts';

/** The DPO's view of the audit trail: who looked at what, when and why. Looking is itself audited. */
export const auditLog = {
  async search(s: Scope, q: { personId?: string | undefined; actorId?: string | undefined; limit: number }) {
    return auditLogRepo(s).search(q);
  },

  /** Authorises and audits a chain check; the check itself runs after this transaction (see verifyChain). */
  async authoriseVerify(s: Scope): Promise<void> {
    s.requireRole('audit.read', { action: 'read', recordType: 'audit_log' });
    s.audit({ action: 'read', recordType: 'audit_log', criterion: 'verify chain' });
  },

  /** Seals what has committed, then checks the chain; rows that waited over the bound to be sealed raise the alarm. */
  verifyChain(ctx: { db: Database; clock: Clock; config: Pick<Config, 'VINK_AUDIT_ANCHOR_KEY' | 'VINK_SECRET_KEY' | 'DATA_DIR'> }) {
    // From the newest signed checkpoint when months were purged (docs/retention.md, "The audit log").
    return verifyAuditChain(ctx.db, { now: ctx.clock.now(), checkpointKey: optionalAuditAnchorKey(ctx.config) });
  },
};
