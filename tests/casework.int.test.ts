import { closeWithApproval } from './helpers/closure.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Casework over HTTP (docs/domain.md steps 5–6): the case workflow, case details and disclosures, and assessments on the
 * national tool with their progression.
 */
let h: Harness;
type Actor = Client & { user: TestUser };
let coordinator: Actor;
let owner: Actor;
let colleague: Actor;
let mentor: Actor;
let partner: Actor;
let police: Actor;
let manager: Actor;
let dimensions: string[];

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const lastAudit = async () => (await sql<{ actor_id: string; outcome: string; person_id: string | null; record_type: string }>(
  'SELECT actor_id, outcome, person_id, record_type FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;

/** Sends a request and checks it left exactly one audit row for the case's person. */
async function audited(c: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, personId: string, body?: unknown) {
  const before = await h.auditCount();
  const res = await c.request(method, url, body);
  expect(await h.auditCount() - before).toBe(1);
  expect(await lastAudit()).toMatchObject({ actor_id: c.user.id, outcome: 'ok', person_id: personId });
  return res;
}

async function newCase(title = 'Sag') {
  const p = await coordinator.post('/api/v1/persons', { fullName: `Borger ${title}` });
  const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title, ownerId: owner.user.id });
  expect(c.status).toBe(201);
  return { id: c.body.id as string, personId: p.body.id as string };
}

const ratingsAll = (f: (code: string, i: number) => { risk: number | null; resources: number | null }) =>
  dimensions.map((code, i) => ({ dimension: code, ...f(code, i) }));

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator');
  coordinator.reason = 'Tovholder for enheden'; // not a member of every case: break the glass (docs/security.md)
  owner = await h.signIn('adviser');
  manager = await h.signIn('manager');
  colleague = await h.signIn('adviser');
  mentor = await h.signIn('mentor');
  partner = await h.signIn('partner');
  police = await h.signIn('police_liaison');
  dimensions = (await sql<{ code: string }>(`SELECT code FROM assessment_dimensions WHERE instrument_id = 'national-v1' ORDER BY position`)).map((r) => r.code);
});
afterAll(async () => h?.close());

