import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Corrections of an Infohus decision and of an offer's answer (docs/domain.md, "Corrections"): versioned (409 on a
 * stale version), one field_history row per changed field shown on the record (old -> new, who, when), one audit row,
 * bad input a 400 naming the field, and the rules that keep the flow whole (a justified decision is not made unfounded;
 * a re-offered answer is not made an acceptance; an acceptance a course started from stays one).
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
let police: Client & { user: TestUser };
let adviser: Client & { user: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const lastAudit = async () => (await sql<{ action: string; outcome: string; record_type: string; record_id: string; criterion: string | null; actor_id: string }>(
  'SELECT action, outcome, record_type, record_id, criterion, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;

const concernBody = (fullName: string) => ({
  receivedAt: h.clock.now().toISOString(), channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName, birthDate: '1995-01-01' }, ideologyArea: 'right_wing', severity: 'medium', behaviourIndicators: ['threats'],
  behaviourDescription: 'Truer en klassekammerat med vold i frikvarteret.', minor: 'no',
});

/** A concern through share, police check and an Infohus decision; answers the concern id. */
async function decided(fullName: string, decision: 'justified' | 'unfounded'): Promise<string> {
  let k = (await coordinator.post('/api/v1/concerns', concernBody(fullName))).body;
  k = (await coordinator.post(`/api/v1/concerns/${k.id}/share`, { version: k.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' })).body.concern;
  k = (await police.post(`/api/v1/concerns/${k.id}/police-check`, { version: k.version, outcome: 'clear' })).body;
  const d = await coordinator.post(`/api/v1/concerns/${k.id}/infohus`, {
    version: k.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision, reasoning: 'Ingen konkret adfærd.',
  });
  expect(d.status).toBe(200);
  return k.id;
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  coordinator = await h.signIn('coordinator', 'a');
  police = await h.signIn('police_liaison', 'a');
  adviser = await h.signIn('adviser', 'a');
});
afterAll(async () => h?.close());

describe('correcting an Infohus decision', () => {
  it('corrects reasoning and participants with a history shown on the concern, versioned and audited', async () => {
    const id = await decided('Ivan Infohus', 'unfounded');
    const before = (await coordinator.get(`/api/v1/concerns/${id}`)).body.record.infohus;
    expect(before).toMatchObject({ version: 1, corrections: [] });

    h.clock.advance(60_000);
    const res = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, {
      version: 1, participants: ['Kommunen', 'Politiet', 'Psykiatrien'], reasoning: 'Ingen konkret adfærd; politiet kender ikke personen.',
    });
    expect(res.status).toBe(200);
    expect(res.body.changed).toEqual(['participants', 'reasoning']);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'update', outcome: 'ok', record_type: 'concern', record_id: id, criterion: 'infohus corrected: participants, reasoning' });

    const page = await coordinator.get(`/api/v1/concerns/${id}`);
    expect(page.body.record.infohus).toMatchObject({
      version: 2, participants: ['Kommunen', 'Politiet', 'Psykiatrien'], reasoning: 'Ingen konkret adfærd; politiet kender ikke personen.', decision: 'unfounded',
    });
    const history = page.body.record.infohus.corrections;
    expect(history.map((c: { field: string; oldValue: string; newValue: string }) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['participants', 'Kommunen, Politiet', 'Kommunen, Politiet, Psykiatrien'],
      ['reasoning', 'Ingen konkret adfærd.', 'Ingen konkret adfærd; politiet kender ikke personen.'],
    ]);
    expect(history[0]).toMatchObject({ version: 2, changedBy: { id: coordinator.user.id } });

    // Stale: 409 with the current version; nothing more written.
    const stale = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 1, reasoning: 'Endnu en begrundelse.' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    expect((await sql('SELECT count(*)::int AS n FROM field_history WHERE concern_id = $1', [id]))[0].n).toBe(2);
  });

  it('refuses bad input naming the field, a concern without a decision, and other roles', async () => {
    const id = await decided('Ulla Ugyldig', 'unfounded');
    const future = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 1, meetingDate: '2026-03-09' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'meetingDate', reason: 'must not be in the future' }]);
    const early = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 1, meetingDate: '2026-02-01' });
    expect(early.body.errors[0].field).toBe('meetingDate');
    const none = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 1 });
    expect(none.status).toBe(400);
    const emptyReason = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 1, reasoning: '  ' });
    expect(emptyReason.body.errors[0].field).toBe('reasoning');
    const fresh = (await coordinator.post('/api/v1/concerns', concernBody('Ny Uden Beslutning'))).body;
    expect((await coordinator.patch(`/api/v1/concerns/${fresh.id}/infohus`, { version: 1, reasoning: 'Noget.' })).status).toBe(409);
    // The police liaison the concern was shared with may not correct the unit's decision: 404, audited as denied.
    expect((await police.patch(`/api/v1/concerns/${id}/infohus`, { version: 1, reasoning: 'Politiets version.' })).status).toBe(404);
    expect(await lastAudit()).toMatchObject({ outcome: 'denied', actor_id: police.user.id, record_id: id });
    expect((await sql('SELECT reasoning FROM infohus_assessments WHERE concern_id = $1', [id]))[0].reasoning).toBe('Ingen konkret adfærd.');
  });

  it('a decision corrected from unfounded to justified opens the case; justified is not corrected back', async () => {
    const id = await decided('Jens Justeret', 'unfounded');
    const res = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 1, decision: 'justified', reasoning: 'Ny viden: konkret trussel.' });
    expect(res.status).toBe(200);
    expect(res.body.concern.status).toBe('justified');
    expect(res.body.concern.caseId).toEqual(expect.any(String));
    expect((await lastAudit()).criterion).toBe('infohus corrected: decision, reasoning; case opened');
    const c = await sql<{ person_id: string }>('SELECT person_id FROM cases WHERE id = $1', [res.body.concern.caseId]);
    expect(c.length).toBe(1);
    const back = await coordinator.patch(`/api/v1/concerns/${id}/infohus`, { version: 2, decision: 'unfounded' });
    expect(back.status).toBe(409);
    expect((await sql('SELECT status FROM concerns WHERE id = $1', [id]))[0].status).toBe('justified');
  });
});

