import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { route, walkedBy, keyOf } from './matrix/catalogue.ts';

/**
 * The retention routes × every role (docs/retention.md), the expected status computed from the policy table
 * (retention.read, retention.manage in src/shared/policy.ts). The schedule, receipts and upcoming counts hold no
 * personal data and belong to no record, so a role either may (200) or may not (403); a period change on a class
 * that does not exist is 404 for the DPO. Every call leaves exactly one audit row by the actor (ok or denied).
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const lastAudit = async () =>
  (await sql<{ outcome: string; actor_id: string; action: string; record_type: string }>('SELECT outcome, actor_id, action, record_type FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;

const READS = [route('GET /api/v1/retention/classes'), route('GET /api/v1/retention/receipts'), route('GET /api/v1/retention/upcoming')];
const CHANGE = route('PATCH /api/v1/retention/classes/:key');

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

describe('retention access matrix', () => {
  it('walks exactly the retention routes of the catalogue (tests/matrix/catalogue.ts), which are all the /retention routes', () => {
    expect(h.app.routeTable.filter((r) => r.url.startsWith('/api/v1/retention')).map((r) => `${r.method} ${r.url}`).sort()).toEqual(walkedBy('retention').sort());
    expect([...READS, CHANGE].map(keyOf).sort()).toEqual(walkedBy('retention').sort());
  });

  for (const r of READS) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const expected = expectedStatus(r.action, role, 200);
        const before = await h.auditCount();
        const res = await actors[role].get(r.url);
        const after = await h.auditCount();
        if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
        if (after - before !== 1) failures.push(`${role}: expected exactly 1 audit row, got ${after - before}`);
        else {
          const row = await lastAudit();
          if (row.outcome !== (expected === 200 ? 'ok' : 'denied') || row.actor_id !== actors[role].user.id) failures.push(`${role}: audit row ${JSON.stringify(row)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it(`${CHANGE.method} ${CHANGE.url} (a known class, and one that does not exist)`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of ['known', 'unknown'] as const) {
        const key = rel === 'known' ? 'call_not_forwarded' : 'no_such_class';
        const [cur] = await sql<{ version: number; period_months: number }>(`SELECT version, period_months FROM retention_classes WHERE class_key = 'call_not_forwarded'`);
        const allowedStatus = expectedStatus(CHANGE.action, role, 200);
        const expected = allowedStatus === 200 && rel === 'unknown' ? 404 : allowedStatus;
        const before = await h.auditCount();
        const res = await actors[role].patch(`/api/v1/retention/classes/${key}`, { periodMonths: cur!.period_months + 1, version: cur!.version });
        const after = await h.auditCount();
        const where = `${role} × ${rel}`;
        if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
        else {
          const row = await lastAudit();
          if (row.outcome !== (expected === 200 ? 'ok' : 'denied') || row.actor_id !== actors[role].user.id || row.action !== 'update') failures.push(`${where}: audit row ${JSON.stringify(row)}`);
        }
        const [now] = await sql<{ period_months: number }>(`SELECT period_months FROM retention_classes WHERE class_key = 'call_not_forwarded'`);
        const changed = now!.period_months !== cur!.period_months;
        if (changed !== (expected === 200)) failures.push(`${where}: period ${changed ? 'changed' : 'unchanged'}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the DPO changes a period', () => {
  it('answers 409 with the current version on a stale version, and 400 naming the field on a bad period', async () => {
    const dpo = actors.dpo;
    const [cur] = await sql<{ version: number }>(`SELECT version FROM retention_classes WHERE class_key = 'sign_in'`);
    const ok = await dpo.patch('/api/v1/retention/classes/sign_in', { periodMonths: 9, version: cur!.version });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ key: 'sign_in', periodMonths: 9, version: cur!.version + 1, action: 'delete' });
    const stale = await dpo.patch('/api/v1/retention/classes/sign_in', { periodMonths: 7, version: cur!.version });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(cur!.version + 1);
    const bad = await dpo.patch('/api/v1/retention/classes/sign_in', { periodMonths: 0, version: cur!.version + 1 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('periodMonths');
    const [after] = await sql<{ period_months: number }>(`SELECT period_months FROM retention_classes WHERE class_key = 'sign_in'`);
    expect(after!.period_months).toBe(9);
  });
});
