import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { pdfText } from './helpers/pdf-text.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';

/**
 * The Infohus meeting: planned with participants from the directory, the agenda filled from the concerns awaiting
 * assessment and the cases due for review, three decisions in one sitting through the concerns module's assessment,
 * each partner seeing only the items disclosed to their organisation, and minutes whose PDF text for the police holds
 * only the police's items.
 */
type Actor = Client & { user: TestUser };
let h: Harness;
let coordinator: Actor;
let police: Actor;
let partner: Actor;
let outsider: Actor;
const names = ['Anders Agenda', 'Bente Bekymring', 'Carl Casus'];
const concernIds: string[] = [];
let reviewCaseId: string;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

const concernBody = (name: string) => ({
  receivedAt: h.clock.now().toISOString(), channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: name, birthDate: '1999-04-04' }, ideologyArea: 'right_wing', severity: 'medium',
  behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.', minor: 'no',
});

async function minutes(c: Client, meetingId: string, body: object) {
  const res = await h.app.inject({ method: 'POST', url: `/api/v1/meetings/${meetingId}/minutes`, payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${c.cookie}`, 'x-csrf-token': c.csrfToken ?? '' } });
  return res;
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  police = await h.signIn('police_liaison', 'a');
  partner = await h.signIn('partner', 'a');
  outsider = await h.signIn('partner', 'a');
  await sql(`UPDATE users SET organisation = 'Københavns Politi' WHERE id = $1`, [police.user.id]);
  await sql(`UPDATE users SET organisation = 'Kriminalforsorgen' WHERE id = $1`, [partner.user.id]);
  await sql(`UPDATE users SET organisation = 'Kommunen' WHERE id = $1`, [coordinator.user.id]);
  for (const name of names) {
    const c = await coordinator.post('/api/v1/concerns', concernBody(name));
    expect(c.status).toBe(201);
    const pc = await coordinator.post(`/api/v1/concerns/${c.body.id}/police-check`, { version: c.body.version, outcome: 'clear' });
    expect(pc.status).toBe(200);
    concernIds.push(c.body.id);
    h.clock.advance(60_000);
  }
  // A case whose reassessment is due: on the agenda as a review.
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Dora Opfølgning', 'unknown', now(), now()) RETURNING id`, [h.units.a]);
  const [c] = await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Opfølgning', now(), now()) RETURNING id`, [h.units.a, p!.id]);
  reviewCaseId = c!.id;
  await sql(`INSERT INTO tasks (unit_id, kind, rule_key, case_id, due_at, created_at) VALUES ($1, 'reassessment', $2, $3, '2026-03-01T08:00:00Z', now())`,
    [h.units.a, `reassessment:${reviewCaseId}:test`, reviewCaseId]);
}, 60_000);
afterAll(async () => h?.close());

