import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { observeStatements } from '../src/server/platform/db.ts';

/**
 * One look is few statements (docs/architecture.md, "A request, step by step"). The platform's statement hook
 * (observeStatements) sees every statement a request sends, BEGIN and COMMIT included.
 */
let h: Harness;
let coordinator: Client & { user: { id: string } };
let caseId: string;

/** The statements one request sends, in order. */
async function statementsOf(request: () => Promise<{ status: number }>): Promise<{ status: number; statements: string[] }> {
  const statements: string[] = [];
  observeStatements(h.ctx.db, (text) => statements.push(text.replace(/\s+/g, ' ').trim()));
  try {
    const res = await request();
    return { status: res.status, statements };
  } finally {
    observeStatements(h.ctx.db, null);
  }
}
const TRANSACTION_CONTROL = new Set(['BEGIN', 'COMMIT', 'ROLLBACK']);
const work = (statements: string[]) => statements.filter((s) => !TRANSACTION_CONTROL.has(s));
const lastSeen = async (userId: string) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<{ last_seen_at: Date }>(
    `SELECT last_seen_at FROM sessions WHERE user_id = $1 AND ended_at IS NULL AND stage = 'active'`, [userId]))).rows[0]!.last_seen_at;

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator');
  const p = await coordinator.post('/api/v1/persons', { fullName: 'Statement Count' });
  const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title: 'Optalt sag' });
  expect(c.status).toBe(201);
  caseId = c.body.id;
  // A member besides the owner, so the members part of the read has more than one row to gather.
  const adviser = await h.createUser('adviser');
  expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: adviser.id, relation: 'adviser' })).status).toBe(201);
});
afterAll(async () => h?.close());

describe('a case read', () => {
  it('GET /cases/:id issues 4 statements besides BEGIN/COMMIT, 5 when the session touch is due (it was 13 in 2 transactions)', async () => {
    h.clock.advance(61_000); // the session's touch is due: the worst case
    const touched = await statementsOf(() => coordinator.get(`/api/v1/cases/${caseId}`));
    expect(touched.status).toBe(200);
    const quiet = await statementsOf(() => coordinator.get(`/api/v1/cases/${caseId}`));
    expect(quiet.status).toBe(200);
    // The common case: the session and its user in one read, the role and scope in one, the case with its members,
    // owner and assessments in one, and the audit row.
    expect(work(quiet.statements)).toHaveLength(4);
    expect(work(quiet.statements).map((s) => s.slice(0, 40))).toEqual([
      expect.stringMatching(/^SELECT s\.id, s\.user_id/), expect.stringMatching(/^SELECT set_config\('role'/),
      expect.stringMatching(/^SELECT c\.id, c\.unit_id/), expect.stringMatching(/^SELECT vink_audit_append/),
    ]);
    // One transaction: the session check is a statement on its own (PostgreSQL; PGlite wraps it in an in-process one).
    expect(quiet.statements.filter((s) => s === 'BEGIN')).toHaveLength(h.ctx.db.kind === 'postgres' ? 1 : 2);
    if (h.ctx.db.kind === 'postgres') expect(quiet.statements[0]).toMatch(/^SELECT s\.id, s\.user_id/);
    // At most once a minute, one more: the session's touch.
    expect(work(touched.statements)).toHaveLength(5);
    expect(work(touched.statements).filter((s) => s.startsWith('UPDATE sessions'))).toHaveLength(1);
  });

  it('still answers the members and the owner', async () => {
    const res = await coordinator.get(`/api/v1/cases/${caseId}`);
    expect(res.body).toMatchObject({
      id: caseId, owner: { id: coordinator.user.id }, allowedTransitions: expect.any(Array), nextReassessmentDue: null, // no start assessment yet
    });
    expect(res.body.members.map((m: { relation: string }) => m.relation)).toEqual(['owner', 'adviser']);
  });

  it('a case out of reach is one read and an audited refusal (404)', async () => {
    const other = await h.signIn('coordinator', 'b');
    const before = await h.auditCount();
    const r = await statementsOf(() => other.get(`/api/v1/cases/${caseId}`));
    expect(r.status).toBe(404);
    expect(await h.auditCount()).toBe(before + 1);
    expect(work(r.statements).filter((s) => s.startsWith('SELECT c.id, c.unit_id'))).toHaveLength(1);
  });
});

describe('the session touch', () => {
  it('two requests within a minute do not write the session row; the first after a minute does', async () => {
    const c = await h.signIn('adviser');
    const seen = await lastSeen(c.user.id);
    h.clock.advance(20_000);
    const first = await statementsOf(() => c.get('/api/v1/auth/me'));
    h.clock.advance(39_000);
    const second = await statementsOf(() => c.get('/api/v1/auth/me'));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([...first.statements, ...second.statements].filter((s) => s.startsWith('UPDATE sessions'))).toEqual([]);
    expect(await lastSeen(c.user.id)).toEqual(seen);

    h.clock.advance(1_000); // a minute after the last write
    const third = await statementsOf(() => c.get('/api/v1/auth/me'));
    expect(third.status).toBe(200);
    expect(third.statements.filter((s) => s.startsWith('UPDATE sessions'))).toHaveLength(1);
    expect(await lastSeen(c.user.id)).toEqual(h.clock.now());
  });

  it('the idle limit counts from the last write: never later than 15 minutes after the last request', async () => {
    const c = await h.signIn('adviser');
    h.clock.advance(30_000);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200); // not written: within the minute
    h.clock.advance(14 * 60_000 + 29_000); // 14:59 after the last write, 14:29 after the last request
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    h.clock.advance(15 * 60_000); // 15 minutes after that request, which was written
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });
});