describe('case workflow', () => {
  it('follows the transition table: an illegal step is 409 naming the allowed ones, and nothing changes', async () => {
    const c = await newCase('Illegal');
    const res = await coordinator.post(`/api/v1/cases/${c.id}/transition`, { to: 'course', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
    expect(res.body.detail).toContain('offer, closed');
    const again = await coordinator.get(`/api/v1/cases/${c.id}`);
    expect(again.body).toMatchObject({ status: 'open', version: 1 });
    expect(await sql('SELECT 1 FROM case_status_changes WHERE case_id = $1', [c.id])).toHaveLength(0);
  });

  it('walks open → offer → course → follow_up → closed, recording every change, then reopens with a note', async () => {
    const c = await newCase('Forløb');
    let version = 1;
    for (const to of ['offer', 'course', 'follow_up']) {
      h.clock.advance(1000);
      const res = await audited(owner, 'POST', `/api/v1/cases/${c.id}/transition`, c.personId, { to, version });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
      version = res.body.version;
    }
    expect(version).toBe(4);

    // Closing is not a plain step: it needs a manager's approval of a request with a reason (duty to record).
    const direct = await owner.post(`/api/v1/cases/${c.id}/transition`, { to: 'closed', version, reason: 'Forløbet er afsluttet.' });
    expect(direct.status).toBe(409);
    expect(direct.body.detail).toContain('closure-requests');
    expect(direct.body.allowed).toEqual(['course']);
    const noReason = await owner.post(`/api/v1/cases/${c.id}/closure-requests`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    h.clock.advance(1000);
    await closeWithApproval(owner, manager, c.id, 'Forløbet er afsluttet.');
    const closed = await owner.get(`/api/v1/cases/${c.id}`);
    expect(closed.body).toMatchObject({ status: 'closed', closureReason: 'Forløbet er afsluttet.', closedAt: h.clock.now().toISOString(), allowedTransitions: [] });

    // A closed case does not come back by a transition…
    const back = await owner.post(`/api/v1/cases/${c.id}/transition`, { to: 'open', version: closed.body.version });
    expect(back.status).toBe(409);
    expect(back.body.detail).toMatch(/reopen/i);
    // …but by reopening, which requires a note.
    const noNote = await owner.post(`/api/v1/cases/${c.id}/reopen`, { version: closed.body.version });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].field).toBe('note');
    const blankNote = await owner.post(`/api/v1/cases/${c.id}/reopen`, { version: closed.body.version, note: '   ' });
    expect(blankNote.status).toBe(400);
    h.clock.advance(1000);
    const reopened = await audited(owner, 'POST', `/api/v1/cases/${c.id}/reopen`, c.personId, { version: closed.body.version, note: 'Ny bekymring fra skolen.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null, closureReason: null, allowedTransitions: ['offer', 'closed'] });

    const notes = await coordinator.get(`/api/v1/cases/${c.id}/notes`);
    expect(notes.body.map((n: { body: string; authorId: string }) => [n.body, n.authorId])).toEqual([['Ny bekymring fra skolen.', owner.user.id]]);
    const history = await sql<{ from_status: string; to_status: string; reason: string | null; changed_by: string }>(
      'SELECT from_status, to_status, reason, changed_by FROM case_status_changes WHERE case_id = $1 ORDER BY changed_at', [c.id]);
    expect(history.map((r) => `${r.from_status}->${r.to_status}`)).toEqual(['open->offer', 'offer->course', 'course->follow_up', 'follow_up->closed', 'closed->open']);
    expect(history[3]!.reason).toBe('Forløbet er afsluttet.');
    // The manager who approved the closure took that step; the owner took the others.
    expect(history.map((r) => r.changed_by)).toEqual([owner.user.id, owner.user.id, owner.user.id, manager.user.id, owner.user.id]);

    // Reopening an open case is a conflict naming what is allowed.
    const twice = await owner.post(`/api/v1/cases/${c.id}/reopen`, { version: reopened.body.version, note: 'Igen' });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('offer, closed');
  });

  it('a stale version is 409 with the current version; of two simultaneous steps exactly one wins', async () => {
    const c = await newCase('Samtidig');
    expect((await coordinator.post(`/api/v1/cases/${c.id}/transition`, { to: 'offer', version: 1 })).status).toBe(200);
    const stale = await owner.post(`/api/v1/cases/${c.id}/transition`, { to: 'closed', version: 1, reason: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    const staleReopen = await owner.post(`/api/v1/cases/${c.id}/reopen`, { version: 1, note: 'x' });
    expect(staleReopen.status).toBe(409);
    expect(staleReopen.body.currentVersion).toBe(2);

    const results = await Promise.all([
      coordinator.post(`/api/v1/cases/${c.id}/transition`, { to: 'course', version: 2 }),
      owner.post(`/api/v1/cases/${c.id}/transition`, { to: 'follow_up', version: 2 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await coordinator.get(`/api/v1/cases/${c.id}`)).body).toMatchObject({ status: winner.body.status, version: 3 });
    expect(await sql('SELECT 1 FROM case_status_changes WHERE case_id = $1', [c.id])).toHaveLength(2);
  });

  it('only the owner among advisers may move a case; a plain adviser member gets 404', async () => {
    const c = await newCase('Ejer');
    await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: colleague.user.id, relation: 'adviser' });
    expect((await colleague.get(`/api/v1/cases/${c.id}`)).body.allowedTransitions).toEqual([]);
    expect((await colleague.post(`/api/v1/cases/${c.id}/transition`, { to: 'offer', version: 1 })).status).toBe(404);
    expect((await owner.get(`/api/v1/cases/${c.id}`)).body.allowedTransitions).toEqual(['offer', 'closed']);
  });
});

describe('case details and disclosures', () => {
  it('shows owner, members with their legal basis, and ideology area; PATCH sets and clears the ideology area', async () => {
    const c = await newCase('Detaljer');
    const add = await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' });
    expect(add.status).toBe(201);
    const patched = await audited(coordinator, 'PATCH', `/api/v1/cases/${c.id}`, c.personId, { version: 1, ideologyArea: 'right_wing' });
    expect(patched.body).toMatchObject({ ideologyArea: 'right_wing', version: 2 });

    // The partner, a member, sees who else is on the case, but may not move it. (Mentors never read the case record.)
    const seen = await audited(partner, 'GET', `/api/v1/cases/${c.id}`, c.personId);
    expect(seen.status).toBe(200);
    expect(seen.body.owner).toEqual({ id: owner.user.id, displayName: expect.stringContaining('adviser') });
    expect(seen.body.members).toEqual([
      { id: owner.user.id, displayName: expect.any(String), relation: 'owner', legalBasis: null },
      { id: partner.user.id, displayName: expect.any(String), relation: 'partner', legalBasis: 'serviceloven' },
    ]);
    expect(seen.body).toMatchObject({ ideologyArea: 'right_wing', allowedTransitions: [], status: 'open' });

    const cleared = await coordinator.patch(`/api/v1/cases/${c.id}`, { version: 2, ideologyArea: null });
    expect(cleared.body.ideologyArea).toBeNull();
    const untouched = await coordinator.patch(`/api/v1/cases/${c.id}`, { version: 3, title: 'Nyt navn' });
    expect(untouched.body).toMatchObject({ ideologyArea: null, title: 'Nyt navn' });
    expect((await coordinator.patch(`/api/v1/cases/${c.id}`, { version: 4, ideologyArea: 'religion' })).status).toBe(400);
  });

  it('sharing with police or a partner needs a legal basis and writes the disclosure log', async () => {
    const c = await newCase('Deling');
    const none = await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: partner.user.id, relation: 'partner' });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('legalBasis');
    const otherNoText = await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'other' });
    expect(otherNoText.status).toBe(400);
    expect(otherNoText.body.errors[0].field).toBe('legalBasisText');
    expect(await sql('SELECT 1 FROM disclosures WHERE case_id = $1', [c.id])).toHaveLength(0);

    expect((await audited(coordinator, 'POST', `/api/v1/cases/${c.id}/members`, c.personId,
      { userId: police.user.id, relation: 'police', legalBasis: 'retsplejeloven_115' })).status).toBe(201);
    h.clock.advance(1000);
    expect((await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' })).status).toBe(201);
    // A colleague inside the unit is no disclosure.
    expect((await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: colleague.user.id, relation: 'adviser' })).status).toBe(201);

    h.clock.advance(1000);
    const logged = await audited(owner, 'POST', `/api/v1/cases/${c.id}/disclosures`, c.personId, {
      partnerOrganisation: 'Kriminalforsorgen', legalBasis: 'other', legalBasisText: 'Straffuldbyrdelsesloven', contentSummary: 'Resumé af sagen til Infohus-mødet.',
    });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ caseId: c.id, disclosedBy: owner.user.id, recipientUserId: null, legalBasisText: 'Straffuldbyrdelsesloven' });

    const list = await audited(coordinator, 'GET', `/api/v1/cases/${c.id}/disclosures`, c.personId);
    expect(list.body.map((d: { recipientUserId: string | null; legalBasis: string }) => [d.recipientUserId, d.legalBasis])).toEqual([
      [police.user.id, 'retsplejeloven_115'], [partner.user.id, 'serviceloven'], [null, 'other'],
    ]);
    // The partner, a member, sees who is on the case but not the disclosure log or the unit's closure reason.
    expect((await partner.get(`/api/v1/cases/${c.id}/disclosures`)).status).toBe(404);
    const partnerView = await partner.get(`/api/v1/cases/${c.id}`);
    expect(partnerView.body.members.map((m: { relation: string }) => m.relation).sort()).toEqual(['adviser', 'owner', 'partner', 'police']);
    expect(partnerView.body.nextReassessmentDue).toBeNull();
  });

  it('a disclosure with legal basis other needs the text, and a named recipient must exist', async () => {
    const c = await newCase('Ugyldig deling');
    const base = { partnerOrganisation: 'Psykiatrien', contentSummary: 'Kort resumé.' };
    const a = await coordinator.post(`/api/v1/cases/${c.id}/disclosures`, { ...base, legalBasis: 'other' });
    expect(a.status).toBe(400);
    expect(a.body.errors).toEqual([{ field: 'legalBasisText', reason: "is required when legalBasis is 'other'" }]);
    const b = await coordinator.post(`/api/v1/cases/${c.id}/disclosures`, { ...base, legalBasis: 'serviceloven', recipientUserId: '00000000-0000-4000-8000-000000000000' });
    expect(b.status).toBe(400);
    expect(b.body.errors[0].field).toBe('recipientUserId');
  });
});

