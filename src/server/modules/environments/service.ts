import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import type {
  ActivityLinkInput, EnvironmentInput, EnvironmentPatch, NetworkInput, NetworkKind, NetworkPatch,
} from '../../../shared/environments.ts';
import { concernForCorrectionInTrx } from '../concerns/index.ts';
import { activityForUpdateInTrx } from '../prevention/index.ts';
import { environmentRepo, networkRepo, type EnvironmentRow, type NetworkRow } from './repo.ts';

/**
 * Risk environments and networks (docs/domain.md, "Risk environments and networks"): the workflow rules (dates,
 * links within the unit); reach, SQL and the audit entries are in repo.ts.
 */

/** Counts of concerns are about citizens: a reader of aggregates only (analyst) sees 1-4 as suppressed (null). */
function shownCount(s: Scope, n: number): number | null {
  return s.actor.role === 'analyst' && n > 0 && n < 5 ? null : n;
}

function presentEnvironment(s: Scope, e: EnvironmentRow) {
  return {
    id: e.id, unitId: e.unit_id, name: e.name, description: e.description, area: e.area, entryPoints: e.entry_points, keyActors: e.key_actors,
    startedOn: e.started_on, closedOn: e.closed_on, version: e.version, activities: e.activities,
    concerns: shownCount(s, e.concerns), concernsAfterOutreach: shownCount(s, e.concerns_after_outreach),
  };
}

function presentNetwork(n: NetworkRow) {
  return {
    id: n.id, unitId: n.unit_id, kind: n.kind, name: n.name, description: n.description, organisations: n.organisations,
    startedOn: n.started_on, endedOn: n.ended_on, version: n.version, activities: n.activities,
  };
}

/** Dates record what has happened: nothing in the future, and an end not before the start. */
function checkDates(s: Scope, start: { field: string; value: string | undefined }, end: { field: string; value: string | null | undefined }, startOn: string) {
  const today = danishDateOf(s.now);
  if (start.value && start.value > today) throw errors.invalidField(start.field, 'must not be in the future');
  if (end.value && end.value > today) throw errors.invalidField(end.field, 'must not be in the future');
  if (end.value && end.value < startOn) throw errors.invalidField(end.field, `must not be before ${start.field}`);
}

export const environments = {
  async create(s: Scope, input: EnvironmentInput) {
    s.requireRole('environment.manage', { action: 'create', recordType: 'risk_environment' });
    checkDates(s, { field: 'startedOn', value: input.startedOn }, { field: 'closedOn', value: undefined }, input.startedOn);
    return presentEnvironment(s, await environmentRepo(s).create(input));
  },
  async list(s: Scope) {
    return (await environmentRepo(s).list()).map((e) => presentEnvironment(s, e));
  },
  async get(s: Scope, id: string) {
    return presentEnvironment(s, await environmentRepo(s).get(id, 'environment.read', 'read'));
  },
  async update(s: Scope, id: string, p: EnvironmentPatch) {
    const repo = environmentRepo(s);
    const cur = await repo.get(id, 'environment.manage', 'update');
    checkDates(s, { field: 'startedOn', value: undefined }, { field: 'closedOn', value: p.closedOn }, cur.started_on);
    return presentEnvironment(s, await repo.update(cur, p));
  },
  /** Names the environment a concern came from (concern.correct reach on the concern); the environment must be of its unit. */
  async setConcernEnvironment(s: Scope, concernId: string, environmentId: string | null) {
    const k = await concernForCorrectionInTrx(s, concernId);
    const repo = environmentRepo(s);
    if (environmentId !== null) await repo.checkLinkable(environmentId, k.unitId, 'environmentId');
    await repo.setConcernEnvironment(k, environmentId);
    return { concernId, environmentId };
  },
  /** Links an activity (activity.manage reach) to an environment and/or a network of its unit. */
  async setActivityLink(s: Scope, activityId: string, input: ActivityLinkInput) {
    const a = await activityForUpdateInTrx(s, activityId);
    if (input.environmentId !== null) await environmentRepo(s).checkLinkable(input.environmentId, a.unitId, 'environmentId');
    if (input.networkId !== null) await networkRepo(s).checkLinkable(input.networkId, a.unitId, 'networkId');
    await environmentRepo(s).setActivityLink(a, input.environmentId, input.networkId);
    return { activityId, environmentId: input.environmentId, networkId: input.networkId };
  },
};

export const networks = {
  async create(s: Scope, input: NetworkInput) {
    s.requireRole('network.manage', { action: 'create', recordType: 'prevention_network' });
    checkDates(s, { field: 'startedOn', value: input.startedOn }, { field: 'endedOn', value: undefined }, input.startedOn);
    return presentNetwork(await networkRepo(s).create(input));
  },
  async list(s: Scope, kind: NetworkKind | undefined) {
    return (await networkRepo(s).list(kind)).map(presentNetwork);
  },
  async update(s: Scope, id: string, p: NetworkPatch) {
    const repo = networkRepo(s);
    const cur = await repo.get(id, 'network.manage', 'update');
    checkDates(s, { field: 'startedOn', value: undefined }, { field: 'endedOn', value: p.endedOn }, cur.started_on);
    return presentNetwork(await repo.update(cur, p));
  },
};
