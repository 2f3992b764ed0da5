import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import type { Queryable } from '../src/server/platform/db.ts';

/**
 * Children (barnets lov § 133) and the religion-only intake check (docs/domain.md, "The flow of a concern", step 2):
 * a minor's concern has a task due within 24 hours until the child-report decision is recorded; an unknown birth
 * date must be answered; a description of religious practice or appearance alone is stopped unless a reason is given,
 * and such overrides are counted for the manager and the DPO.
 */
let h: Harness;
let adviser: Client & { user: TestUser };
let coordinator: Client & { user: TestUser };
let manager: Client & { user: TestUser };
let dpo: Client & { user: TestUser };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const body = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: true },
  person: { fullName: 'Barn Fiktivsen', birthDate: '2012-06-01' },
  ideologyArea: 'militant_islamism',
  severity: 'medium',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler halshugningsvideoer med yngre elever i frikvarteret.',
  ...over,
});
type Task = { kind: string; concernId: string | null; dueAt: string; unassigned: boolean };
const tasksOf = async (c: Client) => (await c.get('/api/v1/tasks/mine')).body as Task[];
const childTasks = (rows: Task[], concernId: string) => rows.filter((t) => t.kind === 'child_report' && t.concernId === concernId);

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  manager = await h.signIn('manager', 'a');
  dpo = await h.signIn('dpo', 'a');
});
afterAll(async () => h?.close());

