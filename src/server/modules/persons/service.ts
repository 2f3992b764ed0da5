import { personReachSql, type Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { maskCpr, parseCpr } from '../../../shared/cpr.ts';

interface PersonRow {
  id: string;
  unit_id: string;
  full_name: string;
  cpr: string | null;
  birth_date: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown';
  district: string | null;
  version: number;
}
const COLUMNS = 'p.id, p.unit_id, p.full_name, p.cpr, p.birth_date, p.gender, p.district, p.version';

/** Presenter: the CPR number leaves the server masked. */
function present(p: PersonRow) {
  return {
    id: p.id, unitId: p.unit_id, fullName: p.full_name, cprMasked: maskCpr(p.cpr), birthDate: p.birth_date, gender: p.gender,
    district: p.district, version: p.version,
  };
}

/** Loads a person the actor may reach for action, or refuses (audited, 404). */
async function getReachable(s: Scope, id: string, action: 'person.read' | 'person.update', audit: 'read' | 'update'): Promise<PersonRow> {
  const reaches = s.reaches(action);
  const params: unknown[] = [id];
  const r = await s.tx.query<PersonRow>(`SELECT ${COLUMNS} FROM persons p WHERE p.id = $1 AND ${personReachSql(reaches, s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'person', recordId: id, personId: id });
  return r.rows[0];
}

export const persons = {
  async create(s: Scope, input: { fullName: string; cpr?: string | undefined; birthDate?: string | undefined; gender: PersonRow['gender']; district?: string | undefined }) {
    s.requireRole('person.create', { action: 'create', recordType: 'person' });
    let cpr: string | null = null;
    let birthDate = input.birthDate ?? null;
    if (input.cpr) {
      const info = parseCpr(input.cpr);
      if (!info) throw errors.invalidField('cpr', 'is not a valid CPR number (DDMMYY-SSSS with a real date)');
      cpr = info.normalised;
      if (birthDate && birthDate !== info.birthDate) throw errors.invalidField('birthDate', 'does not match the CPR number');
      birthDate = info.birthDate;
    }
    const r = await s.tx.query<PersonRow>(
      `INSERT INTO persons AS p (unit_id, full_name, cpr, birth_date, gender, district, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${COLUMNS}`,
      [s.actor.unitId, input.fullName, cpr, birthDate, input.gender, input.district ?? null, s.actor.id, s.now],
    );
    const row = r.rows[0]!;
    s.audit({ action: 'create', recordType: 'person', recordId: row.id, personId: row.id });
    return present(row);
  },

  async get(s: Scope, id: string) {
    const row = await getReachable(s, id, 'person.read', 'read');
    s.audit({ action: 'read', recordType: 'person', recordId: id, personId: id });
    return present(row);
  },

  /** Search by name or CPR among the persons the actor may see; the criterion is audited. */
  async search(s: Scope, q: string) {
    const reaches = s.requireRole('person.read', { action: 'search', recordType: 'person', criterion: q });
    const cpr = parseCpr(q);
    const params: unknown[] = [];
    let match: string;
    if (cpr) {
      params.push(cpr.normalised);
      match = `p.cpr = $${params.length}`;
    } else {
      params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      match = `p.full_name ILIKE $${params.length}`;
    }
    const r = await s.tx.query<PersonRow>(
      `SELECT ${COLUMNS} FROM persons p WHERE ${match} AND ${personReachSql(reaches, s.actor, params)} ORDER BY p.full_name LIMIT 50`,
      params,
    );
    s.audit({ action: 'search', recordType: 'person', criterion: q });
    return r.rows.map(present);
  },

  async update(s: Scope, id: string, patch: { version: number; fullName?: string | undefined; birthDate?: string | null | undefined; gender?: PersonRow['gender'] | undefined; district?: string | null | undefined }) {
    const current = await getReachable(s, id, 'person.update', 'update');
    if (patch.birthDate && current.cpr && parseCpr(current.cpr)?.birthDate !== patch.birthDate) {
      throw errors.invalidField('birthDate', 'does not match the CPR number');
    }
    const r = await s.tx.query<PersonRow>(
      `UPDATE persons AS p SET full_name = coalesce($3, full_name),
         birth_date = CASE WHEN $4::boolean THEN $5::date ELSE birth_date END,
         gender = coalesce($6, gender),
         district = CASE WHEN $7::boolean THEN $8 ELSE district END,
         version = version + 1, updated_at = $9
       WHERE p.id = $1 AND p.version = $2 RETURNING ${COLUMNS}`,
      [id, patch.version, patch.fullName ?? null, patch.birthDate !== undefined, patch.birthDate ?? null, patch.gender ?? null,
        patch.district !== undefined, patch.district ?? null, s.now],
    );
    if (!r.rows[0]) throw errors.staleVersion(current.version);
    s.audit({ action: 'update', recordType: 'person', recordId: id, personId: id });
    return present(r.rows[0]);
  },
};