describe('case notes', () => {
  it('a partner on the case reads only the notes shared with partners; the staff on it read every note', async () => {
    const c = await newCase('Notater');
    for (const [member, relation, legalBasis] of [[partner, 'partner', 'serviceloven'], [police, 'police', 'retsplejeloven_115']] as const) {
      expect((await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: member.user.id, relation, legalBasis })).status).toBe(201);
    }
    const shared = await audited(owner, 'POST', `/api/v1/cases/${c.id}/notes`, c.personId,
      { body: 'Til Infohus: mødet med familien er flyttet til torsdag.', sharedWithPartners: true });
    expect(shared.status).toBe(201);
    h.clock.advance(1000);
    // Not shared unless the author says so (the default).
    const internal = await audited(owner, 'POST', `/api/v1/cases/${c.id}/notes`, c.personId, { body: 'Internt: bekymring for den yngre bror.' });
    expect(internal.status).toBe(201);
    expect(internal.body.sharedWithPartners).toBe(false);

    const partnerView = await audited(partner, 'GET', `/api/v1/cases/${c.id}/notes`, c.personId);
    expect(partnerView.status).toBe(200);
    expect(partnerView.body).toEqual([expect.objectContaining({ id: shared.body.id, body: shared.body.body, sharedWithPartners: true })]);
    expect(JSON.stringify(partnerView.body)).not.toContain('bror');

    for (const staff of [owner, police, coordinator]) {
      const all = await audited(staff, 'GET', `/api/v1/cases/${c.id}/notes`, c.personId);
      expect(all.body.map((n: { id: string }) => n.id)).toEqual([shared.body.id, internal.body.id]);
    }
  });
});