describe('the child-report duty (barnets lov § 133)', () => {
  it("gives a minor's concern a task due within 24 hours, closed by recording the decision", async () => {
    const k = await coordinator.post('/api/v1/concerns', body());
    expect(k.status).toBe(201);
    expect(k.body).toMatchObject({ childReport: null, childReportDue: true, person: { minor: true, socialServicesReportDuty: true } });
    const open = childTasks(await tasksOf(coordinator), k.body.id);
    expect(open).toHaveLength(1);
    expect(open[0]!.dueAt).toBe(new Date(h.clock.now().getTime() + 24 * 3_600_000).toISOString());

    // Made: to whom and when are required.
    const missing = await coordinator.post(`/api/v1/concerns/${k.body.id}/child-report`, { made: true });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'recipient', reason: expect.stringContaining('to whom') }]);
    const rec = await coordinator.post(`/api/v1/concerns/${k.body.id}/child-report`, {
      made: true, recipient: 'Børne- og ungeforvaltningen', reportedAt: h.clock.now().toISOString(),
    });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ childReportDue: false, childReport: { made: true, recipient: 'Børne- og ungeforvaltningen', recordedBy: coordinator.user.id } });
    expect(childTasks(await tasksOf(coordinator), k.body.id)).toEqual([]);
    const done = await sql<{ done_at: Date | null }>("SELECT done_at FROM tasks WHERE concern_id = $1 AND kind = 'child_report'", [k.body.id]);
    expect(done).toEqual([{ done_at: h.clock.now() }]);
    // Recorded once: a second decision is a conflict, never an overwrite.
    const again = await coordinator.post(`/api/v1/concerns/${k.body.id}/child-report`, { made: false, reason: 'Fortrudt.' });
    expect(again.status).toBe(409);
    // The scheduler's run reopens nothing.
    await runTaskRulesOnce(h.ctx);
    expect(childTasks(await tasksOf(coordinator), k.body.id)).toEqual([]);
  });

  it('records a decision not to report, with the reason; refuses one for an adult', async () => {
    const k = await coordinator.post('/api/v1/concerns', body({ person: { fullName: 'Barn To', birthDate: '2011-01-01' } }));
    const noReason = await coordinator.post(`/api/v1/concerns/${k.body.id}/child-report`, { made: false });
    expect(noReason.body.errors).toEqual([{ field: 'reason', reason: expect.stringContaining('why not') }]);
    const rec = await coordinator.post(`/api/v1/concerns/${k.body.id}/child-report`, { made: false, reason: 'Forvaltningen er allerede underrettet af skolen.' });
    expect(rec.status).toBe(200);
    expect(rec.body.childReport).toMatchObject({ made: false, recipient: null, reportedAt: null });

    const adult = await coordinator.post('/api/v1/concerns', body({ person: { fullName: 'Voksen Fiktivsen', birthDate: '1990-01-01' } }));
    expect(adult.body).toMatchObject({ childReportDue: false });
    expect(childTasks(await tasksOf(coordinator), adult.body.id)).toEqual([]);
    const refused = await coordinator.post(`/api/v1/concerns/${adult.body.id}/child-report`, { made: false, reason: 'Voksen.' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'made', reason: expect.stringContaining('not a minor') }]);
  });

  it('asks whether the person is a minor when no birth date is known, and acts on the answer', async () => {
    const unanswered = await adviser.post('/api/v1/concerns', body({ person: { fullName: 'Uden Fødselsdato' } }));
    expect(unanswered.status).toBe(400);
    expect(unanswered.body.errors).toEqual([{ field: 'minor', reason: expect.stringContaining('under 18') }]);
    // Nothing of the refused request is kept (the person it would have created included).
    expect(await sql("SELECT id FROM persons WHERE full_name = 'Uden Fødselsdato'")).toEqual([]);

    const yes = await adviser.post('/api/v1/concerns', body({ person: { fullName: 'Uden Fødselsdato' }, minor: 'yes' }));
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({ minorStated: 'yes', childReportDue: true, person: { minor: true, socialServicesReportDuty: true } });
    const unknown = await adviser.post('/api/v1/concerns', body({ person: { fullName: 'Alder Ukendt' }, minor: 'unknown' }));
    expect(unknown.body).toMatchObject({ minorStated: 'unknown', childReportDue: true, person: { minor: null, socialServicesReportDuty: true } });
    const no = await adviser.post('/api/v1/concerns', body({ person: { fullName: 'Voksen Uden Dato' }, minor: 'no' }));
    expect(no.body).toMatchObject({ minorStated: 'no', childReportDue: false });
    const queue = await tasksOf(coordinator);
    expect(childTasks(queue, yes.body.id)).toHaveLength(1);
    expect(childTasks(queue, unknown.body.id)).toHaveLength(1);
    expect(childTasks(queue, no.body.id)).toEqual([]);
    // The adviser who registered it may record the decision.
    const rec = await adviser.post(`/api/v1/concerns/${yes.body.id}/child-report`, { made: true, recipient: 'Børne- og ungeforvaltningen', reportedAt: h.clock.now().toISOString() });
    expect(rec.status).toBe(200);
  });

  it('keeps the decision as private as its concern (row-level security, migration 0190)', async () => {
    const k = await coordinator.post('/api/v1/concerns', body({ person: { fullName: 'Barn Tre', birthDate: '2013-02-02' } }));
    await coordinator.post(`/api/v1/concerns/${k.body.id}/child-report`, { made: false, reason: 'RLS: allerede underrettet.' });
    const otherUnit = await h.createUser('coordinator', 'b');
    const otherAdviser = await h.createUser('adviser', 'a');
    const asApp = <T,>(u: TestUser, fn: (tx: Queryable) => Promise<T>) => h.ctx.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('role', 'vink_app', true), set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true),
        set_config('vink.actor_role', $3, true)`, [u.id, `{${u.unitId}}`, u.role]);
      return fn(tx);
    });
    const seen = (u: TestUser) => asApp(u, async (tx) => (await tx.query<{ concern_id: string }>(
      'SELECT concern_id FROM concern_child_reports WHERE concern_id = $1', [k.body.id])).rows.length);
    expect(await seen(coordinator.user)).toBe(1);
    // Another unit's coordinator, and an adviser of the unit who did not register the concern, see nothing.
    expect(await seen(otherUnit)).toBe(0);
    expect(await seen(otherAdviser)).toBe(0);
    // Nor may another unit write a decision on it.
    const k2 = await coordinator.post('/api/v1/concerns', body({ person: { fullName: 'Barn Fire', birthDate: '2013-03-03' } }));
    await expect(asApp(otherUnit, (tx) => tx.query(
      `INSERT INTO concern_child_reports (concern_id, unit_id, made, reason, recorded_by, recorded_at) VALUES ($1, $2, false, 'x', $3, now())`,
      [k2.body.id, h.units.a, otherUnit.id]))).rejects.toThrow(/row-level security/);
  });

  it('has no text left citing serviceloven § 153 for the duty (translation files)', () => {
    const dir = path.join(import.meta.dirname, '..', 'src', 'web', 'i18n');
    const langs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const texts = langs.flatMap((lang) => readdirSync(path.join(dir, lang)).map((f) => readFileSync(path.join(dir, lang, f), 'utf8')));
    expect(texts.length).toBeGreaterThan(4);
    const all = texts.join('\n');
    expect(all).not.toMatch(/§\s*153/);
    expect(all).not.toMatch(/underretningspligt[^"]*serviceloven|serviceloven[^"]*underretning/i);
    expect(all).not.toMatch(/Social Services Act\)?[^"]*report|report[^"]*Social Services Act/i);
    expect(all).toContain('barnets lov § 133');
  });
});

describe('the religion-only check at intake', () => {
  const religionOnly = 'beder fem gange om dagen, har fået skæg';

  it('stops a description of religious practice alone, naming the field and asking for the behaviour', async () => {
    const res = await adviser.post('/api/v1/concerns', body({ behaviourDescription: religionOnly }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'behaviourDescription', reason: expect.stringContaining('concrete behaviour') }]);
  });

  it('passes a description with an act beside religious words, and refuses an override it does not need', async () => {
    const ok = await adviser.post('/api/v1/concerns', body({ behaviourDescription: `${religionOnly} og truer sine klassekammerater med kniv` }));
    expect(ok.status).toBe(201);
    expect(ok.body.religionOverride).toBe(false);
    const needless = await adviser.post('/api/v1/concerns', body({ behaviourDescription: 'Truer klassekammerater med kniv.', religionOnlyOverride: 'Fordi.' }));
    expect(needless.status).toBe(400);
    expect(needless.body.errors).toEqual([{ field: 'religionOnlyOverride', reason: expect.stringContaining('left out') }]);
  });

  it('saves it with a stated reason, and counts the override for the manager and the DPO only', async () => {
    const count = async (c: Client) => (await c.get('/api/v1/concerns/religion-overrides')).body as { count: number; termsVersion: number };
    const before = (await count(manager)).count;
    const saved = await adviser.post('/api/v1/concerns', body({
      behaviourDescription: religionOnly, religionOnlyOverride: 'Skolen beskriver en pludselig ændring, som de unge selv er bekymrede over.',
    }));
    expect(saved.status).toBe(201);
    expect(saved.body.religionOverride).toBe(true);
    const stored = await sql('SELECT religion_override_reason, religion_terms_version FROM concerns WHERE id = $1', [saved.body.id]);
    expect(stored).toEqual([{ religion_override_reason: expect.stringContaining('pludselig'), religion_terms_version: 1 }]);
    expect(await count(manager)).toEqual({ count: before + 1, termsVersion: 1 });
    expect((await count(dpo)).count).toBe(before + 1);
    expect((await adviser.get('/api/v1/concerns/religion-overrides')).status).toBe(403);
  });
});
