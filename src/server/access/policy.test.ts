import { describe, expect, it } from 'vitest';
import { POLICY, reachesFor, mayAttempt } from './policy.ts';
import { ROLES } from '../../shared/roles.ts';

describe('need-to-know policy (docs/domain.md, "Who uses it")', () => {
  it('administrators manage users but read no case content', () => {
    expect(mayAttempt('users.manage', 'admin')).toBe(true);
    for (const action of ['person.read', 'case.read', 'case.notes.read'] as const) expect(reachesFor(action, 'admin')).toEqual([]);
  });
  it('analysts reach no individual records', () => {
    for (const action of Object.keys(POLICY) as (keyof typeof POLICY)[]) {
      if (action.startsWith('person.') || action.startsWith('case.')) expect(reachesFor(action, 'analyst')).toEqual([]);
    }
  });
  it('mentors and coaches never read the case or person record (their courses give the minimum)', () => {
    expect(reachesFor('case.read', 'mentor')).toEqual([]);
    expect(reachesFor('person.read', 'mentor')).toEqual([]);
  });
  it('partners and police reach cases only as members, never by unit', () => {
    for (const role of ['partner', 'police_liaison'] as const) {
      expect(reachesFor('case.read', role)).toEqual(['member']);
      expect(reachesFor('case.update', role)).toEqual([]);
    }
  });
  it('mentors do not read case notes', () => {
    expect(reachesFor('case.notes.read', 'mentor')).toEqual([]);
  });
  it('coordinators own the whole unit; only they open cases', () => {
    expect(reachesFor('case.read', 'coordinator')).toEqual(['unit']);
    expect(ROLES.filter((r) => mayAttempt('case.create', r))).toEqual(['coordinator']);
  });
  it('only the DPO reads the audit trail', () => {
    expect(ROLES.filter((r) => mayAttempt('audit.read', r))).toEqual(['dpo']);
  });
});
