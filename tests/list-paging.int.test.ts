import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Paged lists (docs/architecture.md, "Lists"): the concern queue is walked page by page with a keyset cursor. Every
 * concern appears exactly once, the newest too (the old queue stopped silently at 500, oldest deadline first), the
 * total is the true count within reach and filters, and a cursor never widens the holder's reach.
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
let coordinatorB: Client & { user: TestUser };
let adviser: Client & { user: TestUser };
const N = 120;
const ids: string[] = [];
const triaged: string[] = [];
let idsB: string[] = [];

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const SEVERITIES = ['low', 'medium', 'high'] as const;

const concernBody = (receivedAt: Date, severity: string, i: number) => ({
  receivedAt: receivedAt.toISOString(),
  channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: `Sidebarn Nummer${i}` },
  ideologyArea: 'right_wing',
  severity,
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler propaganda i klassens chat.',
  minor: 'no',
});

type Summary = { id: string; status: string; severity: string; receivedAt: string; deadlineAt: string; triagedAt: string | null };
type PageBody = { items: Summary[]; total: number; hasMore: boolean; nextCursor: string | null };

/** Walks every page of a query, returning the pages. */
async function walk(c: Client, query: string): Promise<PageBody[]> {
  const pages: PageBody[] = [];
  let cursor: string | null = null;
  do {
    const res = await c.get(`/api/v1/concerns/page?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
    expect(res.body.hasMore).toBe(cursor !== null);
  } while (cursor && pages.length < 50);
  return pages;
}

/** The expected triage order from the database: clock running by deadline, then triaged newest first. */
async function expectedTriageOrder(unitId: string, extra = '', params: unknown[] = []): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `SELECT id FROM concerns WHERE unit_id = $1 ${extra}
     ORDER BY (triaged_at IS NOT NULL), CASE WHEN triaged_at IS NULL THEN triage_deadline_at END, CASE WHEN triaged_at IS NULL THEN id END,
       received_at DESC, id DESC`, [unitId, ...params]);
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  coordinator = await h.signIn('coordinator', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
  adviser = await h.signIn('adviser', 'a');
  const now = h.clock.now().getTime();
  // Oldest first, an hour apart: the oldest are long overdue; the newest is low severity, so its deadline is the
  // latest of all and it comes last in the triage order.
  for (let i = 0; i < N; i++) {
    const severity = i === N - 1 ? 'low' : SEVERITIES[i % 3]!;
    const res = await coordinator.post('/api/v1/concerns', concernBody(new Date(now - (N - i) * 3_600_000), severity, i));
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  // Five are triaged (unfounded): they leave the running clocks and follow, newest first.
  for (const id of ids.slice(10, 15)) {
    const pc = await coordinator.post(`/api/v1/concerns/${id}/police-check`, { version: 1, outcome: 'clear' });
    expect(pc.status).toBe(200);
    const d = await coordinator.post(`/api/v1/concerns/${id}/infohus`, {
      version: pc.body.version, meetingDate: h.clock.now().toISOString().slice(0, 10), participants: ['Kommunen'], decision: 'unfounded', reasoning: 'Ikke begrundet.',
    });
    expect(d.status).toBe(200);
    triaged.push(id);
  }
  for (let i = 0; i < 3; i++) {
    const res = await coordinatorB.post('/api/v1/concerns', concernBody(new Date(now - i * 3_600_000), 'medium', 900 + i));
    idsB.push(res.body.id);
  }
  idsB = idsB.filter(Boolean);
}, 120_000);
afterAll(async () => h?.close());

describe('the concern queue, paged', () => {
  it('walks every page: each concern exactly once, the newest included, the total true, in triage order', async () => {
    const pages = await walk(coordinator, 'limit=50');
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 20]);
    const walked = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(new Set(walked).size).toBe(walked.length);
    expect(new Set(walked)).toEqual(new Set(ids));
    for (const p of pages) expect(p.total).toBe(N);
    expect(Number((await sql<{ n: string }>('SELECT count(*) AS n FROM concerns WHERE unit_id = $1', [h.units.a]))[0]!.n)).toBe(N);
    expect(walked).toEqual(await expectedTriageOrder(h.units.a));
    // A capped first page (the old queue's behaviour, at 50 instead of 500) misses the newest; the walk reaches it.
    const newest = ids[N - 1]!;
    expect(pages[0]!.items.map((c) => c.id)).not.toContain(newest);
    expect(walked).toContain(newest);
    // Running clocks first (overdue leading), the triaged at the end, newest first.
    expect(pages[0]!.items[0]!.triagedAt).toBeNull();
    expect(walked.slice(-5)).toEqual([...triaged].reverse());
    expect(pages.at(-1)!.hasMore).toBe(false);
  });

  it('sorts newest first on request, and filters by status and severity with their own total', async () => {
    const newest = (await walk(coordinator, 'limit=7&sort=newest')).flatMap((p) => p.items.map((c) => c.id));
    expect(newest).toEqual([...ids].reverse());
    const high = await walk(coordinator, 'limit=9&severity=high&status=received');
    const expected = await expectedTriageOrder(h.units.a, "AND severity = 'high' AND status = 'received'");
    expect(expected.length).toBeGreaterThan(9);
    expect(high.flatMap((p) => p.items.map((c) => c.id))).toEqual(expected);
    for (const p of high) expect(p.total).toBe(expected.length);
    for (const c of high.flatMap((p) => p.items)) expect(c).toMatchObject({ severity: 'high', status: 'received' });
    const unfounded = await walk(coordinator, 'status=unfounded');
    expect(unfounded[0]!.total).toBe(5);
  });

  it('a cursor from another reach shows nothing outside the holder’s reach', async () => {
    const first = await coordinator.get('/api/v1/concerns/page?limit=5');
    const cursor = first.body.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // Another unit's coordinator: only their own unit's concerns, however the cursor positions the query.
    const other = await coordinatorB.get(`/api/v1/concerns/page?limit=200&cursor=${cursor}`);
    expect(other.status).toBe(200);
    expect(other.body.total).toBe(idsB.length);
    for (const c of other.body.items) expect(idsB).toContain(c.id);
    expect(other.body.items.filter((c: Summary) => ids.includes(c.id))).toEqual([]);
    // The adviser sees only the concerns they registered (none here), cursor or not.
    const adv = await adviser.get(`/api/v1/concerns/page?cursor=${cursor}`);
    expect(adv.status).toBe(200);
    expect(adv.body).toMatchObject({ items: [], total: 0, hasMore: false, nextCursor: null });
  });

  it('answers 400 naming the field for a malformed cursor, a cursor of another sort, or bad filters, and audits nothing', async () => {
    const before = await h.auditCount();
    const first = await coordinator.get('/api/v1/concerns/page?limit=5');
    const otherSort = first.body.nextCursor as string;
    const bad = [
      ['cursor=abc', 'cursor'],
      ['cursor=' + Buffer.from('{"s":"triage","g":0,"t":"x","id":"y"}').toString('base64url'), 'cursor'],
      ['cursor=%27%3Bdrop', 'cursor'],
      [`sort=newest&cursor=${otherSort}`, 'cursor'],
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['severity=extreme', 'severity'],
      ['status=nope', 'status'],
      ['sort=name', 'sort'],
    ] as const;
    for (const [query, field] of bad) {
      const res = await coordinator.get(`/api/v1/concerns/page?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field), query).toEqual([field]);
    }
    // Only the one good look above wrote a row.
    expect(await h.auditCount()).toBe(before + 1);
  });

  it('writes one search audit row per page looked at, naming the filters and the sort, not the person', async () => {
    const seq = Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
    await walk(coordinator, 'limit=30&severity=medium');
    const rows = await sql<{ action: string; record_type: string; criterion: string; person_id: string | null; actor_id: string }>(
      'SELECT action, record_type, criterion, person_id, actor_id FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);
    expect(rows.map((r) => r.criterion)).toEqual(['severity=medium; sort=triage', 'severity=medium; sort=triage; page>1']);
    for (const r of rows) expect(r).toMatchObject({ action: 'search', record_type: 'concern', person_id: null, actor_id: coordinator.user.id });
  });
});

