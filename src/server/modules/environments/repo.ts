import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { reachSql, repository, type Scope } from '../../access/scope.ts';
import type { Action } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import type { EnvironmentInput, EnvironmentPatch, KeyActor, NetworkInput, NetworkKind, NetworkPatch } from '../../../shared/environments.ts';

/**
 * The environments module's repository: the only place with SQL on risk_environments, prevention_networks,
 * activity_links and concern_environments (docs/architecture.md, "Where SQL lives").
 *
 * Audit choice (as in the prevention module): the registers hold no personal data (places, roles, organisations), so
 * creates and updates write one audit row each and successful reads write none; refusals are audited. Naming the
 * environment of a concern is a change of a record about a person and is audited as an update of that concern.
 */

export interface EnvironmentRow {
  id: string; unit_id: string; name: string; description: string; area: string; entry_points: string[]; key_actors: KeyActor[];
  started_on: string; closed_on: string | null; version: number; activities: number; concerns: number; concerns_after_outreach: number;
}
/**
 * An environment with its counts: linked activities, concerns naming it, and the concerns received after the first
 * outreach activity linked to it (the "later concerns" of docs/domain.md, "Risk environments and networks").
 */
const ENV_SELECT = `SELECT e.id, e.unit_id, e.name, e.description, e.area, e.entry_points, e.key_actors,
    to_char(e.started_on, 'YYYY-MM-DD') AS started_on, to_char(e.closed_on, 'YYYY-MM-DD') AS closed_on, e.version,
    (SELECT count(*)::int FROM activity_links l WHERE l.environment_id = e.id) AS activities,
    (SELECT count(*)::int FROM concern_environments ce WHERE ce.environment_id = e.id) AS concerns,
    (SELECT count(*)::int FROM concern_environments ce
      WHERE ce.environment_id = e.id
        AND (ce.received_at AT TIME ZONE 'Europe/Copenhagen')::date > (SELECT min(a.held_on) FROM activity_links l JOIN activities a ON a.id = l.activity_id
                                    WHERE l.environment_id = e.id AND a.kind = 'outreach')) AS concerns_after_outreach
  FROM risk_environments e`;

export interface NetworkRow {
  id: string; unit_id: string; kind: NetworkKind; name: string; description: string; organisations: string[];
  started_on: string; ended_on: string | null; version: number; activities: number;
}
const NET_SELECT = `SELECT n.id, n.unit_id, n.kind, n.name, n.description, n.organisations,
    to_char(n.started_on, 'YYYY-MM-DD') AS started_on, to_char(n.ended_on, 'YYYY-MM-DD') AS ended_on, n.version,
    (SELECT count(*)::int FROM activity_links l WHERE l.network_id = n.id) AS activities
  FROM prevention_networks n`;

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

