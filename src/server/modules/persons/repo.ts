import type { Actor } from '../../access/actor.ts';
import type { Reach } from '../../access/policy.ts';
import { reachSql, repository, type ReachRules } from '../../access/scope.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { named } from '../../platform/db.ts';
import { maskCpr } from '../../../shared/cpr.ts';
import { diffFields, fieldHistoryInTrx, recordFieldChangesInTrx } from '../../platform/field-history.ts';
import { isMinor } from '../../../shared/intake.ts';
import { issueHandle } from './handles.ts';
import { maskName, matchScore, MIN_SEARCH_WORD_SIMILARITY, MIN_UNSEEN_NAME_SIMILARITY, nameInitials } from './matching.ts';

/**
 * The persons module's repository: the only place where SQL on persons lives (docs/architecture.md). Other modules
 * reach persons only through ./index.ts. Every method that shows a person to a human applies the actor's reach,
 * masks the CPR number and records the audit row itself, so no caller can skip them.
 */

export interface PersonRow {
  id: string;
  unit_id: string;
  full_name: string;
  cpr: string | null;
  birth_date: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown';
  district: string | null;
  version: number;
  /** Without a birth date: the latest concern's answer to "under 18?" (migration 0230); null otherwise or unanswered. */
  minor_stated: 'yes' | 'no' | 'unknown' | null;
}
export const PERSON_COLUMNS =
  'p.id, p.unit_id, p.full_name, p.cpr, p.birth_date, p.gender, p.district, p.version, CASE WHEN p.birth_date IS NULL THEN vink_person_minor_stated(p.id) END AS minor_stated';

/**
 * A person a concern is linked to, with whether the actor may read the person (person.read). An adviser may register
 * a concern about a person of the unit they may not read (found by a match): the concern then shows that the person
 * is registered, and nothing of who it is (docs/domain.md, "Who uses it").
 */
export interface LinkedPerson extends PersonRow {
  readable: boolean;
}
const COLUMNS = PERSON_COLUMNS;
/** First-letter folding for the candidate query (kept equal in length: translate() maps letter by letter). */
const FOLD_FROM = 'æøåäáàâãöóòôõüúùûéèêëíìîïçñÆØÅÄÁÀÂÃÖÓÒÔÕÜÚÙÛÉÈÊËÍÌÎÏÇÑ';
const FOLD_TO = 'aoaaaaaaooooouuuueeeeiiiicnaoaaaaaaooooouuuueeeeiiiicn';

// 'member' and 'shared' depend on cases and concerns; the database answers them (migration 0050), so this module
// imports neither (cases and concerns import persons).
const PERSON_RULES: ReachRules = {
  creator: (p, actor) => `${p}.created_by = ${actor}`,
  member: (p, actor) => `vink_person_in_member_case(${p}.id, ${actor})`,
  shared: (p, actor) => `vink_person_in_shared_concern(${p}.id, ${actor})`,
};

/** SQL predicate for a person alias given the actor's reaches. */
export function personReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'p'): string {
  return reachSql(reaches, actor, params, alias, PERSON_RULES);
}

/**
 * Presenter: the CPR number leaves the server masked. A minor (under 18 today) carries the report
 * duty (barnets lov § 133), so the UI can remind the adviser of it wherever the person is shown.
 */
export function presentPerson(p: PersonRow, now: Date) {
  // An unknown birth date is never "not a minor": the intake's stated answer decides, else the age is unknown (null)
  // and the duty to report stays in view (barnets lov § 133; src/shared/intake.ts concernMinor).
  const stated = p.minor_stated ?? null;
  const minor = p.birth_date ? isMinor(p.birth_date, now) : stated === 'yes' ? true : stated === 'no' ? false : null;
  return {
    id: p.id, unitId: p.unit_id, fullName: p.full_name, cprMasked: maskCpr(p.cpr), birthDate: p.birth_date, gender: p.gender,
    district: p.district, version: p.version, minor, socialServicesReportDuty: minor !== false,
  };
}

