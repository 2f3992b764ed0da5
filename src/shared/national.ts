import { z } from 'zod';
import { IsoDate } from './contracts.ts';
import { CaseloadGroupBy, CaseloadRow } from './plans.ts';

/**
 * The national view and national administration (docs/domain.md, "The national view"). The national analyst sees
 * each taking-part unit's caseload table exactly as that unit's analyst sees it (suppressed), and the national table
 * as the cell-wise sum of those published cells; never a record, never a drill-down.
 */
export const NationalStatisticsQuery = z.strictObject({ from: IsoDate, to: IsoDate, groupBy: CaseloadGroupBy });
export type NationalStatisticsQuery = z.infer<typeof NationalStatisticsQuery>;

export const NationalUnitTable = z.object({
  unitId: z.uuid(),
  name: z.string(),
  municipalityCode: z.string(),
  policeDistrict: z.string(),
  rows: z.array(CaseloadRow),
  total: CaseloadRow,
});
export type NationalUnitTable = z.infer<typeof NationalUnitTable>;

export const NationalStatistics = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: CaseloadGroupBy,
  /** Always false: the national view never has exact small counts. */
  exactCounts: z.literal(false),
  callsByGroup: z.boolean(),
  /** The units that take part, each as its own analyst sees it. */
  units: z.array(NationalUnitTable),
  /** The sum of the units' published cells; a cell is withheld when any unit withholds it. */
  national: z.object({ rows: z.array(CaseloadRow), total: CaseloadRow }),
  /**
   * The period's totals by police district (group: the district's name): each the sum of the published totals of the
   * district's units, withheld where any of them withholds.
   */
  byPoliceDistrict: z.array(CaseloadRow),
  /** How many municipality units have opted out (their figures are in no table). */
  optedOut: z.number().int(),
});
export type NationalStatistics = z.infer<typeof NationalStatistics>;

/** A unit's own setting: does it take part in the national statistics? */
export const NationalParticipation = z.strictObject({ takesPart: z.boolean() });
export type NationalParticipation = z.infer<typeof NationalParticipation>;

export const MunicipalityCode = z.string().regex(/^[0-9]{3}$/, 'must be a 3-digit municipality code');

export const HotlineMembership = z.object({ hotlineId: z.uuid(), caseWork: z.boolean() });
export type HotlineMembership = z.infer<typeof HotlineMembership>;

/** A unit as the national administrator sees it: no person, no case, only the unit and its hotline memberships. */
export const NationalUnit = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['municipality', 'national']),
  municipalityCode: z.string().nullable(),
  policeDistrictId: z.number().int().nullable(),
  policeDistrict: z.string().nullable(),
  takesPartNationally: z.boolean(),
  hotlines: z.array(HotlineMembership),
});
export type NationalUnit = z.infer<typeof NationalUnit>;

export const Hotline = z.object({ id: z.uuid(), name: z.string() });
export const NationalUnits = z.object({ units: z.array(NationalUnit), hotlines: z.array(Hotline) });
export type NationalUnits = z.infer<typeof NationalUnits>;

export const NewNationalUnit = z.strictObject({
  name: z.string().trim().min(1).max(200),
  municipalityCode: MunicipalityCode,
  policeDistrictId: z.number().int().min(1).max(12),
  hotlines: z.array(HotlineMembership).max(20).default([]),
});
export type NewNationalUnit = z.infer<typeof NewNationalUnit>;

export const HotlineMembershipChange = z.strictObject({ member: z.boolean(), caseWork: z.boolean().default(true) });
export type HotlineMembershipChange = z.infer<typeof HotlineMembershipChange>;