describe('correcting the follow-up authority of a decision made in an Infohus meeting', () => {
  it('corrects the authority on the meeting item, with the history on the decision; a decision outside a meeting has none', async () => {
    // A concern in the Infohus queue, decided in a meeting with a follow-up authority.
    let k = (await coordinator.post('/api/v1/concerns', concernBody('Mia Møde'))).body;
    k = (await coordinator.post(`/api/v1/concerns/${k.id}/share`, { version: k.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' })).body.concern;
    k = (await police.post(`/api/v1/concerns/${k.id}/police-check`, { version: k.version, outcome: 'clear' })).body;
    const meeting = await coordinator.post('/api/v1/meetings', { meetingOn: '2026-03-02', place: 'Rådhuset', participantIds: [coordinator.user.id] });
    expect(meeting.status).toBe(201);
    const item = meeting.body.items.find((i: { concernId: string | null }) => i.concernId === k.id);
    const decided = await coordinator.post(`/api/v1/meetings/${meeting.body.id}/items/${item.id}/decision`, {
      version: item.version, concernVersion: item.concernVersion, decision: 'unfounded', reasoning: 'Ingen konkret risiko.', followUpAuthority: 'Kommunen (SSP)',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const before = (await coordinator.get(`/api/v1/concerns/${k.id}`)).body.record.infohus;
    expect(before).toMatchObject({ followUpAuthority: 'Kommunen (SSP)', version: 1 });

    const res = await coordinator.patch(`/api/v1/concerns/${k.id}/infohus`, { version: 1, followUpAuthority: 'Københavns Politi' });
    expect(res.status).toBe(200);
    expect(res.body.changed).toEqual(['followUpAuthority']);
    expect(res.body.concern.record.infohus).toMatchObject({ followUpAuthority: 'Københavns Politi', version: 2 });
    expect(res.body.concern.record.infohus.corrections.map((c: { field: string; oldValue: string; newValue: string }) => [c.field, c.oldValue, c.newValue]))
      .toEqual([['followUpAuthority', 'Kommunen (SSP)', 'Københavns Politi']]);
    const meetingAfter = (await coordinator.get(`/api/v1/meetings/${meeting.body.id}`)).body;
    expect(meetingAfter.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ followUpAuthority: 'Københavns Politi' });

    const outside = await decidedOutside();
    const none = await coordinator.patch(`/api/v1/concerns/${outside}/infohus`, { version: 1, followUpAuthority: 'Politiet' });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('followUpAuthority');
  });
});

/** A concern decided on its own page (not in a meeting); answers its id. */
function decidedOutside(): Promise<string> {
  return decided('Ole Udenfor', 'unfounded');
}

describe("correcting an offer's answer", () => {
  async function newCase(): Promise<string> {
    const now = h.clock.now();
    const p = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Olga Offer', 'unknown', $2, $2) RETURNING id`, [h.units.a, now]))[0]!.id;
    const id = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Tilbudssag', $3, $4, $4) RETURNING id`,
      [h.units.a, p, adviser.user.id, now]))[0]!.id;
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [id, adviser.user.id, h.units.a, now]);
    return id;
  }

  it('corrects a wrongly recorded decline to no answer, and its time, with the history on the case page\'s offers', async () => {
    const caseId = await newCase();
    const offeredAt = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
    const o = (await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt })).body;
    expect(o.corrections).toEqual([]);
    // Pending: answered, not corrected.
    expect((await adviser.patch(`/api/v1/offers/${o.id}`, { version: 1, response: 'declined' })).status).toBe(409);
    const answered = await adviser.post(`/api/v1/offers/${o.id}/response`, { response: 'declined', version: 1 });
    expect(answered.status).toBe(200);
    const respondedAt = new Date(h.clock.now().getTime() - 30 * 60_000).toISOString();
    const res = await adviser.patch(`/api/v1/offers/${o.id}`, { version: 2, response: 'no_answer', respondedAt });
    expect(res.status).toBe(200);
    expect(res.body.changed).toEqual(['response', 'respondedAt']);
    expect(res.body.offer).toMatchObject({ response: 'no_answer', respondedAt, version: 3 });
    expect(await lastAudit()).toMatchObject({ action: 'update', record_type: 'offer', record_id: o.id, criterion: 'corrected: response, respondedAt', actor_id: adviser.user.id });
    const list = (await coordinator.get(`/api/v1/cases/${caseId}/offers`)).body;
    expect(list[0].corrections.map((c: { field: string; oldValue: string; newValue: string }) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['respondedAt', answered.body.respondedAt, respondedAt], ['response', 'declined', 'no_answer'],
    ]);
    // The re-offer deadlines follow the corrected time.
    expect(list[0].reofferDue.threeMonths.slice(0, 10)).toBe(new Date(new Date(respondedAt).setUTCMonth(new Date(respondedAt).getUTCMonth() + 3)).toISOString().slice(0, 10));
    const stale = await adviser.patch(`/api/v1/offers/${o.id}`, { version: 2, response: 'declined' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(3);
  });

  it('refuses what would break the flow, and bad times, naming the field', async () => {
    const caseId = await newCase();
    const offeredAt = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
    const first = (await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt })).body;
    await adviser.post(`/api/v1/offers/${first.id}/response`, { response: 'declined', version: 1 });
    const re = await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt: h.clock.now().toISOString(), reofferOf: first.id });
    expect(re.status).toBe(201);
    const accepted = await adviser.patch(`/api/v1/offers/${first.id}`, { version: 2, response: 'accepted' });
    expect(accepted.status).toBe(400);
    expect(accepted.body.errors[0].field).toBe('response');
    const future = await adviser.patch(`/api/v1/offers/${first.id}`, { version: 2, respondedAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString() });
    expect(future.body.errors).toEqual([{ field: 'respondedAt', reason: 'must not be in the future' }]);
    const beforeOffer = await adviser.patch(`/api/v1/offers/${first.id}`, { version: 2, respondedAt: new Date(Date.parse(offeredAt) - 60_000).toISOString() });
    expect(beforeOffer.body.errors[0].field).toBe('respondedAt');
    // An acceptance a course was started from stays an acceptance.
    const m = (await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt })).body;
    await adviser.post(`/api/v1/offers/${m.id}/response`, { response: 'accepted', version: 1 });
    const mentor = await h.createUser('mentor', 'a');
    const course = await adviser.post(`/api/v1/cases/${caseId}/courses`, { offerId: m.id, kind: 'mentor', mentorId: mentor.id, startedOn: '2026-03-02' });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    const undo = await adviser.patch(`/api/v1/offers/${m.id}`, { version: 2, response: 'declined' });
    expect(undo.status).toBe(400);
    expect(undo.body.errors[0]).toEqual({ field: 'response', reason: 'a course was started from this acceptance: end the course instead' });
    expect((await sql('SELECT count(*)::int AS n FROM field_history WHERE record_type = $1 AND record_id = ANY($2::uuid[])', ['offer', [first.id, m.id]]))[0].n).toBe(0);
  });
});

