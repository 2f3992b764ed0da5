import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import type { Database, Queryable } from '../src/server/platform/db.ts';
import { freshDatabase } from './helpers/db.ts';
import { migrate } from '../src/server/platform/migrate.ts';

/**
 * Row-level security is the second line of defence: even a query with no application filter at all, run as the
 * app role, sees only the actor's units and the cases the actor is a member of.
 */
let h: Harness;
let ids: { personA: string; personB: string; caseA: string; caseB: string; memberCaseB: string; actor: string };

async function asApp<T>(actorId: string, units: string[], fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return h.ctx.db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE vink_app');
    await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true), set_config('vink.actor_role', 'police_liaison', true)`,
      [actorId, `{${units.join(',')}}`]);
    return fn(tx);
  });
}

beforeAll(async () => {
  h = await createHarness();
  const actor = await h.createUser('police_liaison', 'a');
  const now = h.clock.now();
  ids = await systemTransaction(h.ctx.db, async (tx) => {
    const mk = async (unit: string, name: string) => {
      const p = (await tx.query<{ id: string }>(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`, [unit, name, now])).rows[0]!.id;
      const c = (await tx.query<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`, [unit, p, name, now])).rows[0]!.id;
      return { p, c };
    };
    const a = await mk(h.units.a, 'RLS A');
    const b = await mk(h.units.b, 'RLS B');
    const m = await mk(h.units.b, 'RLS B shared');
    await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, 'police', 'retsplejeloven_115', $4)`, [m.c, actor.id, h.units.b, now]);
    return { personA: a.p, personB: b.p, caseA: a.c, caseB: b.c, memberCaseB: m.c, actor: actor.id };
  });
});
afterAll(async () => h?.close());

