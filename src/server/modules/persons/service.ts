import type { Scope } from '../../access/scope.ts';
import { personReachSql } from './repo.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { maskCpr, parseCpr } from '../../../shared/cpr.ts';
import { danishDate, isMinor, type PersonCreate } from '../../../shared/intake.ts';
import { maskName, matchScore, nameInitials } from './matching.ts';

export interface PersonRow {
  id: string;
  unit_id: string;
  full_name: string;
  cpr: string | null;
  birth_date: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown';
  district: string | null;
  version: number;
}
export const PERSON_COLUMNS = 'p.id, p.unit_id, p.full_name, p.cpr, p.birth_date, p.gender, p.district, p.version';
const COLUMNS = PERSON_COLUMNS;
/** First-letter folding for the candidate query (kept equal in length: translate() maps letter by letter). */
const FOLD_FROM = 'æøåäáàâãöóòôõüúùûéèêëíìîïçñÆØÅÄÁÀÂÃÖÓÒÔÕÜÚÙÛÉÈÊËÍÌÎÏÇÑ';
const FOLD_TO = 'aoaaaaaaooooouuuueeeeiiiicnaoaaaaaaooooouuuueeeeiiiicn';

/**
 * Presenter: the CPR number leaves the server masked. A minor (under 18 today) carries the social-services report
 * duty (serviceloven § 153), so the UI can remind the adviser of it wherever the person is shown.
 */
export function presentPerson(p: PersonRow, now: Date) {
  const minor = isMinor(p.birth_date, now);
  return {
    id: p.id, unitId: p.unit_id, fullName: p.full_name, cprMasked: maskCpr(p.cpr), birthDate: p.birth_date, gender: p.gender,
    district: p.district, version: p.version, minor, socialServicesReportDuty: minor,
  };
}

