import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness, type Response } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE, PUBLIC_SURVEY_TICKETS_PER_HOUR } from '../src/server/modules/prevention/routes.ts';

/**
 * The contract: one client cannot stuff a public survey (docs/security.md, threat model: someone on the internet),
 * since the share agreeing feeds a plan target. Every answer needs a single-use ticket that the survey page is given
 * with the questions, and tickets are counted per client address, which a new cookie or a made-up ticket does not
 * reset. Nothing about who answers is stored.
 */

let h: Harness;
let survey: { id: string; publicToken: string; questions: { id: string }[] };
let other: { publicToken: string };
const ANSWERING = '2026-03-04T10:00:00Z';

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
async function responses(): Promise<number> {
  return (await sql<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1', [survey.id]))[0]!.n;
}

const page = () => `/api/v1/public/surveys/${survey.publicToken}`;
const answers = () => [{ questionId: survey.questions[0]!.id, value: 5 }];

/**
 * An anonymous request from a client address. Each test answers from addresses of its own, so the per-minute limit
 * of the public routes (per address) does not mix the tests up.
 */
async function from(address: string, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const res = await h.app.inject({
    method, url, remoteAddress: address,
    ...(body === undefined ? { headers } : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }),
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}
const fetchPage = (address: string) => from(address, 'GET', page());
const answer = (address: string, ticket: unknown, a: unknown = answers()) => from(address, 'POST', `${page()}/responses`, { ticket, answers: a });

beforeAll(async () => {
  h = await createHarness();
  const adviser = await h.signIn('adviser', 'a');
  const res = await adviser.post('/api/v1/surveys', {
    title: 'Efter temadagen', opensOn: '2026-03-03', closesOn: '2026-03-10',
    questions: [{ textDa: 'Jeg føler mig i stand til at hjælpe', indicatorKey: 'able_to_help' }],
  });
  expect(res.status).toBe(201);
  survey = res.body;
  other = (await adviser.post('/api/v1/surveys', { title: 'Anden', opensOn: '2026-03-03', closesOn: '2026-03-10', questions: [{ textDa: 'Q' }] })).body;
  h.clock.set(ANSWERING); // the public side has no session to expire
});
afterAll(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

describe('one answer per answer ticket', () => {
  it('the survey page comes with a random ticket, new on every load; only its hash is stored', async () => {
    const a = await fetchPage('192.0.2.1');
    const b = await fetchPage('192.0.2.1');
    expect(a.status).toBe(200);
    expect(a.body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.body.ticket).not.toBe(a.body.ticket);
    expect(a.headers['set-cookie']).toBeUndefined();
    const stored = await sql<{ ticket_hash: Buffer }>('SELECT ticket_hash FROM survey_tickets WHERE survey_id = $1', [survey.id]);
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(a.body.ticket);
    expect(Object.keys((await sql('SELECT * FROM survey_tickets LIMIT 1'))[0]!).sort()).toEqual(['expires_at', 'survey_id', 'ticket_hash', 'unit_id']);
  });

  it('25 answers from one client with its page\'s ticket: 1 counted, the other 24 refused with 409', async () => {
    const before = await responses();
    const { ticket } = (await fetchPage('192.0.2.2')).body;
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await answer('192.0.2.2', ticket)).status);
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(1)).toEqual(Array(24).fill(409));
    expect(await responses()).toBe(before + 1);
  });

  it('the same ticket sent five times at once is counted once', async () => {
    const before = await responses();
    const { ticket } = (await fetchPage('192.0.2.3')).body;
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => answer('192.0.2.3', ticket)))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    expect(await responses()).toBe(before + 1);
  });

  it('answers from distinct tickets all count, also from one network', async () => {
    const before = await responses();
    const tickets: string[] = [];
    for (let i = 0; i < 10; i++) tickets.push((await fetchPage('192.0.2.4')).body.ticket);
    for (const t of tickets) expect((await answer('192.0.2.4', t)).status).toBe(201);
    expect(await responses()).toBe(before + 10);
  });

  it('an answer without a ticket is a 400 naming it; a made-up one, or one of another survey, a 409; none counted', async () => {
    const before = await responses();
    const none = await from('192.0.2.5', 'POST', `${page()}/responses`, { answers: answers() });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('ticket');
    expect((await answer('192.0.2.5', 'A'.repeat(43))).status).toBe(409);
    const foreign = (await from('192.0.2.5', 'GET', `/api/v1/public/surveys/${other.publicToken}`)).body.ticket;
    expect(foreign).toEqual(expect.any(String));
    expect((await answer('192.0.2.5', foreign)).status).toBe(409);
    expect(await responses()).toBe(before);
  });

  it('a refused answer leaves the ticket unused; an unused ticket expires after a day', async () => {
    const before = await responses();
    const { ticket } = (await fetchPage('192.0.2.6')).body;
    expect((await answer('192.0.2.6', ticket, [{ questionId: survey.questions[0]!.id, value: 9 }])).status).toBe(400);
    expect((await answer('192.0.2.6', ticket)).status).toBe(201);
    const late = (await fetchPage('192.0.2.6')).body.ticket;
    h.clock.set('2026-03-05T10:00:01Z');
    try {
      expect((await answer('192.0.2.6', late)).status).toBe(409);
    } finally {
      h.clock.set(ANSWERING);
    }
    expect(await responses()).toBe(before + 1);
  });
});

describe('tickets per client address', () => {
  it(`one address gets at most ${PUBLIC_SURVEY_TICKETS_PER_HOUR} tickets for a survey an hour; a random cookie does not reset it; other addresses are not affected`, async () => {
    // The per-minute limit counts on the real clock: step it past each minute so only the hourly ticket count applies.
    const realNow = Date.now.bind(Date);
    let offset = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    const address = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_SURVEY_TICKETS_PER_HOUR + 5; i++) {
      if (i % (PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE - 1) === 0) offset += 61_000;
      statuses.push((await fetchPage(address)).status);
    }
    expect(statuses.slice(0, PUBLIC_SURVEY_TICKETS_PER_HOUR)).toEqual(Array(PUBLIC_SURVEY_TICKETS_PER_HOUR).fill(200));
    expect(statuses.slice(PUBLIC_SURVEY_TICKETS_PER_HOUR)).toEqual(Array(5).fill(429));
    offset += 61_000;
    expect((await from(address, 'GET', page(), undefined, { cookie: `vink_session=${'x'.repeat(43)}` })).status).toBe(429);
    expect((await fetchPage('198.51.100.8')).status).toBe(200);
    // The hour passes on the server's clock: the address gets tickets again.
    h.clock.set('2026-03-04T11:00:01Z');
    try {
      expect((await fetchPage(address)).status).toBe(200);
    } finally {
      h.clock.set(ANSWERING);
    }
  });
});
