import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../src/server/platform/db.ts';
import { freshDatabase } from './helpers/db.ts';
import { migrate } from '../src/server/platform/migrate.ts';
import type { Actor } from '../src/server/access/actor.ts';
import { reachesFor, type Action } from '../src/shared/policy.ts';
import type { Role } from '../src/shared/roles.ts';
import { caseReachSql } from '../src/server/modules/cases/index.ts';
import { personReachSql } from '../src/server/modules/persons/index.ts';
import { courseReachSql } from '../src/server/modules/courses/repo.ts';
import { policyRows } from '../src/server/platform/access-reach.ts';
import { nameSimilarity } from '../src/server/modules/persons/matching.ts';

/**
 * Row-level security within the unit follows the need-to-know table (migration 0120, docs/security.md "Database").
 * Every query here runs as the app role with the settings access/scope.ts runScoped sets and no filter of its own,
 * so what it sees is what the database lets through, whatever a repository might forget. The data is built so that
 * unit reach and policy reach differ: two advisers of one unit with their own people and concerns, a case with an
 * owner and members (police from another unit, a partner, a mentor), a second case nobody of them is on, a concern
 * shared with the police.
 */
let d: { db: Database; drop(): Promise<void> };
const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b1';
const U = {
  adviser1: '20000000-0000-4000-8000-000000000001', adviser2: '20000000-0000-4000-8000-000000000002',
  coordinator: '20000000-0000-4000-8000-000000000003', police: '20000000-0000-4000-8000-000000000004',
  partner: '20000000-0000-4000-8000-000000000005', mentor1: '20000000-0000-4000-8000-000000000006',
  mentor2: '20000000-0000-4000-8000-000000000007', manager: '20000000-0000-4000-8000-000000000008',
  analyst: '20000000-0000-4000-8000-000000000009', admin: '20000000-0000-4000-8000-00000000000a',
  dpo: '20000000-0000-4000-8000-00000000000b', coordinatorB: '20000000-0000-4000-8000-00000000000c',
};
type Who = keyof typeof U;
const ROLE: Record<Who, Role> = {
  adviser1: 'adviser', adviser2: 'adviser', coordinator: 'coordinator', police: 'police_liaison', partner: 'partner', mentor1: 'mentor',
  mentor2: 'mentor', manager: 'manager', analyst: 'analyst', admin: 'admin', dpo: 'dpo', coordinatorB: 'coordinator',
};
const UNIT: Record<Who, string> = { ...Object.fromEntries(Object.keys(U).map((k) => [k, A])), police: B, coordinatorB: B } as Record<Who, string>;

let r: {
  pAdv1: string; pAdv2: string; pCase1: string; pCase2: string; pShared: string; pOther: string; pB: string;
  case1: string; case2: string; caseB: string; kAdv1: string; kAdv2: string; kShared: string; kCase1: string;
  note1: string; note1Shared: string; note2: string; course1: string; course2: string; session1: string; session2: string;
  assess1: string; assess2: string; offer1: string; offer2: string;
};

function actorOf(who: Who): Actor {
  return { id: U[who], role: ROLE[who], username: who, displayName: who, unitId: UNIT[who], unitName: 'Unit', unitIds: [UNIT[who]], sessionId: 's' };
}