describe('Infohus meetings', () => {
  let meetingId: string;

  it('plans a meeting with participants from the directory and fills the agenda from the waiting concerns and the cases due for review', async () => {
    const bad = await coordinator.post('/api/v1/meetings', { meetingOn: '2026-03-02', place: 'Politigården', participantIds: [coordinator.user.id, '00000000-0000-4000-8000-000000000000'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'participantIds' })]);
    expect((await police.post('/api/v1/meetings', { meetingOn: '2026-03-02', place: 'X', participantIds: [police.user.id] })).status).toBe(403);
    const res = await coordinator.post('/api/v1/meetings', {
      meetingOn: '2026-03-02', place: 'Politigården, mødelokale 3', participantIds: [coordinator.user.id, police.user.id, partner.user.id],
    });
    expect(res.status).toBe(201);
    meetingId = res.body.id;
    expect(res.body.participants.map((p: { organisation: string }) => p.organisation).sort()).toEqual(['Kommunen', 'Kriminalforsorgen', 'Københavns Politi']);
    expect(res.body.items.map((i: { personName: string; kind: string }) => [i.kind, i.personName])).toEqual([
      ...names.map((n) => ['concern', n]), ['case_review', 'Dora Opfølgning'],
    ]);
    const list = await coordinator.get('/api/v1/meetings');
    expect(list.body).toEqual([expect.objectContaining({ id: meetingId, meetingOn: '2026-03-02', items: 4, decided: 0 })]);
  });

  it('makes three decisions in one sitting, each through the concern assessment, with disclosures and the authority owning the follow-up', async () => {
    const meeting = (await coordinator.get(`/api/v1/meetings/${meetingId}`)).body;
    const [a, b, c, review] = meeting.items;
    const decide = (item: { id: string; version: number; concernVersion: number | null }, body: object) =>
      coordinator.post(`/api/v1/meetings/${meetingId}/items/${item.id}/decision`, { version: item.version, ...(item.concernVersion ? { concernVersion: item.concernVersion } : {}), ...body });
    const d1 = await decide(a, {
      decision: 'justified', reasoning: 'Konkrete trusler; politiet følger op.', followUpAuthority: 'Københavns Politi', followUpAction: 'Bekymringssamtale',
      disclosures: [{ partnerOrganisation: 'Københavns Politi', legalBasis: 'retsplejeloven_115', contentSummary: 'Bekymringen og vurderingen' }],
    });
    expect(d1.status).toBe(200);
    expect(d1.body).toMatchObject({ decision: 'justified', sharedWith: ['Københavns Politi'], followUpAuthority: 'Københavns Politi' });
    const d2 = await decide(b, { decision: 'unfounded', reasoning: 'Ingen konkret risiko.' });
    expect(d2.status).toBe(200);
    const d3 = await decide(c, {
      decision: 'justified', reasoning: 'Mentorforløb anbefales.', followUpAuthority: 'Kommunen (SSP)',
      disclosures: [{ partnerOrganisation: 'Kriminalforsorgen', legalBasis: 'serviceloven', contentSummary: 'Anbefalingen' }],
    });
    expect(d3.status).toBe(200);
    // The concerns moved as a single decision would have moved them; a justified one opened a case.
    const statuses = await sql<{ status: string; case_id: string | null }>('SELECT status, case_id FROM concerns WHERE id = ANY($1::uuid[]) ORDER BY received_at, id', [concernIds]);
    expect(statuses.map((s) => s.status)).toEqual(['justified', 'unfounded', 'justified']);
    expect(statuses[0]!.case_id).not.toBeNull();
    const assessments = await sql<{ meeting_date: string; participants: string[] }>(`SELECT to_char(meeting_date, 'YYYY-MM-DD') AS meeting_date, participants FROM infohus_assessments WHERE concern_id = $1`, [concernIds[0]]);
    expect(assessments[0]).toMatchObject({ meeting_date: '2026-03-02' });
    expect(assessments[0]!.participants).toContain(`${police.user.username} (Københavns Politi)`.replace(police.user.username, (await sql<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [police.user.id]))[0]!.display_name));
    // Decided once: a second decision is a conflict; a concern item cannot be 'reviewed'; the review item is.
    expect((await decide({ ...a, version: 2 }, { decision: 'unfounded', reasoning: 'Igen' })).status).toBe(409);
    const wrong = await decide(review, { decision: 'justified', reasoning: 'Nej' });
    expect(wrong.status).toBe(400);
    expect((await decide(review, { decision: 'reviewed', reasoning: 'Forløbet fortsætter.', followUpAuthority: 'Kommunen' })).status).toBe(200);
  });

  it('shows each partner only the items disclosed to their organisation, and a non-participant nothing', async () => {
    const byPolice = await police.get(`/api/v1/meetings/${meetingId}`);
    expect(byPolice.status).toBe(200);
    expect(byPolice.body.items.map((i: { personName: string }) => i.personName)).toEqual([names[0]]);
    const byPartner = await partner.get(`/api/v1/meetings/${meetingId}`);
    expect(byPartner.body.items.map((i: { personName: string }) => i.personName)).toEqual([names[2]]);
    expect((await outsider.get(`/api/v1/meetings/${meetingId}`)).status).toBe(404);
    const [row] = await sql<{ outcome: string; record_id: string }>('SELECT outcome, record_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toEqual({ outcome: 'denied', record_id: meetingId });
    expect((await police.get('/api/v1/meetings')).body).toHaveLength(1);
    expect((await outsider.get('/api/v1/meetings')).body).toHaveLength(0);
  });

  it('prints minutes as a PDF: the police minutes hold only the police items (checked from the PDF text); the full minutes hold all', async () => {
    const forPolice = await minutes(police, meetingId, { organisation: 'Kriminalforsorgen' });
    expect(forPolice.statusCode).toBe(200);
    expect(forPolice.headers['content-type']).toBe('application/pdf');
    expect(forPolice.headers['cache-control']).toBe('no-store');
    // Printed by the shared printer (modules/reports): still a tagged PDF, with the minutes' own footer.
    expect(forPolice.rawPayload.toString('latin1')).toContain('/StructTreeRoot');
    const policeText = await pdfText(forPolice.rawPayload);
    expect(policeText).toContain('Referat af Infohus-møde');
    expect(policeText).toContain('Infohus-referat · fortroligt');
    expect(policeText).toContain('Københavns Politi');
    expect(policeText).toContain(names[0]);
    expect(policeText).toContain('Bekymringssamtale');
    for (const other of [names[1]!, names[2]!, 'Dora Opfølgning', 'Mentorforløb anbefales']) expect(policeText).not.toContain(other);
    const [audit] = await sql<{ action: string; record_type: string; criterion: string }>('SELECT action, record_type, criterion FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(audit).toEqual({ action: 'export', record_type: 'meeting_minutes', criterion: 'minutes for Københavns Politi' });

    const forPartnerByUnit = await pdfText((await minutes(coordinator, meetingId, { organisation: 'Kriminalforsorgen', lang: 'en' })).rawPayload);
    expect(forPartnerByUnit).toContain('Minutes of the Infohus meeting');
    expect(forPartnerByUnit).toContain(names[2]);
    expect(forPartnerByUnit).not.toContain(names[0]);
    const full = await pdfText((await minutes(coordinator, meetingId, {})).rawPayload);
    for (const n of [...names, 'Dora Opfølgning']) expect(full).toContain(n);
    expect((await minutes(outsider, meetingId, {})).statusCode).toBe(404);
  }, 60_000);

  it('keeps single decisions outside a meeting possible (the concern route)', async () => {
    const c = await coordinator.post('/api/v1/concerns', concernBody('Erik Enkeltsag'));
    const pc = await coordinator.post(`/api/v1/concerns/${c.body.id}/police-check`, { version: c.body.version, outcome: 'clear' });
    const single = await coordinator.post(`/api/v1/concerns/${c.body.id}/infohus`, {
      version: pc.body.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'unfounded', reasoning: 'Hastesag uden møde.',
    });
    expect(single.status).toBe(200);
  });
});
