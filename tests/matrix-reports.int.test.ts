import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { mayAttempt } from '../src/server/access/policy.ts';
import { systemTransaction } from './helpers/sql.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { allowed } from './helpers/policy.ts';
import { route, walkedBy } from './matrix/catalogue.ts';

/**
 * The reports routes × every role × every relation, the expected status computed from the policy table
 * (report.export in src/shared/policy.ts, read through tests/helpers/policy.ts). A role without report.export is
 * refused before any record is looked at (403); a job belongs to the user who started it, so another's job is 404
 * whatever the unit. Starting a report and downloading a file are exports: exactly one
 * audit row each (ok or denied, by the actor). Polling a job's progress exports nothing and writes no row.
 *
 * Relations: for starting, the plan belongs to the actor's unit or another unit; for a job, it is the actor's own
 * job, a colleague's job in the same unit, or a job of another unit's user.
 */
type PlanRel = 'ownUnit' | 'otherUnit';
type JobRel = 'own' | 'colleague' | 'otherUnit';
const JOB_RELS: JobRel[] = ['own', 'colleague', 'otherUnit'];

const EXPORT = route('POST /api/v1/reports/year').action;
const mayExport = (role: Role) => mayAttempt(EXPORT, role);

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const plans = {} as Record<PlanRel, string>;
/** jobs[rel][role]: the job the role's actor meets in relation rel. */
const jobs = { own: {}, colleague: {}, otherUnit: {} } as Record<JobRel, Partial<Record<Role, string>>>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

async function installPlan(unitId: string): Promise<string> {
  const [p] = await sql<{ id: string }>(`INSERT INTO action_plans (unit_id, name, first_year, last_year, created_at) VALUES ($1, 'Matrixplan', 2025, 2026, $2) RETURNING id`,
    [unitId, h.clock.now()]);
  await sql(`INSERT INTO budget_lines (plan_id, unit_id, year, funding_source, amount_dkk) VALUES ($1, $2, 2026, 'Kommunal ramme', 4600000)`, [p!.id, unitId]);
  return p!.id;
}

async function startAndFinish(c: Client, planId: string): Promise<string> {
  const res = await c.post('/api/v1/reports/year', { planId, year: 2026 });
  if (res.status !== 202) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  for (let i = 0; i < 600; i++) {
    const s = await c.get(`/api/v1/reports/jobs/${res.body.jobId}`);
    if (s.body.status === 'done') return res.body.jobId;
    if (s.body.status === 'failed') throw new Error('report job failed');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('report job did not finish');
}

async function lastAudit() {
  return (await sql<{ outcome: string; actor_id: string; action: string }>('SELECT outcome, actor_id, action FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  plans.ownUnit = await installPlan(h.units.a);
  plans.otherUnit = await installPlan(h.units.b);
  const colleague = await h.signIn('manager', 'a');
  const stranger = await h.signIn('manager', 'b');
  const colleagueJob = await startAndFinish(colleague, plans.ownUnit);
  const strangerJob = await startAndFinish(stranger, plans.otherUnit);
  for (const role of ROLES) {
    // A role that may not export has no job of its own; its "own" walk uses a random id.
    jobs.own[role] = mayExport(role) ? await startAndFinish(actors[role], plans.ownUnit) : crypto.randomUUID();
    jobs.colleague[role] = colleagueJob;
    jobs.otherUnit[role] = strangerJob;
  }
});
afterAll(async () => h?.close());

describe('reports access matrix', () => {
  it('walks exactly the reports routes of the catalogue (tests/matrix/catalogue.ts), which are all the /reports routes', () => {
    expect(h.app.routeTable.filter((r) => r.url.startsWith('/api/v1/reports')).map((r) => `${r.method} ${r.url}`).sort()).toEqual(walkedBy('reports').sort());
  });

  it('POST /api/v1/reports/year', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of ['ownUnit', 'otherUnit'] as PlanRel[]) {
        const expected = !mayExport(role) ? 403 : allowed(EXPORT, role, { own: rel === 'ownUnit' }) ? 202 : 404;
        const before = await h.auditCount();
        const res = await actors[role].post('/api/v1/reports/year', { planId: plans[rel], year: 2026 });
        const after = await h.auditCount();
        const where = `${role} × ${rel}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
        else {
          const row = await lastAudit();
          const outcome = expected < 400 ? 'ok' : 'denied';
          if (row.outcome !== outcome || row.actor_id !== actors[role].user.id || row.action !== 'export') failures.push(`${where}: audit row ${JSON.stringify(row)} expected export ${outcome}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/reports/jobs/:jobId (no audit row: progress holds no figures)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of JOB_RELS) {
        const expected = !mayExport(role) ? 403 : rel === 'own' ? 200 : 404;
        const before = await h.auditCount();
        const res = await actors[role].get(`/api/v1/reports/jobs/${jobs[rel][role]}`);
        const after = await h.auditCount();
        const where = `${role} × ${rel}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status}`);
        if (res.status === 200 && res.body.jobId !== jobs[rel][role]) failures.push(`${where}: answered another job`);
        if (after !== before) failures.push(`${where}: expected no audit row, got ${after - before}`);
      }
    }
    expect(failures).toEqual([]);
  });

  for (const format of ['pdf', 'xlsx', 'docx'] as const) {
    it(`GET /api/v1/reports/jobs/:jobId/${format}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of JOB_RELS) {
          const expected = !mayExport(role) ? 403 : rel === 'own' ? 200 : 404;
          const before = await h.auditCount();
          const res = await h.app.inject({ method: 'GET', url: `/api/v1/reports/jobs/${jobs[rel][role]}/${format}`, headers: { cookie: `${SESSION_COOKIE}=${actors[role].cookie}` } });
          const after = await h.auditCount();
          const where = `${role} × ${rel}`;
          if (res.statusCode !== expected) failures.push(`${where}: expected ${expected}, got ${res.statusCode}`);
          if (res.statusCode === 200 && res.rawPayload.length < 1000) failures.push(`${where}: file too small`);
          if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${where}: not problem+json`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id || row.action !== 'export') failures.push(`${where}: audit row ${JSON.stringify(row)} expected export ${outcome}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