/** A transaction as vink_app with runScoped's settings (access/scope.ts). */
function asApp<T>(who: Who, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return d.db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('role', 'vink_app', true), set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true),
      set_config('vink.actor_role', $3, true)`, [U[who], `{${UNIT[who]}}`, ROLE[who]]);
    return fn(tx);
  });
}
const seen = async (who: Who, table: string) =>
  (await asApp(who, (tx) => tx.query<{ id: string }>(`SELECT id FROM ${table}`))).rows.map((x) => x.id).sort();
/** What the repository's own reach SQL grants, run as the owner (no row-level security). */
async function granted(sql: (params: unknown[]) => string, from: string, alias: string): Promise<string[]> {
  const params: unknown[] = [];
  const where = sql(params);
  const res = await d.db.transaction((tx) => tx.query<{ id: string }>(`SELECT ${alias}.id FROM ${from} WHERE ${where}`, params));
  return res.rows.map((x) => x.id).sort();
}
const sorted = (...xs: string[]) => [...xs].sort();

beforeAll(async () => {
  d = await freshDatabase();
  await migrate(d.db);
  r = await d.db.transaction(async (tx) => {
    await tx.query(`INSERT INTO units (id, name, municipality_code, police_district_id) VALUES ($1, 'RA', '101', 11), ($2, 'RB', '751', 2)`, [A, B]);
    for (const who of Object.keys(U) as Who[]) {
      await tx.query(`INSERT INTO users (id, unit_id, username, display_name, role) VALUES ($1, $2, $3, $3, $4)`, [U[who], UNIT[who], `rr.${who.toLowerCase()}`, ROLE[who]]);
    }
    const one = async (sql: string, params: unknown[]) => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;
    const person = (unit: string, name: string, by: string | null) =>
      one(`INSERT INTO persons (unit_id, full_name, birth_date, created_by, created_at, updated_at) VALUES ($1, $2, '2001-02-03', $3, now(), now()) RETURNING id`, [unit, name, by]);
    const kase = (unit: string, p: string) =>
      one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Sag', now(), now()) RETURNING id`, [unit, p]);
    const member = (c: string, who: Who, relation: string, basis: string | null = null) =>
      tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, $5, now())`,
        [c, U[who], A, relation, basis]);
    const concern = (p: string, by: Who) => one(
      `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, triage_deadline_at,
         registered_by, created_at, updated_at)
       VALUES ($1, now(), 'professional', $2, 'other_unclear', 'medium', 'Observeret adfærd i skolen.', now() + interval '1 day', $3, now(), now()) RETURNING id`,
      [A, p, U[by]]);
    const pAdv1 = await person(A, 'Ida Adviser-En', U.adviser1);
    const pAdv2 = await person(A, 'Bo Adviser-To', U.adviser2);
    const pCase1 = await person(A, 'Carl Sag-En', U.coordinator);
    const pCase2 = await person(A, 'Dina Sag-To', U.coordinator);
    const pShared = await person(A, 'Emil Delt', U.adviser2);
    const pOther = await person(A, 'Frida Anden', U.coordinator);
    const pB = await person(B, 'Gustav B', U.coordinatorB);
    const case1 = await kase(A, pCase1);
    const case2 = await kase(A, pCase2);
    const caseB = await kase(B, pB);
    await member(case1, 'adviser1', 'owner');
    await member(case1, 'police', 'police', 'retsplejeloven_115');
    await member(case1, 'partner', 'partner', 'consent');
    await member(case1, 'mentor1', 'mentor');
    await member(case2, 'adviser2', 'owner');
    await member(case2, 'mentor2', 'mentor');
    const kAdv1 = await concern(pAdv1, 'adviser1');
    const kAdv2 = await concern(pAdv2, 'adviser2');
    const kShared = await concern(pShared, 'adviser2');
    const kCase1 = await concern(pCase1, 'coordinator');
    await tx.query(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at) VALUES ($1, $2, $3, 'retsplejeloven_115', now())`,
      [kShared, U.police, A]);
    const note = (c: string, shared: boolean) => one(
      `INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, now(), 'Notat', $4) RETURNING id`,
      [c, A, U.coordinator, shared]);
    const course = (c: string, mentor: Who) => one(
      `INSERT INTO courses (case_id, unit_id, kind, mentor_id, started_on, created_at) VALUES ($1, $2, 'mentor', $3, '2026-01-05', now()) RETURNING id`,
      [c, A, U[mentor]]);
    const session = (co: string, mentor: Who) => one(
      `INSERT INTO course_sessions (course_id, unit_id, held_on, duration_minutes, form, logged_by, logged_at)
       VALUES ($1, $2, '2026-01-12', 60, 'in_person', $3, now()) RETURNING id`, [co, A, U[mentor]]);
    const assess = (c: string) => one(
      `INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at)
       VALUES ($1, $2, (SELECT id FROM assessment_instruments LIMIT 1), 'start', '2026-01-05', $3, now()) RETURNING id`, [c, A, U.coordinator]);
    const offer = (c: string) => one(
      `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by) VALUES ($1, $2, 'mentor', now(), $3) RETURNING id`, [c, A, U.coordinator]);
    const course1 = await course(case1, 'mentor1');
    const course2 = await course(case2, 'mentor2');
    return {
      pAdv1, pAdv2, pCase1, pCase2, pShared, pOther, pB, case1, case2, caseB, kAdv1, kAdv2, kShared, kCase1,
      note1: await note(case1, false), note1Shared: await note(case1, true), note2: await note(case2, false),
      course1, course2, session1: await session(course1, 'mentor1'), session2: await session(course2, 'mentor2'),
      assess1: await assess(case1), assess2: await assess(case2), offer1: await offer(case1), offer2: await offer(case2),
    };
  });
});
afterAll(async () => d?.drop());

