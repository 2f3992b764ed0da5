import type { Actor } from './actor.ts';
import type { Database, Queryable } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import { appendAuditInTrx, personOfRecordInTrx, type AuditEntry } from '../audit/audit.ts';
import { reachesFor, type Action, type Reach } from './policy.ts';
import { AppError, errors } from '../platform/errors.ts';
import type { Purpose } from '../../shared/roles.ts';

/**
 * The data access a request handler gets: a transaction already confined to the signed-in actor (SET ROLE vink_app
 * plus the actor's scope for row-level security), the policy reaches, and an audit buffer that is written in the
 * same transaction just before commit. Handlers never see the database otherwise.
 */
export class Scope {
  readonly actor: Actor;
  readonly tx: Queryable;
  readonly now: Date;
  readonly purpose: Purpose;
  readonly audited: AuditEntry[] = [];
  readonly refused: AuditEntry[] = [];
  constructor(actor: Actor, tx: Queryable, now: Date, purpose: Purpose) {
    this.actor = actor;
    this.tx = tx;
    this.now = now;
    this.purpose = purpose;
  }
  /** Records a successful access; written when the transaction commits, discarded if it rolls back. */
  audit(entry: Omit<AuditEntry, 'outcome'>): void {
    this.audited.push({ ...entry, outcome: 'ok' });
  }
  reaches(action: Action): readonly Reach[] {
    return reachesFor(action, this.actor.role);
  }
  /**
   * Refuses an attempt: the refusal is audited (in its own transaction, since this one rolls back) and the error
   * is thrown. Records outside the actor's scope answer not-found so their existence does not leak.
   */
  refuse(entry: Omit<AuditEntry, 'outcome'>, error: AppError = errors.notFound()): never {
    this.refused.push({ ...entry, outcome: 'denied' });
    throw error;
  }
  /** Throws forbidden (audited) unless the actor's role may do action at all. */
  requireRole(action: Action, entry: Omit<AuditEntry, 'outcome'>): readonly Reach[] {
    const r = this.reaches(action);
    if (r.length === 0) this.refuse(entry, errors.forbidden());
    return r;
  }
}

export interface ScopeDeps {
  db: Database;
  clock: Clock;
}

/** Runs fn in a transaction scoped to actor. Every personal-data operation goes through here. */
export async function runScoped<T>(deps: ScopeDeps, actor: Actor, purpose: Purpose, fn: (scope: Scope) => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  const ctx = { at: now, actorId: actor.id, actorRole: actor.role, unitId: actor.unitId, purpose };
  let scope: Scope | undefined;
  try {
    return await deps.db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true)`, [
        actor.id,
        `{${actor.unitIds.join(',')}}`,
      ]);
      scope = new Scope(actor, tx, now, purpose);
      const result = await fn(scope);
      await appendAuditInTrx(tx, ctx, scope.audited);
      return result;
    });
  } catch (err) {
    if (scope && scope.refused.length > 0) {
      await deps.db.transaction(async (tx) => {
        const entries: AuditEntry[] = [];
        for (const e of scope!.refused) {
          entries.push(e.personId || !e.recordId ? e : { ...e, personId: await personOfRecordInTrx(tx, e.recordId) });
        }
        await appendAuditInTrx(tx, ctx, entries);
      });
    }
    throw err;
  }
}

/**
 * The named escape hatch: a transaction with no actor scope and no row-level security. Only for sign-in, jobs,
 * the CLI and migrations. grep for systemTransaction to review every use.
 */
export function systemTransaction<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

/** SQL predicate for a case alias given the actor's reaches; params are appended to the given array. */
export function caseReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'c'): string {
  const parts: string[] = [];
  for (const r of reaches) {
    if (r === 'unit') {
      params.push(actor.unitIds);
      parts.push(`${alias}.unit_id = ANY($${params.length}::uuid[])`);
    } else if (r === 'member') {
      params.push(actor.id);
      parts.push(`EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${alias}.id AND m.user_id = $${params.length})`);
    } else if (r === 'owner') {
      params.push(actor.id);
      parts.push(`EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${alias}.id AND m.user_id = $${params.length} AND m.relation = 'owner')`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** SQL predicate for a person alias given the actor's reaches. */
export function personReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'p'): string {
  const parts: string[] = [];
  for (const r of reaches) {
    if (r === 'unit') {
      params.push(actor.unitIds);
      parts.push(`${alias}.unit_id = ANY($${params.length}::uuid[])`);
    } else if (r === 'creator') {
      params.push(actor.id);
      parts.push(`${alias}.created_by = $${params.length}`);
    } else if (r === 'member') {
      params.push(actor.id);
      parts.push(
        `EXISTS (SELECT 1 FROM cases pc JOIN case_members m ON m.case_id = pc.id WHERE pc.person_id = ${alias}.id AND m.user_id = $${params.length})`,
      );
    } else if (r === 'shared') {
      params.push(actor.id);
      parts.push(
        `EXISTS (SELECT 1 FROM concerns sc JOIN concern_shares ss ON ss.concern_id = sc.id WHERE sc.person_id = ${alias}.id AND ss.user_id = $${params.length})`,
      );
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}
