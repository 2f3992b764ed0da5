import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * The person overview (GET /persons/:id/overview, modules/overview): every concern (unfounded too), case, course and
 * disclosure within the actor's reach in one request and one audit row; a section the role may not see is omitted.
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let coordinator: Signed;
let adviser: Signed;
let partner: Signed;
let mentor: Signed;
let personId: string;
let caseId: string;
let concernIds: string[];
let courseId: string;

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const lastSeq = async () => Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
const auditSince = (seq: number) => sql<{ action: string; outcome: string; record_type: string; record_id: string | null; person_id: string | null; criterion: string | null }>(
  'SELECT action, outcome, record_type, record_id, person_id, criterion FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);

const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: true },
  person: { fullName: 'Mads Prøvesen', birthDate: '2001-02-03' },
  ideologyArea: 'left_wing',
  severity: 'high',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Opfordrer til vold mod navngivne personer i et lukket forum.',
  ...over,
});

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  coordinator = await h.signIn('coordinator', 'a');
  adviser = await h.signIn('adviser', 'a');
  partner = await h.signIn('partner', 'a');
  mentor = await h.signIn('mentor', 'a');
  const k = await coordinator.post('/api/v1/concerns', concernBody());
  expect(k.status).toBe(201);
  personId = k.body.person.id;
  const k2 = await coordinator.post('/api/v1/concerns', concernBody({ person: undefined, personId, severity: 'low' }));
  expect(k2.status).toBe(201);
  concernIds = [k.body.id, k2.body.id];
  // The second concern is found unfounded: the overview still lists it.
  await sql(`UPDATE concerns SET status = 'unfounded' WHERE id = $1`, [k2.body.id]);
  const c = await coordinator.post('/api/v1/cases', { personId, title: 'Sag om forum', ownerId: adviser.user.id });
  expect(c.status).toBe(201);
  caseId = c.body.id;
  const course = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentor.user.id, startedOn: '2026-02-02' });
  expect(course.status).toBe(201);
  courseId = course.body.id;
  const member = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' });
  expect(member.status).toBe(201);
  const d = await coordinator.post(`/api/v1/cases/${caseId}/disclosures`, { partnerOrganisation: 'SSP Vest', legalBasis: 'serviceloven', contentSummary: 'Status på forløbet.' });
  expect(d.status).toBe(201);
});
afterAll(async () => h?.close());

describe('person overview', () => {
  it('shows every concern (unfounded too), case, course and disclosure to the coordinator, with one audit row', async () => {
    const seq = await lastSeq();
    const res = await coordinator.get(`/api/v1/persons/${personId}/overview`);
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ id: personId, fullName: 'Mads Prøvesen' });
    expect(res.body.concerns.map((k: { id: string }) => k.id).sort()).toEqual([...concernIds].sort());
    expect(res.body.concerns.map((k: { status: string }) => k.status)).toContain('unfounded');
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(res.body.courses.map((c: { id: string }) => c.id)).toEqual([courseId]);
    expect(res.body.disclosures.map((d: { partnerOrganisation: string }) => d.partnerOrganisation)).toContain('SSP Vest');
    expect(await auditSince(seq)).toEqual([
      { action: 'read', outcome: 'ok', record_type: 'person', record_id: personId, person_id: personId, criterion: 'overview' },
    ]);
  });

  it('omits the sections a partner may not see (courses, disclosures, concerns not shared) and shows the case', async () => {
    const res = await partner.get(`/api/v1/persons/${personId}/overview`);
    expect(res.status).toBe(200);
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    // concern.read 'shared': none is shared with the partner.
    expect(res.body.concerns).toEqual([]);
    expect(res.body.courses).toBeNull();
    expect(res.body.disclosures).toBeNull();
  });

  it('the case owner (adviser) sees the case, course and disclosures, but not concerns registered by others', async () => {
    const res = await adviser.get(`/api/v1/persons/${personId}/overview`);
    expect(res.status).toBe(200);
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(res.body.courses.map((c: { id: string }) => c.id)).toEqual([courseId]);
    // Letting the partner in was a disclosure too (on consent), besides the one to SSP Vest.
    expect(res.body.disclosures.map((d: { legalBasis: string }) => d.legalBasis).sort()).toEqual(['serviceloven', 'serviceloven']);
    expect(res.body.concerns).toEqual([]);
  });

  it('a mentor, who may not read persons, gets 404 and an audited refusal; so does anyone outside reach', async () => {
    const seq = await lastSeq();
    const res = await mentor.get(`/api/v1/persons/${personId}/overview`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('Prøvesen');
    const outsider = await h.signIn('adviser', 'a');
    expect((await outsider.get(`/api/v1/persons/${personId}/overview`)).status).toBe(404);
    const rows = (await auditSince(seq)).filter((r) => r.record_type === 'person');
    expect(rows.map((r) => [r.action, r.outcome, r.record_id])).toEqual([['read', 'denied', personId], ['read', 'denied', personId]]);
  });
});