/** A new person's fields as the service validated them (CPR normalised; birth date and gender derived from it). */
export interface NewPerson {
  fullName: string;
  cpr: string | null;
  birthDate: string | null;
  gender: PersonRow['gender'];
  district: string | null;
}

/** A person update; undefined leaves a field as it is, null clears it. */
export interface PersonChange {
  version: number;
  fullName?: string | undefined;
  birthDate?: string | null | undefined;
  gender?: PersonRow['gender'] | undefined;
  district?: string | null | undefined;
  /** A CPR number added later, normalised by the service (only while the person has none). */
  cpr?: string | undefined;
}

/** A person search as the service parsed it: exactly one of cpr, birthDate or folded (the folded name) is used. */
export interface PersonSearchQuery {
  cpr: string | null;
  birthDate: string | null;
  folded: string;
  offset: number;
  limit: number;
  criterion: string;
}

/** A duplicate-detection query as the service validated it; criterion is what the audit row records. */
export interface PersonMatchQuery {
  cpr: string | null;
  fullName: string | null;
  birthDate: string | null;
  criterion: string;
}

type MatchedOn = 'cpr' | 'name_birth_date' | 'name';
type ReadableRow = PersonRow & { readable: boolean };

/** A proposed match as it leaves the server (shared/intake.ts PersonMatch). */
interface Proposal {
  personId: string;
  registered: true;
  visible: boolean;
  nameMasked: string | null;
  birthDate: string | null;
  cprMasked: string | null;
  score: number | null;
  matchedOn: MatchedOn;
  minor: boolean;
}
type Refusal = Omit<AuditEntry, 'outcome'>;

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

/**
 * A registration the actor may not read, as the database's match and link functions give it (migration 0120): the id
 * (sealed into a handle before it leaves), the unit and the birth date (for the minor flag only). Nothing else of
 * the record is known to this process.
 */
function unreadable(id: string, unitId: string, birthDate: string | null): ReadableRow {
  return { id, unit_id: unitId, full_name: '', cpr: null, birth_date: birthDate, gender: 'unknown', district: null, version: 0, minor_stated: null, readable: false };
}