describe('the case list, paged', () => {
  const caseIds: string[] = [];
  const owned2: string[] = [];
  const red: string[] = [];
  const islamism: string[] = [];
  const overdue: string[] = [];
  const norrebro: string[] = [];
  let coordinator2: Client & { user: TestUser };
  const C = 75;

  beforeAll(async () => {
    coordinator2 = await h.signIn('coordinator', 'a');
    for (let i = 0; i < C; i++) {
      const person = await coordinator.post('/api/v1/persons', { fullName: `Sagsbarn Nummer${i}`, ...(i % 6 === 0 ? { district: 'Nørrebro' } : i % 6 === 1 ? { district: 'Vesterbro' } : {}) });
      expect(person.status).toBe(201);
      const level = i % 5 === 0 ? 'red' : 'green';
      const mine2 = i % 4 === 0;
      const c = await coordinator.post('/api/v1/cases', {
        personId: person.body.id, title: `Sag ${i}`, preventionLevel: level, ...(mine2 ? { ownerId: coordinator2.user.id } : {}),
      });
      expect(c.status).toBe(201);
      caseIds.push(c.body.id);
      if (i % 6 === 0) norrebro.push(c.body.id);
      if (mine2) owned2.push(c.body.id);
      if (level === 'red') red.push(c.body.id);
      if (i % 7 === 0) {
        const p = await coordinator.patch(`/api/v1/cases/${c.body.id}`, { version: c.body.version, ideologyArea: 'militant_islamism' });
        expect(p.status).toBe(200);
        islamism.push(c.body.id);
      }
      // Some share a timestamp: the id breaks the tie.
      if (i % 3 === 0) h.clock.advanceMinutes(1);
    }
    // Three cases have an open task past its deadline, one a task done: only the three are overdue.
    await sql(`INSERT INTO tasks (unit_id, kind, rule_key, case_id, due_at, created_at)
      SELECT unit_id, 'reassessment', 'paging-' || id, id, $2::timestamptz - interval '1 day', $2 FROM cases WHERE id = ANY($1::uuid[])`,
    [caseIds.slice(0, 3), h.clock.now()]);
    overdue.push(...caseIds.slice(0, 3));
    await sql(`INSERT INTO tasks (unit_id, kind, rule_key, case_id, due_at, created_at, done_at)
      SELECT unit_id, 'reassessment', 'paging-done-' || id, id, $2::timestamptz - interval '1 day', $2, $2 FROM cases WHERE id = $1`,
    [caseIds[3], h.clock.now()]);
  }, 120_000);

  async function walkCases(c: Client, q: string) {
    const pages: { items: { id: string; ownerId: string | null; preventionLevel: string }[]; total: number; hasMore: boolean; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await c.get(`/api/v1/cases/page?${q}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, q).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 50);
    return pages;
  }
  const expectedCases = async (extra = '', params: unknown[] = [], key = 'updated_at') =>
    (await sql<{ id: string }>(`SELECT id FROM cases c WHERE unit_id = $1 ${extra} ORDER BY ${key} DESC, id DESC`, [h.units.a, ...params])).map((r) => r.id);

  it('walks every page: each case exactly once, the newest included, the total true, last changed first', async () => {
    const pages = await walkCases(coordinator, 'limit=20');
    expect(pages.map((p) => p.items.length)).toEqual([20, 20, 20, 15]);
    const walked = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(walked).toEqual(await expectedCases());
    expect(new Set(walked)).toEqual(new Set(caseIds));
    for (const p of pages) expect(p.total).toBe(C);
    expect(pages[0]!.items.map((c) => c.id)).toContain(caseIds[C - 1]);
    const newest = (await walkCases(coordinator, 'limit=30&sort=newest')).flatMap((p) => p.items.map((c) => c.id));
    expect(newest).toEqual(await expectedCases('', [], 'created_at'));
  });

  it('filters: Mine sager, owner, level, ideology, overdue, each walked with its true total', async () => {
    const cases = [
      [coordinator2, 'mine=true&limit=7', owned2],
      [coordinator, `ownerId=${coordinator2.user.id}&limit=7`, owned2],
      [coordinator, 'level=red&limit=4', red],
      [coordinator, 'ideology=militant_islamism&limit=4', islamism],
      [coordinator, 'overdue=true&limit=2', overdue],
      // The person's district, whatever the case: written as the unit spells it, in any case of letters.
      [coordinator, `district=${encodeURIComponent('nørrebro')}&limit=4`, norrebro],
      // The coordinator owns every case not given to coordinator2: not theirs are coordinator2's.
      [coordinator, 'level=red&mine=false&limit=3', red.filter((id) => owned2.includes(id))],
      [coordinator, 'level=red&mine=true&limit=3', red.filter((id) => !owned2.includes(id))],
    ] as const;
    for (const [who, q, want] of cases) {
      expect(want.length, q).toBeGreaterThan(0);
      const pages = await walkCases(who, q);
      const walked = pages.flatMap((p) => p.items.map((c) => c.id));
      expect(new Set(walked), q).toEqual(new Set(want));
      expect(walked.length, q).toBe(want.length);
      for (const p of pages) expect(p.total, q).toBe(want.length);
    }
    const notOverdue = await walkCases(coordinator, 'overdue=false&limit=200');
    expect(notOverdue[0]!.total).toBe(C - overdue.length);
  });

  it('a case cursor from another reach shows nothing outside it; bad values are 400 naming the field', async () => {
    const first = await coordinator.get('/api/v1/cases/page?limit=3');
    const other = await coordinatorB.get(`/api/v1/cases/page?cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(200);
    expect(other.body.total).toBe(0);
    expect(other.body.items).toEqual([]);
    for (const [q, field] of [['cursor=xyz', 'cursor'], [`sort=newest&cursor=${first.body.nextCursor}`, 'cursor'], ['level=purple', 'level'],
      ['ownerId=me', 'ownerId'], ['mine=yes', 'mine'], ['limit=1000', 'limit'], ['overdue=1', 'overdue']] as const) {
      const res = await coordinator.get(`/api/v1/cases/page?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field), q).toEqual([field]);
    }
  });
});