describe('row-level security follows the policy reach within the unit', () => {
  it('the database holds the need-to-know table of the code that runs, and a start rewrites a tampered copy', async () => {
    const rows = async () => (await d.db.transaction((tx) => tx.query<{ role: string; action: string; reach: string }>(
      'SELECT role, action, reach FROM access_reach ORDER BY role, action, reach'))).rows;
    const expected = policyRows().map((x) => ({ role: x.role, action: x.action, reach: x.reach }))
      .sort((a, b) => a.role.localeCompare(b.role) || a.action.localeCompare(b.action) || a.reach.localeCompare(b.reach));
    expect(await rows()).toEqual(expected);
    // Someone with the owner's rights widens the copy: an adviser reaches the unit's cases until the next start.
    await d.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO access_reach VALUES ('adviser', 'case.read', 'unit')`);
      await tx.query(`INSERT INTO access_row_reach VALUES ('case', 'adviser', 'unit')`);
    });
    expect(await seen('adviser1', 'cases')).toEqual(sorted(r.case1, r.case2));
    await migrate(d.db);
    expect(await rows()).toEqual(expected);
    const derived = await d.db.transaction((tx) => tx.query<{ kind: string; role: string; reach: string }>(
      `SELECT kind, role, reach FROM access_row_reach WHERE role = 'adviser' ORDER BY kind, reach`));
    expect(derived.rows.map((x) => `${x.kind}:${x.reach}`)).toEqual(
      ['assessment:member', 'case:member', 'case:owner', 'case_note:member', 'closure_request:owner', 'concern:creator', 'course:member', 'course:owner',
        'follow_up:member', 'offer:member', 'offer:owner', 'person:creator', 'person:member', 'supervision:member', 'supervision:owner', 'support_plan:member']);
    expect(await seen('adviser1', 'cases')).toEqual([r.case1]);
  });

  it('a start with no new migration still rewrites a copy whose derived reaches alone were widened', async () => {
    await d.db.transaction((tx) => tx.query(`INSERT INTO access_row_reach VALUES ('case', 'adviser', 'unit')`));
    expect(await seen('adviser1', 'cases')).toEqual(sorted(r.case1, r.case2));
    await migrate(d.db);
    expect(await seen('adviser1', 'cases')).toEqual([r.case1]);
  });

  it('the app role cannot change the copy', async () => {
    await expect(asApp('adviser1', (tx) => tx.query(`INSERT INTO access_reach VALUES ('adviser', 'case.read', 'unit')`))).rejects.toThrow(/permission denied/);
    await expect(asApp('adviser1', (tx) => tx.query('DELETE FROM access_row_actions'))).rejects.toThrow(/permission denied/);
    await expect(asApp('adviser1', (tx) => tx.query(`INSERT INTO access_row_reach VALUES ('case', 'adviser', 'unit')`))).rejects.toThrow(/permission denied/);
  });

  it('an adviser sees the persons they registered and those of their cases, not the rest of the unit', async () => {
    expect(await seen('adviser1', 'persons')).toEqual(sorted(r.pAdv1, r.pCase1));
    expect(await seen('adviser2', 'persons')).toEqual(sorted(r.pAdv2, r.pShared, r.pCase2));
  });

  it('an adviser sees their own concerns only, and their cases, notes, courses, assessments and offers', async () => {
    expect(await seen('adviser1', 'concerns')).toEqual([r.kAdv1]);
    expect(await seen('adviser2', 'concerns')).toEqual(sorted(r.kAdv2, r.kShared));
    expect(await seen('adviser1', 'cases')).toEqual([r.case1]);
    expect(await seen('adviser1', 'case_notes')).toEqual(sorted(r.note1, r.note1Shared));
    expect(await seen('adviser1', 'courses')).toEqual([r.course1]);
    expect(await seen('adviser1', 'course_sessions')).toEqual([r.session1]);
    expect(await seen('adviser1', 'assessments')).toEqual([r.assess1]);
    expect(await seen('adviser1', 'offers')).toEqual([r.offer1]);
  });

  it('a coordinator sees the whole unit and nothing of another unit', async () => {
    expect(await seen('coordinator', 'persons')).toEqual(sorted(r.pAdv1, r.pAdv2, r.pCase1, r.pCase2, r.pShared, r.pOther));
    expect(await seen('coordinator', 'cases')).toEqual(sorted(r.case1, r.case2));
    expect(await seen('coordinator', 'concerns')).toEqual(sorted(r.kAdv1, r.kAdv2, r.kShared, r.kCase1));
    expect(await seen('coordinatorB', 'cases')).toEqual([r.caseB]);
  });

  it('police (another unit) see the case they are on and the person of the concern shared with them, nothing else', async () => {
    expect(await seen('police', 'persons')).toEqual(sorted(r.pCase1, r.pShared));
    expect(await seen('police', 'cases')).toEqual([r.case1]);
    expect(await seen('police', 'concerns')).toEqual([r.kShared]);
    expect(await seen('police', 'case_notes')).toEqual(sorted(r.note1, r.note1Shared));
    expect(await seen('police', 'courses')).toEqual([]);
    expect(await seen('police', 'assessments')).toEqual([]);
    expect(await seen('police', 'offers')).toEqual([]);
  });

  it('a partner member sees the case, its person and the notes shared with partners', async () => {
    expect(await seen('partner', 'persons')).toEqual([r.pCase1]);
    expect(await seen('partner', 'cases')).toEqual([r.case1]);
    expect(await seen('partner', 'case_notes')).toEqual([r.note1Shared]);
    expect(await seen('partner', 'concerns')).toEqual([]);
  });

  it("a mentor sees their own course's citizen, case, sessions and assessments, and no notes, offers or concerns", async () => {
    expect(await seen('mentor1', 'persons')).toEqual([r.pCase1]);
    expect(await seen('mentor1', 'cases')).toEqual([r.case1]);
    expect(await seen('mentor1', 'courses')).toEqual([r.course1]);
    expect(await seen('mentor1', 'course_sessions')).toEqual([r.session1]);
    expect(await seen('mentor1', 'assessments')).toEqual([r.assess1]);
    expect(await seen('mentor1', 'case_notes')).toEqual([]);
    expect(await seen('mentor1', 'offers')).toEqual([]);
    expect(await seen('mentor1', 'concerns')).toEqual([]);
  });

  it('a DPO and an administrator read no person record; an administrator no notes', async () => {
    expect(await seen('dpo', 'persons')).toEqual([]);
    expect(await seen('dpo', 'cases')).toEqual([]);
    expect(await seen('admin', 'persons')).toEqual([]);
    expect(await seen('admin', 'case_notes')).toEqual([]);
  });

  it.each(['adviser1', 'adviser2', 'coordinator', 'police', 'partner', 'manager', 'mentor1'] as const)(
    "%s: the rows visible are exactly those the repository's reach SQL grants for the read action", async (who) => {
      const actor = actorOf(who);
      const read = (a: Action) => reachesFor(a, actor.role);
      // A mentor reads no person or case record (person.read, case.read); their course list shows the citizen's first
      // name (course.read 'mentor'), which the mentor test above covers.
      if (who !== 'mentor1') {
        expect(await seen(who, 'persons')).toEqual(await granted((p) => personReachSql(read('person.read'), actor, p), 'persons p', 'p'));
        expect(await seen(who, 'cases')).toEqual(await granted((p) => caseReachSql(read('case.read'), actor, p), 'cases c', 'c'));
      }
      expect(await seen(who, 'courses')).toEqual(
        await granted((p) => courseReachSql(read('course.read'), actor, p), 'courses co JOIN cases c ON c.id = co.case_id', 'co'));
    });

  it('the reach predicates are index-friendly: a case read by id stays an index scan', async () => {
    const plan = await asApp('adviser1', (tx) => tx.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT * FROM cases WHERE id = $1', [r.case1]));
    const text = plan.rows.map((x) => x['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using cases_pkey/);
  });
});

describe('writes stay within the reach', () => {
  const rollback = async (who: Who, fn: (tx: Queryable) => Promise<void>) => {
    await asApp(who, async (tx) => { await fn(tx); throw new Error('roll back'); }).catch((e: Error) => {
      if (e.message !== 'roll back') throw e;
    });
  };

  it("an adviser registers a person and a concern of their own, and cannot write another adviser's", async () => {
    await rollback('adviser1', async (tx) => {
      const p = await tx.query<{ id: string }>(`INSERT INTO persons (unit_id, full_name, created_by, created_at, updated_at) VALUES ($1, 'Ny', $2, now(), now()) RETURNING id`, [A, U.adviser1]);
      const k = await tx.query<{ id: string }>(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, triage_deadline_at, registered_by, created_at, updated_at)
         VALUES ($1, now(), 'call', $2, 'right_wing', 'low', 'Observeret adfærd online.', now() + interval '7 days', $3, now(), now()) RETURNING id`,
        [A, p.rows[0]!.id, U.adviser1]);
      expect(k.rows).toHaveLength(1);
      // Linking to a person outside reach is allowed: the foreign key is checked by the database, not by reading it.
      await tx.query(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, triage_deadline_at, registered_by, created_at, updated_at)
         VALUES ($1, now(), 'call', $2, 'right_wing', 'low', 'Observeret adfærd online.', now() + interval '7 days', $3, now(), now())`,
        [A, r.pAdv2, U.adviser1]);
    });
    await expect(asApp('adviser1', (tx) => tx.query(
      `INSERT INTO persons (unit_id, full_name, created_by, created_at, updated_at) VALUES ($1, 'Forklædt', $2, now(), now())`, [A, U.adviser2],
    ))).rejects.toThrow(/row-level security/);
    expect((await asApp('adviser1', (tx) => tx.query(`UPDATE persons SET district = 'x' WHERE id = $1`, [r.pAdv2]))).rowCount).toBe(0);
    expect((await asApp('adviser1', (tx) => tx.query(`UPDATE concerns SET severity = 'low' WHERE id = $1`, [r.kAdv2]))).rowCount).toBe(0);
    expect((await asApp('adviser1', (tx) => tx.query(`UPDATE cases SET title = 'x' WHERE id = $1`, [r.case2]))).rowCount).toBe(0);
    // Nor may an adviser hand their own person to someone else's name.
    await expect(asApp('adviser1', (tx) => tx.query(`UPDATE persons SET created_by = $2 WHERE id = $1`, [r.pAdv1, U.adviser2])))
      .rejects.toThrow(/row-level security/);
  });

  it('a coordinator opens a case from a concern and links it; police add a note on their case only; a mentor logs a session on their course', async () => {
    await rollback('coordinator', async (tx) => {
      const c = await tx.query<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_by, created_at, updated_at) VALUES ($1, $2, 'Ny sag', $3, now(), now()) RETURNING id`,
        [A, r.pAdv2, U.coordinator]);
      await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', now())`, [c.rows[0]!.id, U.adviser1, A]);
      expect((await tx.query(`UPDATE concerns SET case_id = $2, status = 'justified' WHERE id = $1`, [r.kAdv2, c.rows[0]!.id])).rowCount).toBe(1);
    });
    await rollback('police', async (tx) => {
      await tx.query(`INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body) VALUES ($1, $2, $3, now(), 'Politiets notat')`, [r.case1, A, U.police]);
    });
    await expect(asApp('police', (tx) => tx.query(
      `INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body) VALUES ($1, $2, $3, now(), 'Forkert sag')`, [r.case2, A, U.police],
    ))).rejects.toThrow(/row-level security/);
    await rollback('mentor1', async (tx) => {
      await tx.query(`INSERT INTO course_sessions (course_id, unit_id, held_on, duration_minutes, form, logged_by, logged_at) VALUES ($1, $2, '2026-02-02', 45, 'phone', $3, now())`,
        [r.course1, A, U.mentor1]);
    });
    await expect(asApp('mentor1', (tx) => tx.query(
      `INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body) VALUES ($1, $2, $3, now(), 'Mentorens notat')`, [r.case1, A, U.mentor1],
    ))).rejects.toThrow(/row-level security/);
  });
});

