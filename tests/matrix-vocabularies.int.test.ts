import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * The vocabulary routes × every role (docs/domain.md, "Vocabularies"), the expected status computed from the policy
 * table (vocabulary.read, vocabulary.manage, statistics.read in src/shared/policy.ts). Vocabularies are reference data
 * of the installation, no record of a unit: a role may (2xx) or may not (403). The administrator's look and changes
 * leave exactly one audit row by the actor; a refusal leaves one denied row; the forms' read of the entries is not
 * audited when allowed (reference data, like the behaviour indicators).
 */
let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const lastAudit = async () =>
  (await sql<{ outcome: string; actor_id: string; action: string; record_type: string }>('SELECT outcome, actor_id, action, record_type FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;

const READ = route('GET /api/v1/vocabularies/:vocabulary');
const ADMIN = route('GET /api/v1/vocabularies/:vocabulary/admin');
const ADD = route('POST /api/v1/vocabularies/:vocabulary');
const CHANGE = route('PATCH /api/v1/vocabularies/:vocabulary/:code');
const COUNTS = route('GET /api/v1/vocabulary-counts');

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
});
afterAll(async () => h?.close());

/** Walks every role: the status, and the audit rows the call left (ok or denied, by the actor). */
async function walk(call: (c: Client, role: Role) => Promise<{ status: number; body: unknown }>, ok: number, action: typeof READ.action, audited: boolean) {
  const failures: string[] = [];
  for (const role of ROLES) {
    const expected = expectedStatus(action, role, ok);
    const before = await h.auditCount();
    const res = await call(actors[role], role);
    const after = await h.auditCount();
    if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    const rows = expected === ok && !audited ? 0 : 1;
    if (after - before !== rows) failures.push(`${role}: expected ${rows} audit rows, got ${after - before}`);
    else if (rows === 1) {
      const row = await lastAudit();
      if (row.outcome !== (expected === ok ? 'ok' : 'denied') || row.actor_id !== actors[role].user.id) failures.push(`${role}: audit row ${JSON.stringify(row)}`);
    }
  }
  return failures;
}

describe('vocabularies access matrix', () => {
  it('walks exactly the vocabulary routes of the catalogue (tests/matrix/catalogue.ts), which are all the /vocabularies routes', () => {
    expect(h.app.routeTable.filter((r) => r.url.startsWith('/api/v1/vocabular')).map((r) => `${r.method} ${r.url}`).sort()).toEqual(walkedBy('vocabularies').sort());
    expect([READ, ADMIN, ADD, CHANGE, COUNTS].map(keyOf).sort()).toEqual(walkedBy('vocabularies').sort());
  });

  it(`${READ.method} ${READ.url}`, async () => {
    expect(await walk((c) => c.get('/api/v1/vocabularies/offer_type'), 200, READ.action, false)).toEqual([]);
  });

  it(`${ADMIN.method} ${ADMIN.url}`, async () => {
    expect(await walk((c) => c.get('/api/v1/vocabularies/session_form/admin'), 200, ADMIN.action, true)).toEqual([]);
  });

  it(`${ADD.method} ${ADD.url} (each allowed role adds its own code; the others add nothing)`, async () => {
    const failures = await walk((c, role) => c.post('/api/v1/vocabularies/online_platform', {
      code: `forum_${role}`, labelDa: `Forum (${role})`, labelEn: `Forum (${role})`,
    }), 201, ADD.action, true);
    expect(failures).toEqual([]);
    const added = (await sql<{ code: string }>(`SELECT code FROM online_platforms WHERE code LIKE 'forum_%' ORDER BY code`)).map((r) => r.code);
    expect(added).toEqual(ROLES.filter((r) => expectedStatus(ADD.action, r, 201) === 201).map((r) => `forum_${r}`).sort());
  });

  it(`${CHANGE.method} ${CHANGE.url} (a rename at the version read)`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const [cur] = await sql<{ version: number; label_da: string }>(`SELECT version, label_da FROM session_forms WHERE code = 'video'`);
      const res = await actors[role].patch('/api/v1/vocabularies/session_form/video', { version: cur!.version, labelDa: `Video (${role})` });
      const expected = expectedStatus(CHANGE.action, role, 200);
      if (res.status !== expected) failures.push(`${role}: expected ${expected}, got ${res.status}`);
      const row = await lastAudit();
      if (row.outcome !== (expected === 200 ? 'ok' : 'denied') || row.actor_id !== actors[role].user.id) failures.push(`${role}: audit row ${JSON.stringify(row)}`);
      const [now] = await sql<{ label_da: string }>(`SELECT label_da FROM session_forms WHERE code = 'video'`);
      if ((now!.label_da !== cur!.label_da) !== (expected === 200)) failures.push(`${role}: label ${now!.label_da}`);
    }
    expect(failures).toEqual([]);
  });

  it(`${COUNTS.method} ${COUNTS.url}`, async () => {
    expect(await walk((c) => c.get('/api/v1/vocabulary-counts?from=2026-01-01&to=2026-12-31'), 200, COUNTS.action, true)).toEqual([]);
  });
});
