import { repository, systemRepository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { CaseloadGroupBy } from '../../../shared/plans.ts';
import type { HotlineMembership, NationalUnit } from '../../../shared/national.ts';
import type { ConcernGroupCounts } from '../plans/index.ts';

/**
 * The national module's SQL (docs/domain.md, "The national view"). The national roles reach no row of any unit:
 * the counts come from SECURITY DEFINER functions of migration 0370 that answer only the national analyst, and the
 * national administrator changes units and hotline memberships through functions that check the role in the
 * database too. Units and hotlines hold no personal data.
 */

export interface UnitCounts {
  unitId: string;
  concerns: (ConcernGroupCounts & { y: number })[];
  calls: { y: number; g: string; n: number }[];
}
export interface TakingPart { id: string; name: string; municipality_code: string; police_district: string }

export const nationalRepo = repository((tx, s) => ({
  /** The municipality units that take part, and how many have opted out. */
  async takingPart(): Promise<{ units: TakingPart[]; optedOut: number }> {
    const r = await tx.query<TakingPart & { national_statistics: boolean }>(
      `SELECT u.id, u.name, u.municipality_code, d.name AS police_district, u.national_statistics
         FROM units u JOIN police_districts d ON d.id = u.police_district_id WHERE u.kind = 'municipality' ORDER BY u.name, u.municipality_code`);
    return { units: r.rows.filter((u) => u.national_statistics), optedOut: r.rows.filter((u) => !u.national_statistics).length };
  },

  /** Raw counts per taking-part unit, by calendar year and group (two statements for all units). */
  async caseloadCounts(groupBy: CaseloadGroupBy, from: string, to: string): Promise<Map<string, UnitCounts>> {
    const concerns = await tx.query<ConcernGroupCounts & { unit_id: string; y: number }>(
      'SELECT unit_id, y, g, concerns, justified, offered, accepted, courses FROM vink_national_concern_counts($1, $2::date, $3::date)', [groupBy, from, to]);
    const calls = await tx.query<{ unit_id: string; y: number; g: string; n: number }>(
      'SELECT unit_id, y, g, n FROM vink_national_call_counts($1, $2::date, $3::date)', [groupBy, from, to]);
    const out = new Map<string, UnitCounts>();
    const of = (unitId: string) => out.get(unitId) ?? out.set(unitId, { unitId, concerns: [], calls: [] }).get(unitId)!;
    for (const { unit_id, ...row } of concerns.rows) of(unit_id).concerns.push(row);
    for (const { unit_id, ...row } of calls.rows) of(unit_id).calls.push(row);
    return out;
  },

  /** Whether the actor's unit takes part in the national statistics. */
  async participation(): Promise<boolean> {
    const r = await tx.query<{ national_statistics: boolean }>('SELECT national_statistics FROM units WHERE id = $1', [s.actor.unitId]);
    return r.rows[0]?.national_statistics ?? false;
  },

  /** Sets the actor's unit's participation (checked again in vink_set_national_participation); audited as a change of the unit. */
  async setParticipation(takesPart: boolean): Promise<void> {
    await tx.query('SELECT vink_set_national_participation($1)', [takesPart]);
    s.audit({ action: 'update', recordType: 'unit', recordId: s.actor.unitId, criterion: `national statistics: ${takesPart ? 'takes part' : 'opted out'}` });
  },

  /** Every unit with its hotline memberships, and the hotlines. */
  async units(): Promise<{ units: NationalUnit[]; hotlines: { id: string; name: string }[] }> {
    const u = await tx.query<{
      id: string; name: string; kind: 'municipality' | 'national'; municipality_code: string | null; police_district_id: number | null;
      police_district: string | null; national_statistics: boolean; hotlines: HotlineMembership[];
    }>(
      `SELECT u.id, u.name, u.kind, u.municipality_code, u.police_district_id, d.name AS police_district, u.national_statistics,
              coalesce((SELECT json_agg(json_build_object('hotlineId', m.hotline_id, 'caseWork', m.case_work) ORDER BY m.hotline_id)
                          FROM hotline_members m WHERE m.unit_id = u.id), '[]') AS hotlines
         FROM units u LEFT JOIN police_districts d ON d.id = u.police_district_id
        ORDER BY u.kind DESC, u.name`);
    const h = await tx.query<{ id: string; name: string }>('SELECT id, name FROM hotlines ORDER BY name');
    return {
      units: u.rows.map((x) => ({
        id: x.id, name: x.name, kind: x.kind, municipalityCode: x.municipality_code, policeDistrictId: x.police_district_id,
        policeDistrict: x.police_district, takesPartNationally: x.national_statistics, hotlines: x.hotlines,
      })),
      hotlines: h.rows,
    };
  },

  async hotlineExists(id: string): Promise<boolean> {
    return (await tx.query('SELECT 1 FROM hotlines WHERE id = $1', [id])).rowCount === 1;
  },
  async unitExists(id: string): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM units WHERE id = $1 AND kind = 'municipality'`, [id])).rowCount === 1;
  },
  async codeTaken(code: string): Promise<boolean> {
    return (await tx.query('SELECT 1 FROM units WHERE municipality_code = $1', [code])).rowCount === 1;
  },

  /** Creates a municipality's unit (vink_national_create_unit); audited in the actor's trail and in the new unit's. */
  async createUnit(name: string, code: string, district: number): Promise<string> {
    const r = await tx.query<{ id: string }>('SELECT vink_national_create_unit($1, $2, $3::smallint) AS id', [name, code, district]);
    const id = r.rows[0]!.id;
    const entry = { action: 'create' as const, recordType: 'unit', recordId: id, criterion: `unit ${code} ${name} (police district ${district})` };
    s.audit(entry);
    s.auditInUnit(id, entry);
    return id;
  },

  /** Joins or leaves a hotline (vink_national_set_hotline_member); audited in both trails when anything changed. */
  async setHotlineMember(hotlineId: string, unitId: string, member: boolean, caseWork: boolean): Promise<boolean> {
    const r = await tx.query<{ changed: boolean }>('SELECT vink_national_set_hotline_member($1, $2, $3, $4) AS changed', [hotlineId, unitId, member, caseWork]);
    const changed = r.rows[0]!.changed;
    if (changed) {
      const entry = {
        action: 'update' as const, recordType: 'hotline_membership', recordId: unitId,
        criterion: `hotline ${hotlineId}: ${member ? (caseWork ? 'member with case work' : 'member, hotline only') : 'left'}`,
      };
      s.audit(entry);
      s.auditInUnit(unitId, entry);
    }
    return changed;
  },

  /** A 400 when the municipality code already has a unit. */
  assertFree(taken: boolean): void {
    if (taken) throw errors.invalidField('municipalityCode', 'already has a unit');
  },
}));

/**
 * Hotline memberships on the system path (the CLI's create-unit --hotline and hotline-member): audited as
 * 'system:cli' with purpose 'administration' in the unit's trail, like the CLI's other changes to units.
 */
export const nationalSystemRepo = systemRepository((tx, s) => ({
  /** Joins (creating the hotline by name if needed) or leaves a hotline; true when anything changed. */
  async setHotlineMember(hotlineName: string, unitId: string, member: boolean, caseWork: boolean): Promise<boolean> {
    let changed: boolean;
    if (member) {
      await tx.query('INSERT INTO hotlines (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [hotlineName]);
      const r = await tx.query(
        `INSERT INTO hotline_members (hotline_id, unit_id, case_work) SELECT h.id, $2, $3 FROM hotlines h WHERE h.name = $1
         ON CONFLICT ON CONSTRAINT hotline_members_pk DO UPDATE SET case_work = EXCLUDED.case_work
         WHERE hotline_members.case_work IS DISTINCT FROM EXCLUDED.case_work`, [hotlineName, unitId, caseWork]);
      changed = r.rowCount === 1;
    } else {
      const r = await tx.query('DELETE FROM hotline_members m USING hotlines h WHERE h.id = m.hotline_id AND h.name = $1 AND m.unit_id = $2', [hotlineName, unitId]);
      changed = r.rowCount === 1;
    }
    if (changed) {
      s.audit({
        action: 'update', outcome: 'ok', recordType: 'hotline_membership', recordId: unitId,
        criterion: `hotline ${hotlineName}: ${member ? (caseWork ? 'member with case work' : 'member, hotline only') : 'left'}`,
      }, { unitId, purpose: 'administration' });
    }
    return changed;
  },
}));
