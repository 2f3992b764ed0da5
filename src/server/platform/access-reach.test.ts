import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../shared/policy.ts';
import { ROLES } from '../../shared/roles.ts';
import { ROW_KINDS, policyRows, rowReaches, type RowKind } from './access-reach.ts';

/**
 * Actions whose records row-level security does not narrow below the unit (or that touch no citizen record), each
 * with why. A new action must be put in a kind of ROW_KINDS or here, so the choice is made, not forgotten.
 */
const NOT_NARROWED: Partial<Record<Action, string>> = {
  'person.create': 'creates in the actor unit (any); the insert is checked by the person reach (creator or unit)',
  'person.match': 'unit-wide matching runs in vink_person_registered_matches (migration 0120)',
  'case.create': 'creates in the actor unit (any); the insert is checked by the case reach',
  'concern.create': 'creates in the actor unit (any); the insert is checked by the concern reach (creator or unit)',
  'concern.religion_overrides': 'a count without personal data, in vink_religion_override_count (migration 0190)',
  'users.manage': 'staff accounts: RLS of migration 0060',
  'role_grants.read': 'staff role requests, no citizen data: unit RLS of migration 0110',
  'role_grants.decide': 'staff role requests, no citizen data: unit RLS of migration 0110',
  'directory.read': 'staff names, no citizen data',
  'indicators.read': 'reference data',
  'call.create': 'calls are anonymous; unit RLS (0002)',
  'call.read': 'calls are anonymous; unit RLS (0002)',
  'call.forward': 'calls are anonymous; unit RLS (0002)',
  'transfer.request': 'the record is found through the unit reach; transfers: from/to unit RLS of migration 0291',
  'transfer.decide': 'transfers: from/to unit RLS of migration 0291; the move is checked in vink_transfer_move',
  'transfer.read': 'transfers: from/to unit RLS of migration 0291 (ids, units, legal basis; no content)',
  'known_person.ask': 'no row is read: the question runs in vink_known_person_ask (migration 0380) and answers units only',
  'known_person.settings.read': 'the unit setting, no personal data: unit RLS of migration 0380',
  'known_person.settings.manage': 'the unit setting, no personal data: unit RLS of migration 0380',
  'call.statistics': 'counts across the hotline member units, no row, in vink_hotline_call_counts (migration 0290)',
  'call.correct': 'calls are anonymous; unit RLS (0002)',
  'activity.read': 'prevention work, no personal data', 'activity.manage': 'prevention work, no personal data',
  'survey.manage': 'anonymous surveys', 'survey.results': 'anonymous surveys',
  'forum.read': 'organisations', 'forum.manage': 'organisations',
  'environment.read': 'risk environments, no personal data: unit RLS (0350)', 'environment.manage': 'risk environments, no personal data: unit RLS (0350)',
  'network.read': 'networks of organisations: unit RLS (0350)', 'network.manage': 'networks of organisations: unit RLS (0350)',
  'psychiatry.read': 'psychiatry consultations: unit RLS (0351); the concern or case is loaded through its own reach',
  'psychiatry.manage': 'psychiatry consultations: unit RLS (0351); the concern or case is loaded through its own reach',
  'plan.manage': 'action plans, no personal data', 'budget.manage': 'budgets, no personal data',
  'snooping.read': 'staff data for the DPO: unit and dpo-role RLS of migration 0230',
  'snooping.resolve': 'staff data for the DPO: unit and dpo-role RLS of migration 0230',
  'snooping.watch': 'watch flags: unit and dpo-role RLS of migration 0230; the person is checked against the unit in the database',
  'bias.read': 'counts without personal data, in vink_bias_counts (migration 0230)',
  'consent.read': 'consents: unit or member RLS and visible with their case (migration 0230); the case is loaded through the case reach',
  'consent.manage': 'consents: unit or member RLS and visible with their case (migration 0230); the case is loaded through the case reach',
  'document.read': 'documents: RLS of migration 0260 mirrors the record (concern or case); the shared flag is applied by the documents repository',
  'document.upload': 'documents: RLS of migration 0260 mirrors the record (concern or case); the insert is checked by the record reach',
  'document.share': 'documents: RLS of migration 0260 mirrors the record (concern or case)',
  'meeting.read': 'Infohus meetings: RLS of migration 0261 (unit or participant); items disclosed to the actor organisation are chosen by the meetings repository',
  'meeting.manage': 'Infohus meetings: unit RLS of migration 0261; decisions on concerns go through the concern reach (concerns module)',
  'retention.read': 'the schedule and receipts hold no personal data; upcoming counts in vink_retention_upcoming (0210)',
  'retention.manage': 'the schedule, no personal data',
  'access_request.manage': 'the DPO\'s own register of requests: unit RLS of migration 0220; the citizen\'s records are read with access_request.compile',
  'legal_hold.read': 'legal holds: unit RLS of migration 0200', 'legal_hold.manage': 'legal holds: unit RLS of migration 0200',
  'tasks.read': 'tasks: assignee or unit RLS (0002)', 'tasks.delegate': 'tasks: assignee or unit RLS (0002)',
  'notifications.read': 'own inbox: user_id RLS (0241)', 'notifications.settings': 'own settings: user_id RLS (0241)',
  'handover.manage': 'cases and concerns: unit RLS, checked by the repository', 'workload.read': 'counts only, no personal data', 'cover.manage': 'cover periods: staff data, unit RLS (0243)',
  'vocabulary.read': 'reference data (migration 0360)', 'vocabulary.manage': 'reference data; admin-only RLS of migration 0360',
  'workload.read_suppressed': 'counts only, suppressed', 'units.read': 'units', 'audit.read': 'audit trail: append-only, 0060',
  'national.statistics': 'counts across the units that take part, no row, in vink_national_caseload_counts (migration 0370)',
  'national.participation': 'a setting of the actor unit, no personal data, in vink_set_national_participation (migration 0370)',
  'national.units.manage': 'units and hotline memberships, no personal data, in SECURITY DEFINER functions of migration 0370',
};

describe('row kinds for row-level security (access-reach.ts)', () => {
  it('every action is in a kind of row or explicitly not narrowed, never both', () => {
    const inKinds = new Set<Action>(Object.values(ROW_KINDS).flatMap((k) => [...k.actions]));
    for (const a of ACTIONS) expect({ a, decided: inKinds.has(a) !== (a in NOT_NARROWED) }).toEqual({ a, decided: true });
  });

  it('every reach a role has on a kind of row is one migration 0120 can say in SQL for it (no silent deny)', () => {
    for (const kind of Object.keys(ROW_KINDS) as RowKind[]) {
      const supported: readonly string[] = ROW_KINDS[kind].reaches;
      for (const role of ROLES) for (const r of rowReaches(kind, role)) expect({ kind, role, r, ok: supported.includes(r) }).toEqual({ kind, role, r, ok: true });
    }
  });

  it('the rows written to access_reach are exactly the policy table', () => {
    const rows = policyRows();
    expect(new Set(rows.map((r) => `${r.role}/${r.action}/${r.reach}`)).size).toBe(rows.length);
    expect(rows).toContainEqual({ role: 'adviser', action: 'person.read', reach: 'creator' });
    expect(rows.some((r) => r.role === 'admin' && r.action === 'case.read')).toBe(false);
  });
});