describe('a correction note', () => {
  it('links to the note it corrects; the note itself is unchanged, and the link stays within the case and the reader\'s notes', async () => {
    const now = h.clock.now();
    const p = (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Nina Notat', 'unknown', $2, $2) RETURNING id`, [h.units.a, now]))[0]!.id;
    const [caseId, otherCase] = await Promise.all(['Notatsag', 'Anden sag'].map(async (title) =>
      (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`, [h.units.a, p, title, now]))[0]!.id));
    const partner = await h.signIn('partner', 'a');
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, 'partner', 'serviceloven', $4)`,
      [caseId, partner.user.id, h.units.a, now]);
    const first = await coordinator.post(`/api/v1/cases/${caseId}/notes`, { body: 'Samtale med moren den 1. marts.' });
    expect(first.status).toBe(201);
    expect(first.body.correctsNoteId).toBeNull();
    const elsewhere = (await coordinator.post(`/api/v1/cases/${otherCase}/notes`, { body: 'Note i en anden sag.' })).body;

    h.clock.advance(3_600_000);
    const wrongCase = await coordinator.post(`/api/v1/cases/${caseId}/notes`, { body: 'Rettelse.', correctsNoteId: elsewhere.id });
    expect(wrongCase.status).toBe(400);
    expect(wrongCase.body.errors).toEqual([{ field: 'correctsNoteId', reason: 'must be an earlier note of this case' }]);
    const correction = await coordinator.post(`/api/v1/cases/${caseId}/notes`, {
      body: 'Rettelse: samtalen var med faren, ikke moren.', correctsNoteId: first.body.id, sharedWithPartners: true,
    });
    expect(correction.status).toBe(201);
    expect(correction.body.correctsNoteId).toBe(first.body.id);
    expect(await lastAudit()).toMatchObject({ action: 'create', record_type: 'case_notes', record_id: caseId, criterion: 'correction note' });

    const notes = (await coordinator.get(`/api/v1/cases/${caseId}/notes`)).body;
    expect(notes.map((n: { body: string; correctsNoteId: string | null }) => [n.body, n.correctsNoteId])).toEqual([
      ['Samtale med moren den 1. marts.', null],
      ['Rettelse: samtalen var med faren, ikke moren.', first.body.id],
    ]);
    // The partner sees the shared correction but not the unshared note, so not its link either.
    const asPartner = (await partner.get(`/api/v1/cases/${caseId}/notes`)).body;
    expect(asPartner.map((n: { body: string; correctsNoteId: string | null }) => [n.body, n.correctsNoteId])).toEqual([
      ['Rettelse: samtalen var med faren, ikke moren.', null],
    ]);
  });
});
