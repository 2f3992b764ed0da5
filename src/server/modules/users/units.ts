import type { Scope } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';

interface UnitRow {
  id: string;
  name: string;
  municipality_code: string;
  police_district: string;
}

export const units = {
  /** Units are not personal data; listing them is not audited. */
  async list(s: Scope) {
    s.requireRole('units.read', { action: 'search', recordType: 'unit' });
    const r = await s.tx.query<UnitRow>(
      `SELECT u.id, u.name, u.municipality_code, d.name AS police_district FROM units u JOIN police_districts d ON d.id = u.police_district_id ORDER BY u.name`,
    );
    return r.rows.map((u) => ({ id: u.id, name: u.name, municipalityCode: u.municipality_code, policeDistrict: u.police_district }));
  },
};

/** Finds or creates a unit by municipality code (bootstrap, CLI, demo data). */
export async function ensureUnitInTrx(tx: Queryable, input: { name: string; municipalityCode: string; policeDistrictId: number }): Promise<string> {
  const found = await tx.query<{ id: string }>('SELECT id FROM units WHERE municipality_code = $1', [input.municipalityCode]);
  if (found.rows[0]) return found.rows[0].id;
  const r = await tx.query<{ id: string }>('INSERT INTO units (name, municipality_code, police_district_id) VALUES ($1, $2, $3) RETURNING id', [
    input.name, input.municipalityCode, input.policeDistrictId,
  ]);
  return r.rows[0]!.id;
}