describe('row-level security', () => {
  it('the connection role is not the app role, and the app role does not own the tables', async () => {
    const r = await systemTransaction(h.ctx.db, (tx) => tx.query<{ owner: string; forced: boolean }>(
      `SELECT pg_get_userbyid(relowner) AS owner, relforcerowsecurity AS forced FROM pg_class WHERE relname = 'persons'`));
    expect(r.rows[0]!.owner).not.toBe('vink_app');
    expect(r.rows[0]!.forced).toBe(true);
  });

  it('an unfiltered SELECT as the app role sees only the cases its reach covers (police: member, even in its own unit)', async () => {
    const cases = await asApp(ids.actor, [h.units.a], (tx) => tx.query<{ id: string }>('SELECT id FROM cases'));
    const seen = cases.rows.map((r) => r.id);
    expect(seen).not.toContain(ids.caseA);
    expect(seen).toContain(ids.memberCaseB);
    expect(seen).not.toContain(ids.caseB);
    const persons = await asApp(ids.actor, [h.units.a], (tx) => tx.query<{ id: string }>('SELECT id FROM persons'));
    expect(persons.rows.map((r) => r.id)).not.toContain(ids.personB);
  });

  it('with no scope set, the app role sees nothing', async () => {
    const r = await h.ctx.db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE vink_app');
      return tx.query('SELECT id FROM persons');
    });
    expect(r.rows).toEqual([]);
  });

  it("writing into another unit is refused by the policy's check", async () => {
    await expect(asApp(ids.actor, [h.units.a], (tx) =>
      tx.query(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, 'Smuggled', now(), now())`, [h.units.b]),
    )).rejects.toThrow(/row-level security/);
    const upd = await asApp(ids.actor, [h.units.a], (tx) => tx.query(`UPDATE cases SET title = 'hijacked' WHERE id = $1`, [ids.caseB]));
    expect(upd.rowCount).toBe(0);
  });

  it('the app role cannot read session secrets or password hashes beyond its grants', async () => {
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('SELECT * FROM oidc_flows'))).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('DELETE FROM persons'))).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('SELECT password_hash FROM users'))).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('SELECT totp_secret_enc FROM users'))).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('SELECT pending_totp_secret_enc FROM sessions'))).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.actor, [h.units.a], (tx) => tx.query('SELECT code_hash FROM recovery_codes'))).rejects.toThrow(/permission denied/);
  });
});

/**
 * The database backs the rules (migration 0060): tested on a bare migrated database, as the app role with the
 * settings access/scope.ts runScoped sets, so what is proven here holds whatever query a repository sends.
 */
describe('database rules for the app role', () => {
  let d: { db: Database; drop(): Promise<void> };
  const u = {
    a: '00000000-0000-4000-8000-00000000000a', b: '00000000-0000-4000-8000-00000000000b',
    admin: '10000000-0000-4000-8000-000000000001', adminB: '10000000-0000-4000-8000-000000000002',
    coordinator: '10000000-0000-4000-8000-000000000003', partner: '10000000-0000-4000-8000-000000000004',
    mentor1: '10000000-0000-4000-8000-000000000005', mentor2: '10000000-0000-4000-8000-000000000006',
    staffB: '10000000-0000-4000-8000-000000000007',
  };
  let rec: { caseA: string; caseB: string; sharedNote: string; privateNote: string; course1: string; course2: string; session1: string; session2: string };

  type As = { id: string | null; role: string | null; units: string[] };
  const as = {
    admin: { id: u.admin, role: 'admin', units: [u.a] },
    coordinator: { id: u.coordinator, role: 'coordinator', units: [u.a] },
    partner: { id: u.partner, role: 'partner', units: [u.a] },
    mentor1: { id: u.mentor1, role: 'mentor', units: [u.a] },
  } satisfies Record<string, As>;

  /** A transaction as vink_app with the scope settings of runScoped (vink.actor_id, vink.unit_ids, vink.actor_role). */
  const asApp = <T>(who: As, fn: (tx: Queryable) => Promise<T>): Promise<T> => d.db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE vink_app');
    await tx.query(`SELECT set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true), set_config('vink.actor_role', $3, true)`,
      [who.id ?? '', `{${who.units.join(',')}}`, who.role ?? '']);
    return fn(tx);
  });
  const ids = async (who: As, sql: string, params: unknown[] = []) =>
    (await asApp(who, (tx) => tx.query<{ id: string }>(sql, params))).rows.map((r) => r.id).sort();
  const owner = <T>(fn: (tx: Queryable) => Promise<T>) => d.db.transaction(fn);

  beforeAll(async () => {
    d = await freshDatabase();
    await migrate(d.db);
    rec = await owner(async (tx) => {
      await tx.query(`INSERT INTO units (id, name, municipality_code, police_district_id) VALUES ($1, 'A', '101', 11), ($2, 'B', '751', 2)`, [u.a, u.b]);
      const user = (id: string, unit: string, role: string) => tx.query(
        `INSERT INTO users (id, unit_id, username, display_name, role, password_hash, totp_secret_enc, totp_enabled_at, totp_last_step)
         VALUES ($1, $2, $3, $3, $4, 'argon2-hash', 'sealed-totp-secret', now(), 1)`, [id, unit, `${role}.${id.slice(-2)}`, role]);
      await user(u.admin, u.a, 'admin');
      await user(u.adminB, u.b, 'admin');
      await user(u.coordinator, u.a, 'coordinator');
      await user(u.partner, u.a, 'partner');
      await user(u.mentor1, u.a, 'mentor');
      await user(u.mentor2, u.a, 'mentor');
      await user(u.staffB, u.b, 'adviser');
      await tx.query(`INSERT INTO sessions (id, user_id, stage, auth_method, csrf_token, pending_totp_secret_enc, created_at, last_seen_at)
        VALUES ('s-coordinator', $1, 'active', 'password', 'csrf-secret', 'sealed-pending', now(), now()),
               ('s-staff-b', $2, 'active', 'password', 'csrf-secret-b', NULL, now(), now())`, [u.coordinator, u.staffB]);
      await tx.query(`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, 'digest-1'), ($1, 'digest-2')`, [u.coordinator]);
      const one = async (sql: string, params: unknown[]) => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;
      const mkCase = async (unit: string) => {
        const p = await one(`INSERT INTO persons (unit_id, full_name, created_at, updated_at) VALUES ($1, 'Person', now(), now()) RETURNING id`, [unit]);
        return one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Case', now(), now()) RETURNING id`, [unit, p]);
      };
      const caseA = await mkCase(u.a);
      const caseB = await mkCase(u.b);
      for (const [user, relation] of [[u.partner, 'partner'], [u.mentor1, 'mentor'], [u.mentor2, 'mentor']] as const) {
        await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', now())`,
          [caseA, user, u.a, relation]);
      }
      const note = (shared: boolean) => one(
        `INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body, shared_with_partners) VALUES ($1, $2, $3, now(), 'Note', $4) RETURNING id`,
        [caseA, u.a, u.coordinator, shared]);
      const course = (mentor: string) => one(
        `INSERT INTO courses (case_id, unit_id, kind, mentor_id, started_on, created_at) VALUES ($1, $2, 'mentor', $3, '2026-01-05', now()) RETURNING id`,
        [caseA, u.a, mentor]);
      const session = (courseId: string, mentor: string) => one(
        `INSERT INTO course_sessions (course_id, unit_id, held_on, duration_minutes, form, logged_by, logged_at)
         VALUES ($1, $2, '2026-01-12', 60, 'in_person', $3, now()) RETURNING id`, [courseId, u.a, mentor]);
      const sharedNote = await note(true);
      const privateNote = await note(false);
      const course1 = await course(u.mentor1);
      const course2 = await course(u.mentor2);
      return { caseA, caseB, sharedNote, privateNote, course1, course2, session1: await session(course1, u.mentor1), session2: await session(course2, u.mentor2) };
    });
  });
  afterAll(async () => d?.drop());

  describe('staff credentials', () => {
    it.each([
      'SELECT password_hash FROM users',
      'SELECT totp_secret_enc FROM users',
      'SELECT totp_last_step FROM users',
      'SELECT failed_attempts FROM users',
      'SELECT * FROM users',
      'SELECT u.id FROM users u WHERE u.password_hash IS NOT NULL',
      'SELECT pending_totp_secret_enc FROM sessions',
      'SELECT csrf_token FROM sessions',
      'SELECT * FROM sessions',
      'SELECT code_hash FROM recovery_codes',
      'SELECT * FROM recovery_codes',
    ])('vink_app gets "permission denied" for %s', async (sql) => {
      await expect(asApp(as.admin, (tx) => tx.query(sql))).rejects.toThrow(/permission denied/);
    });

    it("reads the columns the app's queries use", async () => {
      const r = await asApp(as.coordinator, (tx) => tx.query<{ id: string; display_name: string }>(
        `SELECT id, unit_id, username, display_name, role, organisation, totp_enabled_at, disabled_at, locked_until, version, oidc_subject,
                created_at, updated_at FROM users WHERE id = $1`, [u.staffB]));
      expect(r.rows).toHaveLength(1);
      expect(await ids(as.admin, 'SELECT id FROM sessions WHERE user_id = $1 AND ended_at IS NULL', [u.coordinator])).toEqual(['s-coordinator']);
      expect((await asApp(as.admin, (tx) => tx.query('SELECT id, user_id, used_at FROM recovery_codes WHERE user_id = $1', [u.coordinator]))).rows).toHaveLength(2);
    });

    it('the owner (sign-in) still reads the secrets', async () => {
      const r = await owner((tx) => tx.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [u.coordinator]));
      expect(r.rows[0]!.password_hash).toBe('argon2-hash');
    });

    it('vink_app may not update a password hash, a username or an OIDC subject, not even as an administrator', async () => {
      for (const set of [`password_hash = 'x'`, `username = 'taken.over'`, `oidc_subject = 'x'`, `unit_id = '${u.b}'`]) {
        await expect(asApp(as.admin, (tx) => tx.query(`UPDATE users SET ${set} WHERE id = $1`, [u.coordinator]))).rejects.toThrow(/permission denied|never set one/);
      }
    });

    it("an administrator's account changes work under vink_app, in the administrator's unit only", async () => {
      // The statements of users/service.ts: update, disable, reset of the second factor (which ends sessions and
      // deletes recovery codes), create.
      const upd = await asApp(as.admin, (tx) => tx.query<{ role: string }>(
        `UPDATE users SET display_name = coalesce($3, display_name), role = coalesce($4, role),
           organisation = CASE WHEN $5::boolean THEN $6 ELSE organisation END, version = version + 1, updated_at = $7
         WHERE id = $1 AND version = $2 RETURNING id, unit_id, username, display_name, role, organisation, totp_enabled_at, disabled_at, locked_until, version`,
        [u.mentor2, 1, 'Renamed', 'mentor', true, 'Org', new Date()]));
      expect(upd.rows[0]).toMatchObject({ role: 'mentor' });
      await asApp(as.admin, async (tx) => {
        const reset = await tx.query(`UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_attempts = 0,
          locked_until = NULL, version = version + 1, updated_at = $2 WHERE id = $1`, [u.coordinator, new Date()]);
        expect(reset.rowCount).toBe(1);
        expect((await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [u.coordinator])).rowCount).toBe(2);
        const ended = await tx.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL', [u.coordinator, new Date(), 'second_factor_reset']);
        expect(ended.rowCount).toBe(1);
        const dis = await tx.query(`UPDATE users SET disabled_at = coalesce(disabled_at, $2), version = version + 1, updated_at = $2 WHERE id = $1 RETURNING id`, [u.partner, new Date()]);
        expect(dis.rowCount).toBe(1);
        const created = await tx.query<{ id: string }>(
          `INSERT INTO users (unit_id, username, display_name, role, organisation, oidc_subject, role_pending, created_at, updated_at)
           VALUES ($1, 'new.user', 'New', 'adviser', NULL, NULL, true, $2, $2) RETURNING id`, [u.a, new Date()]);
        expect(created.rows).toHaveLength(1);
        throw new Error('roll back');
      }).catch((e: Error) => expect(e.message).toBe('roll back'));
      // Another unit's account is out of reach: no row to update, and a new account there fails the policy.
      expect((await asApp(as.admin, (tx) => tx.query(`UPDATE users SET display_name = 'x' WHERE id = $1`, [u.staffB]))).rowCount).toBe(0);
      await expect(asApp(as.admin, (tx) => tx.query(
        `INSERT INTO users (unit_id, username, display_name, role, created_at, updated_at) VALUES ($1, 'smuggled', 'S', 'admin', now(), now())`, [u.b],
      ))).rejects.toThrow(/row-level security/);
    });

    it('only an administrator changes accounts: another role cannot make itself admin', async () => {
      const r = await asApp(as.coordinator, (tx) => tx.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [u.coordinator]));
      expect(r.rowCount).toBe(0);
      await expect(asApp(as.coordinator, (tx) => tx.query(
        `INSERT INTO users (unit_id, username, display_name, role, created_at, updated_at) VALUES ($1, 'self.made', 'S', 'admin', now(), now())`, [u.a],
      ))).rejects.toThrow(/row-level security/);
      expect((await asApp(as.coordinator, (tx) => tx.query(`UPDATE sessions SET ended_at = now() WHERE user_id = $1`, [u.staffB]))).rowCount).toBe(0);
    });

    it('an administrator may clear a second factor or a lock, never set one', async () => {
      for (const set of [`totp_secret_enc = 'attacker-secret'`, 'totp_enabled_at = now()', 'totp_last_step = 99', `locked_until = now() + interval '1 day'`, 'failed_attempts = 5']) {
        await expect(asApp(as.admin, (tx) => tx.query(`UPDATE users SET ${set} WHERE id = $1`, [u.mentor1]))).rejects.toThrow(/never set one/);
      }
    });

    it('an ended session cannot be revived by the app role', async () => {
      await owner((tx) => tx.query(`UPDATE sessions SET ended_at = now(), end_reason = 'logout' WHERE id = 's-staff-b'`));
      await expect(asApp({ ...as.admin, units: [u.b] }, (tx) => tx.query(`UPDATE sessions SET ended_at = NULL WHERE id = 's-staff-b'`)))
        .rejects.toThrow(/row-level security/);
    });
  });

  describe('row-level security as fine as the policy table', () => {
    it('a partner member of the case reads only the notes shared with partners, even with no filter at all', async () => {
      expect(await ids(as.partner, 'SELECT id FROM case_notes')).toEqual([rec.sharedNote]);
      expect(await ids(as.partner, 'SELECT id FROM case_notes WHERE id = $1', [rec.privateNote])).toEqual([]);
      expect(await ids(as.coordinator, 'SELECT id FROM case_notes')).toEqual([rec.sharedNote, rec.privateNote].sort());
      // Without the role setting nothing at all: every reach comes from the role (migration 0120), so none fails closed.
      expect(await ids({ ...as.partner, role: null }, 'SELECT id FROM case_notes')).toEqual([]);
    });

    it('a partner cannot change an unshared note into view', async () => {
      const r = await asApp(as.partner, (tx) => tx.query('UPDATE case_notes SET shared_with_partners = true WHERE id = $1', [rec.privateNote]));
      expect(r.rowCount).toBe(0);
    });

    it("a mentor reads only their own courses and sessions, not another mentor's on the same case and unit", async () => {
      expect(await ids(as.mentor1, 'SELECT id FROM courses')).toEqual([rec.course1]);
      expect(await ids(as.mentor1, 'SELECT id FROM courses WHERE id = $1', [rec.course2])).toEqual([]);
      expect(await ids(as.mentor1, 'SELECT id FROM course_sessions')).toEqual([rec.session1]);
      expect(await ids(as.coordinator, 'SELECT id FROM courses')).toEqual([rec.course1, rec.course2].sort());
      expect(await ids(as.coordinator, 'SELECT id FROM course_sessions')).toEqual([rec.session1, rec.session2].sort());
    });

    it("a mentor cannot change another mentor's course or log a session on it", async () => {
      expect((await asApp(as.mentor1, (tx) => tx.query(`UPDATE courses SET status = 'paused' WHERE id = $1`, [rec.course2]))).rowCount).toBe(0);
      await expect(asApp(as.mentor1, (tx) => tx.query(
        `INSERT INTO course_sessions (course_id, unit_id, held_on, duration_minutes, form, logged_by, logged_at) VALUES ($1, $2, '2026-01-19', 30, 'phone', $3, now())`,
        [rec.course2, u.a, u.mentor1],
      ))).rejects.toThrow(/row-level security/);
    });

    it('a temporary table cannot shadow the tables the membership checks read', async () => {
      const seen = await asApp({ id: u.staffB, role: 'adviser', units: [] }, async (tx) => {
        await tx.query('CREATE TEMP TABLE case_members (case_id uuid, user_id uuid) ON COMMIT DROP');
        await tx.query('INSERT INTO pg_temp.case_members VALUES ($1, $2)', [rec.caseA, u.staffB]);
        return (await tx.query<{ id: string }>('SELECT id FROM cases')).rows;
      });
      expect(seen).toEqual([]);
    });
  });
});
