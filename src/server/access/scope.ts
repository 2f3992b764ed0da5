import type { Actor } from './actor.ts';
import { confineTransactionInTrx, type Database, type Queryable } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import { appendAuditInTrx, personOfRecordInTrx, type AuditContext, type AuditEntry } from '../audit/audit.ts';
import { reachesFor, type Action, type Reach } from './policy.ts';
import { AppError, errors } from '../platform/errors.ts';
import type { Purpose } from '../../shared/roles.ts';

/**
 * The transaction behind each scope. Kept in a module-private map, never on the scope itself: the only way to reach
 * it is a repository built with repository() or systemRepository() below (docs/architecture.md, "Where SQL lives").
 */
const transactions = new WeakMap<object, Queryable>();

/**
 * The data access a request handler gets: the signed-in actor, the policy reaches, and an audit buffer that is
 * written in the same transaction just before commit. It exposes no query handle. Handlers and services reach data
 * only through repositories (`caseRepo(s).get(id)`), which apply the reach predicate, the field rules and the audit
 * entry inside the one method, so no caller can skip them.
 */
export class Scope {
  readonly actor: Actor;
  readonly now: Date;
  readonly purpose: Purpose;
  /**
   * The user's own words for why (the purpose's free text, or the break-the-glass reason), sent by the web app in the
   * X-Vink-Reason header; written into every audit row of the request (audit_log.reason, migration 0220).
   */
  readonly reason: string | null;
  readonly audited: AuditEntry[] = [];
  readonly refused: AuditEntry[] = [];
  /** Scopes this one crossed into (crossInto): their audit rows go into the receiving unit's trail. */
  readonly crossings: Scope[] = [];
  /** Rows for another unit's audit trail (auditInUnit): the other side of a crossing such as a transfer. */
  readonly otherUnits: { unitId: string; entry: AuditEntry }[] = [];
  constructor(actor: Actor, tx: Queryable, now: Date, purpose: Purpose, reason: string | null = null) {
    this.actor = actor;
    this.now = now;
    this.purpose = purpose;
    this.reason = reason;
    transactions.set(this, tx);
  }
  /**
   * Break the glass (docs/security.md, "The purpose of every look-up"): opening a person or case that is within reach
   * but that the actor is not related to (not a member, creator or coordinator of it, e.g. a coordinator or manager
   * with unit reach) needs a short reason. Without one the request answers 428 reason_required and nothing is read.
   */
  requireReasonUnless(related: boolean): void {
    if (!related && !this.reason) throw errors.reasonRequired();
  }
  /**
   * Records a successful access in another unit's audit trail too (docs/security.md, "Crossing units"): a transfer
   * is audited on both sides. Same actor and purpose; only the row's unit differs.
   */
  auditInUnit(unitId: string, entry: Omit<AuditEntry, 'outcome'>): void {
    this.otherUnits.push({ unitId, entry: { ...entry, outcome: 'ok' } });
  }
  /** Records a successful access; written when the transaction commits, discarded if it rolls back. */
  audit(entry: Omit<AuditEntry, 'outcome'>): void {
    this.audited.push({ ...entry, outcome: 'ok' });
  }
  /**
   * One look, one audit row (docs/security.md, "One look, one audit row"): runs fn, which reads through several
   * repositories that each record their own read (or listing) entry, and replaces those entries with the one entry
   * that entryOf makes from the result. Anything else fn records (a change, a reveal) is kept. For pages that show one record in
   * several sections.
   */
  async asOneLook<T>(fn: () => Promise<T>, entryOf: (result: T) => Omit<AuditEntry, 'outcome'>): Promise<T> {
    const start = this.audited.length;
    const result = await fn();
    const inner = this.audited.splice(start);
    this.audited.push(...inner.filter((e) => e.action !== 'read' && e.action !== 'search'));
    this.audit(entryOf(result));
    return result;
  }
  reaches(action: Action): readonly Reach[] {
    return reachesFor(action, this.actor.role);
  }
  /**
   * The one explicit crossing between units (docs/security.md, "Crossing units"). The database decides whether the
   * actor's unit may pass work to target (allowed(), e.g. vink_hotline_may_forward, migration 0290); if so fn runs
   * with a scope that acts in target only: row-level security sees the target unit alone while fn runs, the actor's
   * own unit is restored afterwards, and what fn records is written to the target unit's audit trail with the same
   * actor and purpose. The caller records its own side in this scope, so both trails show the crossing.
   */
  async crossInto<T>(target: string, allowed: (tx: Queryable) => Promise<boolean>, fn: (s: Scope) => Promise<T>): Promise<T> {
    const tx = transactions.get(this)!;
    if (!(await allowed(tx))) throw errors.forbidden();
    const confine = (units: readonly string[]) => confineTransactionInTrx(tx, 'vink_app', {
      'vink.actor_id': this.actor.id, 'vink.unit_ids': `{${units.join(',')}}`, 'vink.actor_role': this.actor.role, 'vink.purpose': this.purpose,
    });
    const crossed = new Scope({ ...this.actor, unitId: target, unitIds: [target] }, tx, this.now, this.purpose, this.reason);
    await confine([target]);
    try {
      const result = await fn(crossed);
      this.crossings.push(crossed);
      return result;
    } finally {
      await confine(this.actor.unitIds);
    }
  }
  /**
   * The reaches of the purpose-bound action access_request.compile (policy.ts): the DPO finding and compiling what is
   * held about the citizen of an access request, only inside a request whose purpose is 'access_request' (header
   * X-Vink-Purpose; row-level security says the same, migration 0220); otherwise a 400 naming the purpose.
   */
  accessRequestReaches(): readonly Reach[] {
    if (this.purpose !== 'access_request') {
      throw errors.invalidField('X-Vink-Purpose', 'must be access_request to find or compile what is held about a citizen');
    }
    return this.reaches('access_request.compile');
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

/** Who acts when no person does: each label is one entry point that may build a system scope. */
export type SystemLabel = 'sign_in' | 'cli' | 'bootstrap' | 'scheduler' | 'demo' | 'survey' | 'health' | 'reports' | 'cpr_index';

/**
 * The privileged actor: jobs, the CLI, bootstrap, sign-in and the public survey. It has no reach predicate and no
 * row-level security (the transaction runs as the table owner), so it is built only by runAsSystem, whose every use
 * is greppable. It is audited too: a system repository records what it did with personal data, and the row names
 * the entry point (actor_role `system:<label>`) or the user on whose behalf it acted (sign-in).
 */
export class SystemScope {
  readonly label: SystemLabel;
  readonly now: Date;
  readonly audited: { ctx: Partial<AuditContext>; entry: AuditEntry }[] = [];
  constructor(label: SystemLabel, tx: Queryable, now: Date) {
    this.label = label;
    this.now = now;
    transactions.set(this, tx);
  }
  /**
   * Records an entry, written in this transaction before commit. `on` names the user the system acted for (e.g. the
   * user signing in) when there is one; otherwise the row's role is `system:<label>`.
   */
  audit(entry: AuditEntry, on: Partial<AuditContext> = {}): void {
    this.audited.push({ ctx: on, entry });
  }
}

export interface ScopeDeps {
  db: Database;
  clock: Clock;
}

/**
 * Declares a repository over the actor's scope. build receives the scope's transaction, which nothing else can reach;
 * the returned accessor gives the same instance for the same scope (`caseRepo(s)`).
 */
export function repository<R>(build: (tx: Queryable, s: Scope) => R): (s: Scope) => R {
  return memoised(build);
}

/** Declares a repository for the privileged system path (see SystemScope). */
export function systemRepository<R>(build: (tx: Queryable, s: SystemScope) => R): (s: SystemScope) => R {
  return memoised(build);
}

/**
 * Declares a repository that both paths use, e.g. task rules refreshed inside a request and by the scheduler. Its
 * methods must not depend on the actor's reach (they see `Scope | SystemScope`), so keep such repositories to
 * derived, non-personal bookkeeping.
 */
export function sharedRepository<R>(build: (tx: Queryable, s: Scope | SystemScope) => R): (s: Scope | SystemScope) => R {
  return memoised(build);
}

function memoised<S extends object, R>(build: (tx: Queryable, s: S) => R): (s: S) => R {
  const built = new WeakMap<S, R>();
  return (s: S) => {
    let repo = built.get(s);
    if (repo === undefined) {
      const tx = transactions.get(s);
      if (!tx) throw new Error('repository used outside its scope');
      repo = build(tx, s);
      built.set(s, repo);
    }
    return repo;
  };
}

/** Runs fn in a transaction scoped to actor. Every personal-data operation of a request goes through here. */
export async function runScoped<T>(
  deps: ScopeDeps, actor: Actor, purpose: Purpose, fn: (scope: Scope) => Promise<T>, reason: string | null = null,
): Promise<T> {
  const now = deps.clock.now();
  const ctx: AuditContext = { at: now, actorId: actor.id, actorRole: actor.role, unitId: actor.unitId, purpose, reason };
  let scope: Scope | undefined;
  try {
    return await deps.db.transaction(async (tx) => {
      // Row-level security reads the actor from these transaction-local settings (migrations 0001 and 0060).
      await confineTransactionInTrx(tx, 'vink_app', {
        'vink.actor_id': actor.id, 'vink.unit_ids': `{${actor.unitIds.join(',')}}`, 'vink.actor_role': actor.role,
        // The purpose-bound action access_request.compile reaches rows only under this purpose (migration 0220).
        'vink.purpose': purpose,
      });
      scope = new Scope(actor, tx, now, purpose, reason);
      const result = await fn(scope);
      await appendAuditInTrx(tx, ctx, scope.audited);
      for (const crossed of scope.crossings) await appendAuditInTrx(tx, { ...ctx, unitId: crossed.actor.unitId }, crossed.audited);
      for (const o of scope.otherUnits) await appendAuditInTrx(tx, { ...ctx, unitId: o.unitId }, [o.entry]);
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
 * The named escape hatch: a transaction as the privileged system actor, with no reach predicate and no row-level
 * security. Only for sign-in, jobs, the CLI, bootstrap, the demo loader and the public survey. grep runAsSystem to
 * review every use. What it records with s.audit commits with its work.
 */
export async function runAsSystem<T>(deps: { db: Database; clock?: Clock }, label: SystemLabel, fn: (s: SystemScope) => Promise<T>): Promise<T> {
  const now = deps.clock?.now() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const s = new SystemScope(label, tx, now);
    const result = await fn(s);
    for (const { ctx, entry } of s.audited) {
      await appendAuditInTrx(tx, {
        // A row on behalf of no known user (a failed sign-in with an unknown name) keeps actor_role NULL when the
        // caller says so; otherwise the row names the system entry point.
        at: ctx.at ?? now, actorId: ctx.actorId ?? null, actorRole: ctx.actorRole !== undefined ? ctx.actorRole : `system:${label}`,
        unitId: ctx.unitId ?? null,
        purpose: ctx.purpose ?? 'administration',
      }, [entry]);
    }
    return result;
  });
}

/**
 * runAsSystem for one read statement sent on its own (Database.single: no transaction round trips), for the session
 * check every request makes. It may not record audit entries (there is no transaction to write them in).
 */
export async function readAsSystem<T>(deps: { db: Database; clock?: Clock }, label: SystemLabel, fn: (s: SystemScope) => Promise<T>): Promise<T> {
  const now = deps.clock?.now() ?? new Date();
  return deps.db.single(async (q) => {
    const s = new SystemScope(label, q, now);
    const result = await fn(s);
    if (s.audited.length > 0) throw new Error('readAsSystem cannot write audit rows; use runAsSystem');
    return result;
  });
}

/**
 * How each reach reads for one kind of record. Each rule gets the table alias and the placeholder of the actor's id
 * (or, for 'unit', of the actor's unit ids) and returns a SQL condition. A reach without a rule matches nothing.
 */
export type ReachRules = Partial<Record<Reach, (alias: string, param: string) => string>>;

const UNIT_RULE = (alias: string, units: string) => `${alias}.unit_id = ANY(${units}::uuid[])`;

/**
 * The one builder behind every repository's reach predicate: turns the actor's reaches for an action (policy.ts)
 * into an OR of SQL conditions, appending the parameters it needs. No reach at all gives 'false'. The rules for each
 * kind of record live in the repository that owns its table.
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