describe('search before create in the database', () => {
  it('an adviser finds a registration outside their reach by CPR or name and birth date, and learns only its id', async () => {
    await d.db.transaction((tx) => tx.query(`UPDATE persons SET cpr = '030201-1234' WHERE id = $1`, [r.pAdv2]));
    const res = await asApp('adviser1', (tx) => tx.query<Record<string, unknown>>(
      `SELECT * FROM vink_person_registered_matches($1, NULL, NULL, 0.5)
       UNION ALL SELECT * FROM vink_person_registered_matches(NULL, 'Bo Adviser To', '2001-02-03', 0.5)
       UNION ALL SELECT * FROM vink_person_registered_matches(NULL, 'Helt Andet Navn', '2001-02-03', 0.5)`, ['030201-1234']));
    expect(res.rows.map((x) => [x.person_id, x.matched_on])).toEqual([[r.pAdv2, 'cpr'], [r.pAdv2, 'name_birth_date']]);
    expect(Object.keys(res.rows[0]!).sort()).toEqual(['birth_date', 'matched_on', 'person_id', 'unit_id']);
    // Another unit's registrations are not compared.
    const other = await asApp('adviser1', (tx) => tx.query(`SELECT * FROM vink_person_registered_matches(NULL, 'Gustav B', '2001-02-03', 0.5)`));
    expect(other.rows).toEqual([]);
  });

  it('the name similarity in the database equals the one in persons/matching.ts', async () => {
    const pairs: [string, string][] = [
      ['Mohamed Hasan', 'Mohammed Hassan'], ['Åse Østergård', 'Aase Oestergaard'], ['ANNE-MARIE JØRGENSEN', 'Anne Marie Jørgensen'],
      ['José Müller', 'Jose Muller'], ['Ægir Blåbær', 'Aegir Blaabaer'], ['Ida', 'Bo'], ['Łukasz Dąbrowski', 'Lukasz Dabrowski'], ['', 'Ida'],
    ];
    const res = await asApp('adviser1', (tx) => tx.query<{ s: number }>(
      `SELECT vink_name_similarity(a, b) AS s FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t (a, b, n) ORDER BY n`,
      [pairs.map((x) => x[0]), pairs.map((x) => x[1])]));
    expect(res.rows.map((x) => Math.round(x.s * 1e4) / 1e4)).toEqual(pairs.map(([a, b]) => Math.round(nameSimilarity(a, b) * 1e4) / 1e4));
  });

  it('the match functions answer only roles that may match or register, and are not callable by PUBLIC', async () => {
    const grants = await d.db.transaction((tx) => tx.query<{ ok: boolean }>(
      `SELECT has_function_privilege('public', 'vink_person_registered(uuid)', 'EXECUTE') AS ok`));
    expect(grants.rows[0]!.ok).toBe(false);
    const ask = (who: Who) => asApp(who, async (tx) => [
      ...(await tx.query(`SELECT person_id FROM vink_person_registered_matches(NULL, 'Bo Adviser-To', '2001-02-03', 0.5)`)).rows,
      ...(await tx.query('SELECT person_id FROM vink_person_registered($1)', [r.pAdv2])).rows,
    ].length);
    expect(await ask('coordinator')).toBe(2);
    for (const who of ['partner', 'mentor1', 'manager', 'analyst', 'admin', 'dpo'] as const) expect({ who, n: await ask(who) }).toEqual({ who, n: 0 });
  });
});