describe('assessments on the national tool', () => {
  it('reads the instrument from data: dimensions with da/en labels and the scale with an explicit unknown', async () => {
    const res = await mentor.get('/api/v1/assessment-instruments/national-v1');
    expect(res.status).toBe(200);
    expect(res.body.dimensions.map((d: { code: string }) => d.code)).toEqual(dimensions);
    expect(res.body.dimensions).toHaveLength(9);
    expect(res.body.dimensions[0].label).toEqual({ da: 'Bekymrende overbevisninger og retorik', en: 'Concerning convictions and rhetoric' });
    expect(res.body.scale.map((s: { value: number | null }) => s.value)).toEqual([0, 1, 2, 3, null]);
    expect(res.body.scale.at(-1).label.en).toBe('Unknown');
    expect((await mentor.get('/api/v1/assessment-instruments/no-such')).status).toBe(404);
    expect((await partner.get('/api/v1/assessment-instruments/national-v1')).status).toBe(403);
  });

  it('validates every dimension once, on the scale, with field names; unknown instruments and future dates are refused', async () => {
    const c = await newCase('Validering');
    const post = (body: Record<string, unknown>) => coordinator.post(`/api/v1/cases/${c.id}/assessments`, {
      kind: 'start', assessedOn: '2026-03-01', instrumentId: 'national-v1', ratings: ratingsAll(() => ({ risk: 1, resources: 1 })), ...body,
    });
    const missing = await post({ ratings: ratingsAll(() => ({ risk: 1, resources: 1 })).slice(1) });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'ratings', reason: expect.stringContaining(dimensions[0]!) }]);

    const offScale = await post({ ratings: ratingsAll((_, i) => ({ risk: i === 2 ? 4 : 1, resources: i === 5 ? 9 : null })) });
    expect(offScale.status).toBe(400);
    expect(offScale.body.errors.map((e: { field: string }) => e.field)).toEqual(['ratings[2].risk', 'ratings[5].resources']);

    const dup = await post({ ratings: [...ratingsAll(() => ({ risk: 1, resources: 1 })), { dimension: dimensions[3], risk: 0, resources: 0 }] });
    expect(dup.body.errors.map((e: { field: string }) => e.field)).toEqual(['ratings[9].dimension']);
    const foreign = await post({ ratings: [...ratingsAll(() => ({ risk: 1, resources: 1 })), { dimension: 'faith', risk: 0, resources: 0 }] });
    expect(foreign.body.errors.map((e: { field: string }) => e.field)).toEqual(['ratings[9].dimension']);
    // Unknown must be said explicitly (null), not left out.
    const implicit = await post({ ratings: ratingsAll(() => ({ risk: 1, resources: 1 })).map(({ risk: _r, ...rest }) => rest) });
    expect(implicit.status).toBe(400);
    expect(implicit.body.errors[0].field).toBe('ratings.0.risk');

    expect((await post({ instrumentId: 'national-v0' })).body.errors[0].field).toBe('instrumentId');
    expect((await post({ assessedOn: '2026-03-03' })).body.errors[0]).toEqual({ field: 'assessedOn', reason: 'must not be in the future' });
    expect(await sql('SELECT 1 FROM assessments WHERE case_id = $1', [c.id])).toHaveLength(0);
  });

  it('a mentor on the course records start and six-month assessments; progression is measured from the start', async () => {
    const c = await newCase('Progression');
    expect((await mentor.post(`/api/v1/cases/${c.id}/assessments`, { kind: 'start', assessedOn: '2026-03-01', instrumentId: 'national-v1',
      ratings: ratingsAll(() => ({ risk: 1, resources: 1 })) })).status).toBe(404);
    await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: mentor.user.id, relation: 'mentor' });

    // Hand-built example: risk falls on dimension 0 (3→1) and 1 (2→1), rises on 2 (1→2), unknown at the start on 3,
    // unknown afterwards on 4; the others stay. Resources rise on 0 (0→2), fall on 1 (2→1).
    const startRisk = [3, 2, 1, null, 2, 1, 1, 1, 1];
    const laterRisk = [1, 1, 2, 2, null, 1, 1, 1, 1];
    const startRes = [0, 2, 1, 1, 1, 1, 1, 1, 1];
    const laterRes = [2, 1, 1, 1, 1, 1, 1, 1, 1];
    const start = await audited(mentor, 'POST', `/api/v1/cases/${c.id}/assessments`, c.personId, {
      kind: 'start', assessedOn: '2025-08-31', instrumentId: 'national-v1', summary: 'Udgangspunkt.',
      ratings: ratingsAll((_, i) => ({ risk: startRisk[i]!, resources: startRes[i]! })).map((r, i) => (i === 0 ? { ...r, comment: 'Meget retorik online' } : r)),
    });
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({ kind: 'start', assessedOn: '2025-08-31', assessedBy: mentor.user.id, summary: 'Udgangspunkt.' });
    expect(start.body.ratings[0]).toEqual({ dimension: dimensions[0], risk: 3, resources: 0, comment: 'Meget retorik online' });
    expect(start.body.ratings[3]).toEqual({ dimension: dimensions[3], risk: null, resources: 1, comment: null });

    const second = await mentor.post(`/api/v1/cases/${c.id}/assessments`, { kind: 'start', assessedOn: '2026-03-02', instrumentId: 'national-v1',
      ratings: ratingsAll(() => ({ risk: 1, resources: 1 })) });
    expect(second.status).toBe(409);

        // Six calendar months after 31 August, clamped to the end of February.
    expect((await coordinator.get(`/api/v1/cases/${c.id}`)).body.nextReassessmentDue).toBe('2026-02-28');

    const six = await mentor.post(`/api/v1/cases/${c.id}/assessments`, {
      kind: 'six_months', assessedOn: '2026-03-01', instrumentId: 'national-v1', ratings: ratingsAll((_, i) => ({ risk: laterRisk[i]!, resources: laterRes[i]! })),
    });
    expect(six.status).toBe(201);
    expect((await coordinator.get(`/api/v1/cases/${c.id}`)).body.nextReassessmentDue).toBeNull();

    const list = await audited(mentor, 'GET', `/api/v1/cases/${c.id}/assessments`, c.personId);
    expect(list.body.map((a: { kind: string }) => a.kind)).toEqual(['start', 'six_months']);

    const p = await audited(mentor, 'GET', `/api/v1/cases/${c.id}/assessments/progression`, c.personId);
    expect(p.status).toBe(200);
    expect(p.body.baseline).toEqual({ assessmentId: start.body.id, kind: 'start', assessedOn: '2025-08-31' });
    expect(p.body.comparisons).toHaveLength(1);
    const cmp = p.body.comparisons[0];
    expect(cmp.assessmentId).toBe(six.body.id);
    const d = cmp.dimensions;
    expect(d.map((x: { dimension: string }) => x.dimension)).toEqual(dimensions);
    expect(d[0]).toMatchObject({ riskBefore: 3, riskAfter: 1, riskChange: -2, resourcesChange: 2, direction: 'improved' });
    expect(d[1]).toMatchObject({ riskChange: -1, resourcesChange: -1, direction: 'mixed' });
    expect(d[2]).toMatchObject({ riskChange: 1, resourcesChange: 0, direction: 'worsened' });
    expect(d[3]).toMatchObject({ riskBefore: null, riskChange: null, resourcesChange: 0, direction: 'unchanged' });
    expect(d[4]).toMatchObject({ riskAfter: null, riskChange: null, direction: 'unchanged' });
    // Mean risk change over the 7 dimensions known on both sides: (-2 - 1 + 1 + 0 + 0 + 0 + 0) / 7.
    expect(cmp.overall.meanRiskChange).toBeCloseTo(-2 / 7, 10);
    expect(cmp.overall).toMatchObject({ knownRiskDimensions: 7, knownResourcesDimensions: 9, improved: 1, worsened: 1, mixed: 1, unchanged: 6, unknown: 0 });
    expect(cmp.overall.meanResourcesChange).toBeCloseTo(1 / 9, 10);

    // Police and partners are not told about assessments.
    await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' });
    expect((await partner.get(`/api/v1/cases/${c.id}/assessments`)).status).toBe(404);
    expect((await partner.get(`/api/v1/cases/${c.id}/assessments/progression`)).status).toBe(404);
  });

  it('of two simultaneous start assessments exactly one is recorded', async () => {
    const c = await newCase('Dobbelt start');
    const body = { kind: 'start', assessedOn: '2026-03-01', instrumentId: 'national-v1', ratings: ratingsAll(() => ({ risk: 2, resources: 2 })) };
    const results = await Promise.all([coordinator.post(`/api/v1/cases/${c.id}/assessments`, body), owner.post(`/api/v1/cases/${c.id}/assessments`, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await sql(`SELECT 1 FROM assessments WHERE case_id = $1 AND kind = 'start'`, [c.id])).toHaveLength(1);
  });
});