export const personRepo = repository((tx, s) => {
  /** A select column: whether the actor may read person p (person.read), appending its parameters. */
  function readableSql(params: unknown[]): string {
    return `${personReachSql(s.reaches('person.read'), s.actor, params)} AS readable`;
  }

  /**
   * How the actor may refer to a person: the id when they may read it, else a sealed handle bound to them
   * (./handles.ts), so the id of a person outside reach never leaves.
   */
  function refFor(p: ReadableRow): string {
    return p.readable ? p.id : issueHandle(p.id, s.actor, s.now);
  }

  /** The person by id as the actor may read it (row-level security and person.read), or null. */
  async function readableById(id: string): Promise<ReadableRow | null> {
    const params: unknown[] = [id];
    const r = await tx.query<ReadableRow>(`SELECT ${COLUMNS}, ${readableSql(params)} FROM persons p WHERE p.id = $1`, params);
    const row = r.rows[0];
    return row?.readable ? row : null;
  }

  /**
   * A person of the actor's units by id, readable or not: the full row when the actor may read it, else only that it
   * is registered (vink_person_registered, migration 0120: the app role cannot see persons outside its reach).
   */
  async function registeredById(id: string): Promise<ReadableRow | null> {
    const seen = await readableById(id);
    if (seen) return seen;
    const r = await tx.query<{ person_id: string; unit_id: string; birth_date: string | null }>(
      `SELECT person_id, unit_id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM vink_person_registered($1)`, [id]);
    const row = r.rows[0];
    return row ? unreadable(row.person_id, row.unit_id, row.birth_date) : null;
  }

  /**
   * The unit's registrations the actor may not open that match exactly: the CPR number, or the birth date with a name
   * at least MIN_UNSEEN_NAME_SIMILARITY alike. Compared in the database (vink_person_registered_matches, migration
   * 0120), so neither the rows nor their names reach the actor's transaction.
   */
  async function registeredMatches(cpr: string | null, fullName: string | null, birthDate: string | null) {
    const r = await tx.query<{ person_id: string; unit_id: string; matched_on: 'cpr' | 'name_birth_date'; birth_date: string | null }>(
      `SELECT person_id, unit_id, matched_on, to_char(birth_date, 'YYYY-MM-DD') AS birth_date
         FROM vink_person_registered_matches($1, $2, $3::date, $4)`,
      [cpr, fullName, birthDate, MIN_UNSEEN_NAME_SIMILARITY],
    );
    return r.rows;
  }

  /**
   * Whether the actor is related to the person (docs/security.md, "Break the glass"): registered them, is a member of
   * a case about them, or registered, coordinates or was shared a concern about them. Reaching the person only by the
   * unit needs a reason (Scope.requireReasonUnless).
   */
  async function related(id: string): Promise<boolean> {
    const r = await tx.query<{ related: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM persons p WHERE p.id = $1 AND p.created_by = $2)
           OR EXISTS (SELECT 1 FROM vink_actor_case_person_ids() x WHERE x = $1)
           OR EXISTS (SELECT 1 FROM concerns k WHERE k.person_id = $1 AND (k.registered_by = $2 OR k.coordinator_id = $2))
           OR EXISTS (SELECT 1 FROM concern_shares cs JOIN concerns k ON k.id = cs.concern_id WHERE k.person_id = $1 AND cs.user_id = $2)
         AS related`,
      [id, s.actor.id],
    );
    return r.rows[0]?.related === true;
  }

  /** A person the actor may reach for action, or an audited refusal answering 404 (existence does not leak). */
  async function reachable(id: string, action: 'person.read' | 'person.update' | 'person.reveal_cpr', audit: 'read' | 'update' | 'reveal') {
    const params: unknown[] = [id];
    const r = await tx.query<PersonRow>(`SELECT ${COLUMNS} FROM persons p WHERE p.id = $1 AND ${personReachSql(s.reaches(action), s.actor, params)}`, params);
    return r.rows[0] ?? s.refuse({ action: audit, recordType: 'person', recordId: id, personId: id });
  }

  /**
   * Inserts a person into the actor's unit, without an audit row (the caller writes the one row of its request).
   * An existing person with the same CPR number in the unit is refused with 409 naming that record, so the same
   * citizen is never registered twice; the refusal is audited with refusal.
   */
  async function insert(p: NewPerson, refusal: Refusal): Promise<PersonRow> {
    if (p.cpr) {
      const hit = (await registeredMatches(p.cpr, null, null))[0];
      const found = hit ? (await readableById(hit.person_id)) ?? unreadable(hit.person_id, hit.unit_id, hit.birth_date) : undefined;
      if (found) {
        // Outside the actor's read reach the answer names a handle, not the record: the CPR number is registered,
        // and the concern can be linked to it, but who it is stays hidden (as in match()).
        const ref = refFor(found);
        s.refuse(
          { ...refusal, personId: found.id, criterion: 'duplicate CPR refused' },
          errors.conflict(found.readable
            ? `A person with this CPR number already exists in your unit: ${found.id}. Use that record (personId).`
            : 'A person with this CPR number is already registered in your unit. Link to that registration (personId: existingPersonId).', {
            existingPersonId: ref,
          }),
        );
      }
    }
    try {
      const r = await tx.query<PersonRow>(
        `INSERT INTO persons AS p (unit_id, full_name, cpr, birth_date, gender, district, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${COLUMNS}`,
        [s.actor.unitId, p.fullName, p.cpr, p.birthDate, p.gender, p.district, s.actor.id, s.now],
      );
      return r.rows[0]!;
    } catch (err) {
      // Two registrations of the same CPR number at the same moment: the unique index decides, the loser gets 409.
      if (isUniqueViolation(err, 'persons_unit_cpr_uq')) throw errors.conflict('A person with this CPR number already exists in your unit.');
      throw err;
    }
  }

  return {
    insert,

    /** Registers a person on its own (POST /persons): the role gate, the insert and its audit row. */
    async create(p: NewPerson) {
      s.requireRole('person.create', { action: 'create', recordType: 'person' });
      const row = await insert(p, { action: 'create', recordType: 'person' });
      s.audit({ action: 'create', recordType: 'person', recordId: row.id, personId: row.id });
      return presentPerson(row, s.now);
    },

    async get(id: string) {
      const row = await reachable(id, 'person.read', 'read');
      s.requireReasonUnless(await related(id));
      s.audit({ action: 'read', recordType: 'person', recordId: id, personId: id });
      return presentPerson(row, s.now);
    },

    /**
     * The person for the person overview (modules/overview), or an audited refusal (404) when outside person.read
     * reach (as GET /persons/:id: a role without person.read gets 404 too, so existence does not leak). Not audited
     * when found: the overview writes its one row, the read of the person.
     */
    async forOverview(id: string) {
      const row = await reachable(id, 'person.read', 'read');
      s.requireReasonUnless(await related(id));
      return { ...presentPerson(row, s.now), corrections: await fieldHistoryInTrx(tx, 'person', id) };
    },

    /**
     * Shows the full CPR number. It is masked everywhere else (databeskyttelsesloven § 11), so every reveal is its
     * own audited act ('reveal'), tied to the person for the citizen's right of access.
     */
    async revealCpr(id: string) {
      const row = await reachable(id, 'person.reveal_cpr', 'reveal');
      s.audit({ action: 'reveal', recordType: 'person', recordId: id, personId: id, criterion: 'cpr' });
      return { personId: id, cpr: row.cpr };
    },

    /**
     * Search among the persons the actor may read (person.read reach, and row-level security underneath), by CPR
     * number (exact), birth date (exact) or name: the folded name (vink_name_normalised, migration 0120: case, æ/ø/å
     * and accents ignored) containing the folded query, or alike to it by pg_trgm word similarity (migration 0180), so
     * "Provesen" finds "Prøvesen". Paged, with the true total of matches within reach (never a silent cap); a person
     * outside reach is neither listed nor counted. The criterion is audited.
     */
    async search(q: PersonSearchQuery) {
      const reaches = s.requireRole('person.read', { action: 'search', recordType: 'person', criterion: q.criterion });
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      let match: string;
      let rank = '';
      if (q.cpr) match = `p.cpr = ${p(q.cpr)}`;
      else if (q.birthDate) match = `p.birth_date = ${p(q.birthDate)}::date`;
      else {
        const folded = p(q.folded);
        const like = p(`%${q.folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        // "Provesen" to "Prøvesen" (proevesen) is 0.58 alike; pg_trgm's default threshold of 0.6 would miss it, so the
        // threshold is a parameter of the statement. (Under the reach policies PostgreSQL does not take pg_trgm's
        // operators, which are not leakproof, into an index scan anyway; the unit's index narrows the rows.)
        match = `(p.name_folded LIKE ${like} OR word_similarity(${folded}, p.name_folded) >= ${p(MIN_SEARCH_WORD_SIMILARITY)}::real)`;
        rank = `(p.name_folded LIKE ${like})::int + word_similarity(${folded}, p.name_folded) DESC, `;
      }
      const where = `${match} AND ${personReachSql(reaches, s.actor, params)}`;
      // Named by its text (a few shapes: CPR, birth date or name, times the actor's reaches), so it is planned once per
      // connection: under the reach policies, planning cost more than running it (5.2 against 1.8 ms at national scale).
      const r = await tx.query<PersonRow & { total: number }>(named('vink_person_search', `SELECT ${COLUMNS}, count(*) OVER () AS total FROM persons p WHERE ${where}
          ORDER BY ${rank}p.full_name, p.id LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`),
        params,
      );
      // Past the last page the window gives no row; count then, so the total is always true.
      const total = r.rows[0]?.total ?? (q.offset === 0 ? 0
        : (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p WHERE ${where}`, params.slice(0, -2))).rows[0]!.n);
      s.audit({ action: 'search', recordType: 'person', criterion: q.criterion });
      return { items: r.rows.map((x) => presentPerson(x, s.now)), total: Number(total), offset: q.offset, limit: q.limit };
    },

    /**
     * Proposes existing records before a new person is registered (duplicate detection), within the actor's unit:
     * an exact CPR match, or names that are alike (case, æ/ø/å and diacritics ignored) weighed with the birth date.
     * Only masked data leaves: initials, birth date, masked CPR. A person the actor may not read (person.read) is
     * proposed only on an exact CPR number or a name and equal birth date, and answers only that a registration exists:
     * a handle to link a concern with instead of the id, no initials, birth date, CPR or score (docs/domain.md, "Who
     * uses it"). The criterion is audited as a search.
     */
    async match(q: PersonMatchQuery) {
      const reaches = s.requireRole('person.match', { action: 'search', recordType: 'person', criterion: q.criterion });
      // Matching reaches the whole unit (person.match), not only the records the actor may open. The records the
      // actor may read are compared here; the others in the database, which answers only an exact match (below).
      const unitOnly = reaches.filter((r) => r === 'unit');
      const found = new Map<string, { row: ReadableRow; score: number; matchedOn: MatchedOn }>();
      if (q.cpr) {
        const params: unknown[] = [q.cpr];
        const where = personReachSql(unitOnly, s.actor, params);
        const r = await tx.query<ReadableRow>(`SELECT ${COLUMNS}, ${readableSql(params)} FROM persons p WHERE p.cpr = $1 AND ${where}`, params);
        for (const p of r.rows) if (p.readable) found.set(p.id, { row: p, score: 1, matchedOn: 'cpr' });
      }
      if (q.fullName) {
        // A bounded candidate set: same birth date, or a name part starting with one of the query's initials (first
        // letters folded like normaliseName: æ→a, ø→o, å→a, é→e …; upper case listed too, since lower() leaves
        // non-ASCII letters alone under the C locale). The similarity is then computed in TypeScript.
        const params: unknown[] = [q.birthDate, nameInitials(q.fullName)];
        const where = personReachSql(unitOnly, s.actor, params);
        const r = await tx.query<ReadableRow>(
          `SELECT ${COLUMNS}, ${readableSql(params)} FROM persons p
           WHERE ${where}
             AND (p.birth_date = $1::date
                  OR EXISTS (SELECT 1 FROM regexp_split_to_table(lower(p.full_name), '[[:space:].,-]+') t
                             WHERE t <> '' AND translate(left(t, 1), '${FOLD_FROM}', '${FOLD_TO}') = ANY($2::text[])))
           ORDER BY (p.birth_date = $1::date) DESC NULLS LAST, p.created_at DESC
           LIMIT 2000`,
          params,
        );
        for (const p of r.rows) {
          if (found.has(p.id) || !p.readable) continue;
          const m = matchScore({ fullName: q.fullName, birthDate: q.birthDate }, { fullName: p.full_name, birthDate: p.birth_date });
          if (!m) continue;
          found.set(p.id, { row: p, ...m });
        }
      }
      // Registrations the actor may not read: only "registered", on the CPR number or a name and equal birth date.
      for (const x of await registeredMatches(q.cpr, q.fullName, q.fullName ? q.birthDate : null)) {
        if (found.has(x.person_id)) continue;
        found.set(x.person_id, { row: unreadable(x.person_id, x.unit_id, x.birth_date), score: x.matched_on === 'cpr' ? 1 : 0, matchedOn: x.matched_on });
      }
      s.audit({ action: 'search', recordType: 'person', criterion: `match ${q.criterion}` });
      // CPR matches first, then the records the actor may read by score, then the registrations outside reach (their
      // order says nothing about how alike the stored name is).
      const rank = (m: { row: ReadableRow; score: number; matchedOn: MatchedOn }) =>
        (m.matchedOn === 'cpr' ? 4 : m.row.readable ? 2 + m.score : 1);
      return [...found.values()].sort((a, b) => rank(b) - rank(a)).slice(0, 10).map(({ row: p, score, matchedOn }): Proposal => {
        const minor = isMinor(p.birth_date, s.now);
        return p.readable
          ? { personId: p.id, registered: true, visible: true, nameMasked: maskName(p.full_name), birthDate: p.birth_date, cprMasked: maskCpr(p.cpr), score, matchedOn, minor }
          : { personId: refFor(p), registered: true, visible: false, nameMasked: null, birthDate: null, cprMasked: null, score: null, matchedOn, minor };
      });
    },

    /** The person as it stands, for an update the actor may make (person.update), or an audited refusal (404). */
    forUpdate(id: string): Promise<PersonRow> {
      return reachable(id, 'person.update', 'update');
    },

    /**
     * Applies a change to a person loaded with forUpdate, under optimistic locking: a stale version is a 409 with
     * the current one. Audited as an update of the person.
     */
    async update(current: PersonRow, patch: PersonChange) {
      // The history keeps a CPR number masked, like every page (the full number is shown only by an audited reveal).
      const changes = diffFields(
        { fullName: current.full_name, birthDate: current.birth_date, gender: current.gender, district: current.district, cpr: maskCpr(current.cpr) },
        { fullName: patch.fullName, birthDate: patch.birthDate, gender: patch.gender, district: patch.district, cpr: patch.cpr === undefined ? undefined : maskCpr(patch.cpr) },
      );
      let r;
      try {
        r = await tx.query<PersonRow>(
        `UPDATE persons AS p SET full_name = coalesce($3, full_name), cpr = coalesce($10, cpr),
           birth_date = CASE WHEN $4::boolean THEN $5::date ELSE birth_date END,
           gender = coalesce($6, gender),
           district = CASE WHEN $7::boolean THEN $8 ELSE district END,
           version = version + 1, updated_at = $9
         WHERE p.id = $1 AND p.version = $2 RETURNING ${COLUMNS}`,
        [current.id, patch.version, patch.fullName ?? null, patch.birthDate !== undefined, patch.birthDate ?? null, patch.gender ?? null,
          patch.district !== undefined, patch.district ?? null, s.now, patch.cpr ?? null],
        );
      } catch (err) {
        if (isUniqueViolation(err, 'persons_unit_cpr_uq')) throw errors.conflict('A person with this CPR number already exists in your unit.');
        throw err;
      }
      if (!r.rows[0]) throw errors.staleVersion(current.version);
      // A person of another unit (reached through a case the actor is assigned to) gets its history rows in the actor's
      // unit: field_history's row-level security lets a user write only their own unit's rows (migration 0250).
      const historyUnit = s.actor.unitIds.includes(current.unit_id) ? current.unit_id : s.actor.unitId;
      await recordFieldChangesInTrx(tx, { type: 'person', id: current.id, unitId: historyUnit, concernId: null, personId: current.id, version: r.rows[0].version },
        changes, { actorId: s.actor.id, at: s.now });
      s.audit({ action: 'update', recordType: 'person', recordId: current.id, personId: current.id, criterion: changes.length ? `corrected: ${changes.map((c) => c.field).join(', ')}` : undefined });
      return presentPerson(r.rows[0], s.now);
    },

    /**
     * A person of the actor's unit (by id) for linking a new concern, with whether the actor may read it, or null.
     * One the actor may not read comes without its record (registeredById). Not audited: the caller's row is.
     */
    async findInUnit(id: string): Promise<LinkedPerson | null> {
      const row = await registeredById(id);
      return row && s.actor.unitIds.includes(row.unit_id) ? row : null;
    },

    /**
     * Any person visible under row-level security (the actor's person reach, migration 0120), for a record the caller
     * already reached and audits, with whether the actor may read the person; a person of the actor's unit outside
     * that reach (an adviser's concern about a registration found by a match) comes without its record. Not audited.
     */
    async findVisible(id: string): Promise<LinkedPerson | null> {
      const params: unknown[] = [id];
      const r = await tx.query<ReadableRow>(`SELECT ${COLUMNS}, ${readableSql(params)} FROM persons p WHERE p.id = $1`, params);
      return r.rows[0] ?? (await registeredById(id));
    },
  };
});

interface AccessRequestPersonRow {
  id: string; unit_id: string; full_name: string; cpr: string | null; birth_date: string | null; gender: string | null; district: string | null;
}

/**
 * The person for a citizen's access request (docs/security.md, "Access requests"): the DPO's purpose-bound reach
 * (access_request.compile, Scope.accessRequestReaches), never person.read. Found by name, CPR number or birth date.
 */
export const personAccessRequestRepo = repository((tx, s) => {
  const select = `SELECT p.id, p.unit_id, p.full_name, p.cpr, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.gender, p.district FROM persons p`;
  return {
    /** Persons within reach matching every criterion given; audited as one search whose criterion names only the kinds. */
    async find(q: { name?: string | undefined; cpr?: string | undefined; birthDate?: string | undefined }) {
      const reaches = s.accessRequestReaches();
      if (reaches.length === 0) s.refuse({ action: 'search', recordType: 'person', criterion: 'access_request' }, errors.forbidden());
      const params: unknown[] = [];
      const where = [reachSql(reaches, s.actor, params, 'p', {})];
      if (q.cpr) {
        params.push(q.cpr.replace('-', ''));
        where.push(`replace(p.cpr, '-', '') = $${params.length}`);
      }
      if (q.birthDate) {
        params.push(q.birthDate);
        where.push(`p.birth_date = $${params.length}::date`);
      }
      if (q.name) {
        params.push(q.name);
        where.push(`(p.name_folded LIKE '%' || vink_name_normalised($${params.length}) || '%' OR vink_name_similarity(p.full_name, $${params.length}) >= 0.4)`);
      }
      const r = await tx.query<AccessRequestPersonRow>(`${select} WHERE ${where.join(' AND ')} ORDER BY p.full_name, p.id LIMIT 50`, params);
      // The criterion names what was searched by, never the value (no CPR number or name in the audit trail).
      const by = [q.name && 'name', q.cpr && 'cpr', q.birthDate && 'birth_date'].filter(Boolean).join('+');
      s.audit({ action: 'search', recordType: 'person', criterion: `access_request by ${by}` });
      for (const p of r.rows) s.audit({ action: 'search', recordType: 'person', recordId: p.id, personId: p.id, criterion: 'access_request hit' });
      return r.rows.map((p) => ({ id: p.id, fullName: p.full_name, birthDate: p.birth_date, district: p.district }));
    },

    /** One person within reach (404, audited, otherwise); not audited when found: the caller writes its row. */
    async get(id: string) {
      const params: unknown[] = [id];
      const reaches = s.accessRequestReaches();
      const r = await tx.query<AccessRequestPersonRow>(`${select} WHERE p.id = $1 AND ${reachSql(reaches, s.actor, params, 'p', {})}`, params);
      const p = r.rows[0] ?? s.refuse({ action: 'read', recordType: 'person', recordId: id, personId: id });
      return { id: p.id, unitId: p.unit_id, fullName: p.full_name, cpr: p.cpr, birthDate: p.birth_date, gender: p.gender, district: p.district };
    },
  };
});
