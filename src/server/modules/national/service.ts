import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { assembleCaseload, callsByGroup, groupOrder, publishCaseloadOverYears, sumPublishedCaseloads } from '../plans/index.ts';
import type {
  HotlineMembershipChange, NationalStatistics, NationalStatisticsQuery, NationalUnits, NewNationalUnit,
} from '../../../shared/national.ts';
import { nationalRepo } from './repo.ts';

/**
 * The national view and national administration (docs/domain.md, "The national view").
 *
 * The national analyst gets, for every municipality unit that takes part, the caseload table its own analyst gets
 * (whole calendar years only, each year published with small-count and complementary suppression, a range summed
 * from the published year cells: plans/suppression.ts), and the national table as the sum of those published unit
 * cells (withheld where any unit withholds). So every national figure is a sum of figures some unit's analyst sees
 * anyway, and no difference of national figures gives back a hidden cell. There is no drill-down and no record.
 */
export const national = {
  async statistics(s: Scope, q: NationalStatisticsQuery): Promise<NationalStatistics> {
    s.requireRole('national.statistics', { action: 'search', recordType: 'national_statistics', criterion: `caseload by ${q.groupBy}` });
    if (!q.from.endsWith('-01-01')) throw errors.invalidField('from', 'must be 1 January: national statistics cover whole calendar years');
    if (!q.to.endsWith('-12-31')) throw errors.invalidField('to', 'must be 31 December: national statistics cover whole calendar years');
    if (q.to < q.from) throw errors.invalidField('to', 'must not be before from');
    const firstYear = Number(q.from.slice(0, 4));
    const lastYear = Number(q.to.slice(0, 4));
    if (lastYear - firstYear > 20) throw errors.invalidField('to', 'the period may span at most 20 years');
    const repo = nationalRepo(s);
    const { units, optedOut } = await repo.takingPart();
    const counts = await repo.caseloadCounts(q.groupBy, q.from, q.to);
    const compare = groupOrder(q.groupBy, q.from, q.to);
    const tables = units.map((u) => {
      const c = counts.get(u.id);
      const years = [];
      for (let y = firstYear; y <= lastYear; y++) {
        years.push(assembleCaseload(q.groupBy, `${y}-01-01`, `${y}-12-31`,
          (c?.concerns ?? []).filter((r) => r.y === y), (c?.calls ?? []).filter((r) => r.y === y)));
      }
      return { unitId: u.id, name: u.name, municipalityCode: u.municipality_code, policeDistrict: u.police_district, ...publishCaseloadOverYears(years, compare) };
    });
    const districts = [...new Set(tables.map((u) => u.policeDistrict))].sort((a, b) => a.localeCompare(b, 'da'));
    const byPoliceDistrict = districts.map((d) => ({
      ...sumPublishedCaseloads(tables.filter((u) => u.policeDistrict === d).map((u) => ({ rows: [], total: u.total })), compare).total, group: d,
    }));
    s.audit({ action: 'search', recordType: 'national_statistics', criterion: `national caseload ${q.from}..${q.to} by ${q.groupBy}; ${units.length} units` });
    return {
      from: q.from, to: q.to, groupBy: q.groupBy, exactCounts: false, callsByGroup: callsByGroup(q.groupBy),
      units: tables, national: sumPublishedCaseloads(tables, compare), byPoliceDistrict, optedOut,
    };
  },

  async participation(s: Scope): Promise<{ takesPart: boolean }> {
    s.requireRole('national.participation', { action: 'read', recordType: 'unit', recordId: s.actor.unitId });
    return { takesPart: await nationalRepo(s).participation() };
  },

  async setParticipation(s: Scope, takesPart: boolean): Promise<{ takesPart: boolean }> {
    s.requireRole('national.participation', { action: 'update', recordType: 'unit', recordId: s.actor.unitId });
    const repo = nationalRepo(s);
    await repo.setParticipation(takesPart);
    return { takesPart: await repo.participation() };
  },

  async units(s: Scope): Promise<NationalUnits> {
    s.requireRole('national.units.manage', { action: 'search', recordType: 'unit' });
    return nationalRepo(s).units();
  },

  /** Creates a municipality's unit with its hotline memberships, in one transaction. */
  async createUnit(s: Scope, input: NewNationalUnit): Promise<NationalUnits['units'][number]> {
    s.requireRole('national.units.manage', { action: 'create', recordType: 'unit' });
    const repo = nationalRepo(s);
    repo.assertFree(await repo.codeTaken(input.municipalityCode));
    for (const [i, m] of input.hotlines.entries()) {
      if (!(await repo.hotlineExists(m.hotlineId))) throw errors.invalidField(`hotlines.${i}.hotlineId`, 'no such hotline');
    }
    const id = await repo.createUnit(input.name, input.municipalityCode, input.policeDistrictId);
    for (const m of input.hotlines) await repo.setHotlineMember(m.hotlineId, id, true, m.caseWork);
    return (await repo.units()).units.find((u) => u.id === id)!;
  },

  /** Puts a unit in a hotline (with or without case work) or takes it out. */
  async setHotlineMembership(s: Scope, unitId: string, hotlineId: string, change: HotlineMembershipChange): Promise<NationalUnits['units'][number]> {
    s.requireRole('national.units.manage', { action: 'update', recordType: 'hotline_membership', recordId: unitId });
    const repo = nationalRepo(s);
    if (!(await repo.unitExists(unitId))) s.refuse({ action: 'update', recordType: 'unit', recordId: unitId });
    if (!(await repo.hotlineExists(hotlineId))) s.refuse({ action: 'update', recordType: 'hotline', recordId: hotlineId });
    await repo.setHotlineMember(hotlineId, unitId, change.member, change.caseWork);
    return (await repo.units()).units.find((u) => u.id === unitId)!;
  },
};
