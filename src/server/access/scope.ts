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

/**
 * How each reach reads for one kind of record. Each rule gets the table alias and the placeholder of the actor's id
 * (or, for 'unit', of the actor's unit ids) and returns a SQL condition. A reach without a rule matches nothing.
 */
export type ReachRules = Partial<Record<Reach, (alias: string, param: string) => string>>;

const UNIT_RULE = (alias: string, units: string) => `${alias}.unit_id = ANY(${units}::uuid[])`;

/**
 * The one builder behind every module's reach predicate: turns the actor's reaches for an action (policy.ts) into
 * an OR of SQL conditions, appending the parameters it needs. No reach at all gives 'false'.
 */
export function reachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias: string, rules: ReachRules): string {
  const parts: string[] = [];
  for (const r of reaches) {
    const rule = r === 'unit' ? (rules.unit ?? UNIT_RULE) : rules[r];
    if (!rule) continue;
    params.push(r === 'unit' ? actor.unitIds : actor.id);
    parts.push(rule(alias, `$${params.length}`));
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

const CASE_RULES: ReachRules = {
  member: (c, actor) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${c}.id AND m.user_id = ${actor})`,
  owner: (c, actor) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${c}.id AND m.user_id = ${actor} AND m.relation = 'owner')`,
};

const PERSON_RULES: ReachRules = {
  creator: (p, actor) => `${p}.created_by = ${actor}`,
  member: (p, actor) =>
    `EXISTS (SELECT 1 FROM cases pc JOIN case_members m ON m.case_id = pc.id WHERE pc.person_id = ${p}.id AND m.user_id = ${actor})`,
  shared: (p, actor) =>
    `EXISTS (SELECT 1 FROM concerns sc JOIN concern_shares ss ON ss.concern_id = sc.id WHERE sc.person_id = ${p}.id AND ss.user_id = ${actor})`,
};

/** SQL predicate for a case alias given the actor's reaches; params are appended to the given array. */
export function caseReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'c'): string {
  return reachSql(reaches, actor, params, alias, CASE_RULES);
}

/** SQL predicate for a person alias given the actor's reaches. */
export function personReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'p'): string {
  return reachSql(reaches, actor, params, alias, PERSON_RULES);
}