/** A record of table (alias) the actor reaches for action by unit, or an audited 404 (also for a role without the action). */
async function reachable<T extends object>(
  tx: Queryable, s: Scope, select: string, alias: string, id: string, action: Action, audit: AuditAction, recordType: string,
): Promise<T> {
  const params: unknown[] = [id];
  const r = await tx.query<T>(`${select} WHERE ${alias}.id = $1 AND ${reachSql(s.reaches(action), s.actor, params, alias, {})}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType, recordId: id });
  return r.rows[0];
}

export const environmentRepo = repository((tx: Queryable, s: Scope) => ({
  /** Registers an environment in the actor's unit (environment.manage). One audit row: create. */
  async create(input: EnvironmentInput): Promise<EnvironmentRow> {
    s.requireRole('environment.manage', { action: 'create', recordType: 'risk_environment' });
    try {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO risk_environments (unit_id, name, description, area, entry_points, key_actors, started_on, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $9) RETURNING id`,
        [s.actor.unitId, input.name, input.description, input.area, JSON.stringify(input.entryPoints), JSON.stringify(input.keyActors),
          input.startedOn, s.actor.id, s.now],
      );
      const id = r.rows[0]!.id;
      s.audit({ action: 'create', recordType: 'risk_environment', recordId: id });
      return (await tx.query<EnvironmentRow>(`${ENV_SELECT} WHERE e.id = $1`, [id])).rows[0]!;
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.invalidField('name', 'is already the name of an environment of the unit');
      throw err;
    }
  },

  /** The unit's environments (environment.read), open ones first, by name. Not audited when it succeeds. */
  async list(): Promise<EnvironmentRow[]> {
    const reaches = s.requireRole('environment.read', { action: 'search', recordType: 'risk_environment', criterion: 'all' });
    const params: unknown[] = [];
    const r = await tx.query<EnvironmentRow>(
      `${ENV_SELECT} WHERE ${reachSql(reaches, s.actor, params, 'e', {})} ORDER BY e.closed_on IS NOT NULL, e.name, e.id`, params);
    return r.rows;
  },

  get(id: string, action: 'environment.read' | 'environment.manage', audit: AuditAction): Promise<EnvironmentRow> {
    return reachable<EnvironmentRow>(tx, s, ENV_SELECT, 'e', id, action, audit, 'risk_environment');
  },

  /** Writes the changed fields if the version still matches (else 409 with the current one). One audit row: update. */
  async update(cur: EnvironmentRow, p: EnvironmentPatch): Promise<EnvironmentRow> {
    try {
      const r = await tx.query<{ id: string }>(
        `UPDATE risk_environments SET name = $3, description = $4, area = $5, entry_points = $6::jsonb, key_actors = $7::jsonb, closed_on = $8,
           version = version + 1, updated_at = $9
         WHERE id = $1 AND version = $2 RETURNING id`,
        [cur.id, p.version, p.name ?? cur.name, p.description ?? cur.description, p.area ?? cur.area,
          JSON.stringify(p.entryPoints ?? cur.entry_points), JSON.stringify(p.keyActors ?? cur.key_actors),
          p.closedOn === undefined ? cur.closed_on : p.closedOn, s.now],
      );
      if (!r.rows[0]) throw errors.staleVersion(cur.version);
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.invalidField('name', 'is already the name of an environment of the unit');
      throw err;
    }
    s.audit({ action: 'update', recordType: 'risk_environment', recordId: cur.id, criterion: Object.keys(p).filter((k) => k !== 'version').join(', ') });
    return (await tx.query<EnvironmentRow>(`${ENV_SELECT} WHERE e.id = $1`, [cur.id])).rows[0]!;
  },

  /** An open environment of unitId, for a link; otherwise a 400 naming field. */
  async checkLinkable(id: string, unitId: string, field: string): Promise<void> {
    const r = await tx.query('SELECT 1 FROM risk_environments WHERE id = $1 AND unit_id = $2', [id, unitId]);
    if (!r.rows[0]) throw errors.invalidField(field, "is not an environment of the record's unit");
  },

  /**
   * Names (or, with null, clears) the environment a concern came from. The caller has reached the concern for
   * concern.correct. One audit row: an update of the concern, naming its person.
   */
  async setConcernEnvironment(concern: { id: string; unitId: string; personId: string; receivedAt: Date }, environmentId: string | null): Promise<void> {
    if (environmentId === null) {
      await tx.query('DELETE FROM concern_environments WHERE concern_id = $1', [concern.id]);
    } else {
      await tx.query(
        `INSERT INTO concern_environments (concern_id, unit_id, environment_id, received_at, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (concern_id) DO UPDATE SET environment_id = EXCLUDED.environment_id, received_at = EXCLUDED.received_at,
           recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
        [concern.id, concern.unitId, environmentId, concern.receivedAt, s.actor.id, s.now]);
    }
    s.audit({ action: 'update', recordType: 'concern', recordId: concern.id, personId: concern.personId, criterion: `environment: ${environmentId ?? 'none'}` });
  },

  /** Links (or unlinks) an activity the caller has reached for activity.manage. One audit row: update of the activity. */
  async setActivityLink(activity: { id: string; unitId: string }, environmentId: string | null, networkId: string | null): Promise<void> {
    if (environmentId === null && networkId === null) {
      await tx.query('DELETE FROM activity_links WHERE activity_id = $1', [activity.id]);
    } else {
      await tx.query(
        `INSERT INTO activity_links (activity_id, unit_id, environment_id, network_id, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (activity_id) DO UPDATE SET environment_id = EXCLUDED.environment_id, network_id = EXCLUDED.network_id,
           linked_by = EXCLUDED.linked_by, linked_at = EXCLUDED.linked_at`,
        [activity.id, activity.unitId, environmentId, networkId, s.actor.id, s.now]);
    }
    s.audit({ action: 'update', recordType: 'activity', recordId: activity.id, criterion: `environment: ${environmentId ?? 'none'}; network: ${networkId ?? 'none'}` });
  },
}));

export const networkRepo = repository((tx: Queryable, s: Scope) => ({
  /** Registers a network in the actor's unit (network.manage). One audit row: create. */
  async create(input: NetworkInput): Promise<NetworkRow> {
    s.requireRole('network.manage', { action: 'create', recordType: 'prevention_network' });
    try {
      const r = await tx.query<{ id: string }>(
        `INSERT INTO prevention_networks (unit_id, kind, name, description, organisations, started_on, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $8) RETURNING id`,
        [s.actor.unitId, input.kind, input.name, input.description, JSON.stringify(input.organisations), input.startedOn, s.actor.id, s.now],
      );
      const id = r.rows[0]!.id;
      s.audit({ action: 'create', recordType: 'prevention_network', recordId: id });
      return (await tx.query<NetworkRow>(`${NET_SELECT} WHERE n.id = $1`, [id])).rows[0]!;
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.invalidField('name', 'is already the name of a network of this kind in the unit');
      throw err;
    }
  },

  /** The unit's networks (network.read), optionally of one kind, active ones first. Not audited when it succeeds. */
  async list(kind: NetworkKind | undefined): Promise<NetworkRow[]> {
    const reaches = s.requireRole('network.read', { action: 'search', recordType: 'prevention_network', criterion: kind ? `kind=${kind}` : 'all' });
    const params: unknown[] = [];
    let where = reachSql(reaches, s.actor, params, 'n', {});
    if (kind) where += ` AND n.kind = $${params.push(kind)}`;
    const r = await tx.query<NetworkRow>(`${NET_SELECT} WHERE ${where} ORDER BY n.ended_on IS NOT NULL, n.kind, n.name, n.id`, params);
    return r.rows;
  },

  get(id: string, action: 'network.read' | 'network.manage', audit: AuditAction): Promise<NetworkRow> {
    return reachable<NetworkRow>(tx, s, NET_SELECT, 'n', id, action, audit, 'prevention_network');
  },

  async update(cur: NetworkRow, p: NetworkPatch): Promise<NetworkRow> {
    try {
      const r = await tx.query<{ id: string }>(
        `UPDATE prevention_networks SET name = $3, description = $4, organisations = $5::jsonb, ended_on = $6, version = version + 1, updated_at = $7
         WHERE id = $1 AND version = $2 RETURNING id`,
        [cur.id, p.version, p.name ?? cur.name, p.description ?? cur.description, JSON.stringify(p.organisations ?? cur.organisations),
          p.endedOn === undefined ? cur.ended_on : p.endedOn, s.now],
      );
      if (!r.rows[0]) throw errors.staleVersion(cur.version);
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.invalidField('name', 'is already the name of a network of this kind in the unit');
      throw err;
    }
    s.audit({ action: 'update', recordType: 'prevention_network', recordId: cur.id, criterion: Object.keys(p).filter((k) => k !== 'version').join(', ') });
    return (await tx.query<NetworkRow>(`${NET_SELECT} WHERE n.id = $1`, [cur.id])).rows[0]!;
  },

  /** A network of unitId, for a link; otherwise a 400 naming field. */
  async checkLinkable(id: string, unitId: string, field: string): Promise<void> {
    const r = await tx.query('SELECT 1 FROM prevention_networks WHERE id = $1 AND unit_id = $2', [id, unitId]);
    if (!r.rows[0]) throw errors.invalidField(field, "is not a network of the record's unit");
  },
}));