/** Loads a person the actor may reach for action, or refuses (audited, 404). */
async function getReachable(
  s: Scope, id: string, action: 'person.read' | 'person.update' | 'person.reveal_cpr', audit: 'read' | 'update' | 'reveal',
): Promise<PersonRow> {
  const reaches = s.reaches(action);
  const params: unknown[] = [id];
  const r = await s.tx.query<PersonRow>(`SELECT ${COLUMNS} FROM persons p WHERE p.id = $1 AND ${personReachSql(reaches, s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType: 'person', recordId: id, personId: id });
  return r.rows[0];
}

/** The person with this (normalised) CPR number in the actor's unit, if any. */
async function findByCprInUnit(s: Scope, cpr: string): Promise<string | null> {
  const r = await s.tx.query<{ id: string }>('SELECT id FROM persons WHERE cpr = $1 AND unit_id = ANY($2::uuid[]) LIMIT 1', [cpr, s.actor.unitIds]);
  return r.rows[0]?.id ?? null;
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

/**
 * Inserts a person into the actor's unit, without an audit row (the caller writes the one row of its request).
 * The CPR number is validated (a real date), and gives the birth date and, when no gender is given, the legal sex.
 * An existing person with the same CPR number in the unit is refused with 409 naming that record, so the same
 * citizen is never registered twice; the refusal is audited with refusal.
 */
export async function createPersonInTrx(s: Scope, input: PersonCreate, refusal: Omit<AuditEntry, 'outcome'>): Promise<PersonRow> {
  let cpr: string | null = null;
  let birthDate = input.birthDate ?? null;
  let gender = input.gender;
  if (input.cpr) {
    const info = parseCpr(input.cpr);
    if (!info) throw errors.invalidField('cpr', 'is not a valid CPR number (DDMMYY-SSSS with a real date)');
    if (info.birthDate > danishDate(s.now)) throw errors.invalidField('cpr', 'gives a birth date in the future');
    cpr = info.normalised;
    if (birthDate && birthDate !== info.birthDate) throw errors.invalidField('birthDate', 'does not match the CPR number');
    birthDate = info.birthDate;
    gender ??= info.legalSex;
    const existing = await findByCprInUnit(s, cpr);
    if (existing) duplicate(s, refusal, existing);
  }
  if (birthDate && birthDate > danishDate(s.now)) throw errors.invalidField('birthDate', 'must not be in the future');
  try {
    const r = await s.tx.query<PersonRow>(
      `INSERT INTO persons AS p (unit_id, full_name, cpr, birth_date, gender, district, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${COLUMNS}`,
      [s.actor.unitId, input.fullName, cpr, birthDate, gender ?? 'unknown', input.district ?? null, s.actor.id, s.now],
    );
    return r.rows[0]!;
  } catch (err) {
    // Two registrations of the same CPR number at the same moment: the unique index decides, the loser gets 409.
    if (isUniqueViolation(err, 'persons_unit_cpr_uq')) throw errors.conflict('A person with this CPR number already exists in your unit.');
    throw err;
  }
}

function duplicate(s: Scope, refusal: Omit<AuditEntry, 'outcome'>, existingId: string): never {
  return s.refuse(
    { ...refusal, personId: existingId, criterion: 'duplicate CPR refused' },
    errors.conflict(`A person with this CPR number already exists in your unit: ${existingId}. Use that record (personId).`, {
      existingPersonId: existingId,
    }),
  );
}

/** A person of the actor's unit (by id) for linking a new concern, or null. */
export async function findPersonInUnitInTrx(s: Scope, id: string): Promise<PersonRow | null> {
  const r = await s.tx.query<PersonRow>(`SELECT ${COLUMNS} FROM persons p WHERE p.id = $1 AND p.unit_id = ANY($2::uuid[])`, [id, s.actor.unitIds]);
  return r.rows[0] ?? null;
}

/** Any person visible under row-level security (own unit, case member, or a concern shared with the actor). */
export async function findVisiblePersonInTrx(s: Scope, id: string): Promise<PersonRow | null> {
  const r = await s.tx.query<PersonRow>(`SELECT ${COLUMNS} FROM persons p WHERE p.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export const persons = {
  async create(s: Scope, input: PersonCreate) {
    s.requireRole('person.create', { action: 'create', recordType: 'person' });
    const row = await createPersonInTrx(s, input, { action: 'create', recordType: 'person' });
    s.audit({ action: 'create', recordType: 'person', recordId: row.id, personId: row.id });
    return presentPerson(row, s.now);
  },

  async get(s: Scope, id: string) {
    const row = await getReachable(s, id, 'person.read', 'read');
    s.audit({ action: 'read', recordType: 'person', recordId: id, personId: id });
    return presentPerson(row, s.now);
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
    return r.rows.map((p) => presentPerson(p, s.now));
  },

  /**
   * Proposes existing records before a new person is registered (duplicate detection), within the actor's unit:
   * an exact CPR match, or names that are alike (case, æ/ø/å and diacritics ignored) weighed with the birth date.
   * Only masked data leaves: initials, birth date, masked CPR. The criterion is audited as a search.
   */
  async match(s: Scope, input: { cpr?: string | undefined; fullName?: string | undefined; birthDate?: string | undefined }) {
    const criterion = [input.cpr && `cpr=${input.cpr}`, input.fullName && `name=${input.fullName}`, input.birthDate && `birthDate=${input.birthDate}`]
      .filter(Boolean).join('; ') || 'empty';
    const reaches = s.requireRole('person.match', { action: 'search', recordType: 'person', criterion });
    if (!input.cpr && !input.fullName) throw errors.invalidField('fullName', 'give a CPR number or a name to look for');
    let birthDate = input.birthDate ?? null;
    let cpr: string | null = null;
    if (input.cpr) {
      const info = parseCpr(input.cpr);
      if (!info) throw errors.invalidField('cpr', 'is not a valid CPR number (DDMMYY-SSSS with a real date)');
      cpr = info.normalised;
      if (birthDate && birthDate !== info.birthDate) throw errors.invalidField('birthDate', 'does not match the CPR number');
      birthDate = info.birthDate;
    }
    // Matching reaches the whole unit (person.match), not only the records the actor may open.
    const unitOnly = reaches.filter((r) => r === 'unit');
    const found = new Map<string, { personId: string; nameMasked: string; birthDate: string | null; cprMasked: string | null; score: number; matchedOn: 'cpr' | 'name_birth_date' | 'name' }>();
    if (cpr) {
      const params: unknown[] = [cpr];
      const r = await s.tx.query<PersonRow>(`SELECT ${COLUMNS} FROM persons p WHERE p.cpr = $1 AND ${personReachSql(unitOnly, s.actor, params)}`, params);
      for (const p of r.rows) found.set(p.id, { personId: p.id, nameMasked: maskName(p.full_name), birthDate: p.birth_date, cprMasked: maskCpr(p.cpr), score: 1, matchedOn: 'cpr' });
    }
    if (input.fullName) {
      // A bounded candidate set: same birth date, or a name part starting with one of the query's initials (first
      // letters folded like normaliseName: æ→a, ø→o, å→a, é→e …; upper case listed too, since lower() leaves
      // non-ASCII letters alone under the C locale). The similarity is then computed in TypeScript.
      const params: unknown[] = [birthDate, nameInitials(input.fullName)];
      const r = await s.tx.query<PersonRow>(
        `SELECT ${COLUMNS} FROM persons p
         WHERE ${personReachSql(unitOnly, s.actor, params)}
           AND (p.birth_date = $1::date
                OR EXISTS (SELECT 1 FROM regexp_split_to_table(lower(p.full_name), '[[:space:].,-]+') t
                           WHERE t <> '' AND translate(left(t, 1), '${FOLD_FROM}', '${FOLD_TO}') = ANY($2::text[])))
         ORDER BY (p.birth_date = $1::date) DESC NULLS LAST, p.created_at DESC
         LIMIT 2000`,
        params,
      );
      for (const p of r.rows) {
        if (found.has(p.id)) continue;
        const m = matchScore({ fullName: input.fullName, birthDate }, { fullName: p.full_name, birthDate: p.birth_date });
        if (m) found.set(p.id, { personId: p.id, nameMasked: maskName(p.full_name), birthDate: p.birth_date, cprMasked: maskCpr(p.cpr), ...m });
      }
    }
    s.audit({ action: 'search', recordType: 'person', criterion: `match ${criterion}` });
    return [...found.values()].sort((a, b) => b.score - a.score).slice(0, 10);
  },

  /**
   * Shows the full CPR number. It is masked everywhere else (databeskyttelsesloven § 11), so every reveal is its
   * own audited act ('reveal'), tied to the person for the citizen's right of access.
   */
  async revealCpr(s: Scope, id: string) {
    const row = await getReachable(s, id, 'person.reveal_cpr', 'reveal');
    s.audit({ action: 'reveal', recordType: 'person', recordId: id, personId: id, criterion: 'cpr' });
    return { personId: id, cpr: row.cpr };
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
    return presentPerson(r.rows[0], s.now);
  },
};
