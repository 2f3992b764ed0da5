import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Finishing the flow (issue 12, items 6 and 9; docs/domain.md, "Corrections" and "Closing a case"): a concern is
 * corrected with a field history and shows its Infohus decision, shares and disclosures; closing a case ends or
 * refuses its running courses by name and the mentor cannot log on it afterwards; a re-offer in the decline's minute
 * works; a follow-up answered early needs a reason.
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let adviser: Signed;
let coordinator: Signed;
let police: Signed;
let partner: Signed;
let mentor: Signed;
let coordinatorB: Signed;
let manager: Signed;

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const lastSeq = async () => Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
const auditSince = (seq: number) => sql<{ action: string; outcome: string; record_type: string; record_id: string | null; criterion: string | null }>(
  'SELECT action, outcome, record_type, record_id, criterion FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);

const displayName = async (id: string) => (await sql<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [id]))[0]!.display_name;

const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: 'Kasper Korrektur', birthDate: '1999-04-04' },
  ideologyArea: 'right_wing',
  severity: 'medium',
  behaviourIndicators: ['hate_speech'],
  behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
  minor: 'no',
  ...over,
});

/** A case in unit a owned by the adviser (as a member 'owner'). */
async function newCase(): Promise<string> {
  const now = h.clock.now();
  const [p] = await sql<{ id: string }>(
    `INSERT INTO persons (unit_id, full_name, birth_date, gender, created_at, updated_at) VALUES ($1, 'Lukas Lukket', '2001-02-03', 'male', $2, $2) RETURNING id`,
    [h.units.a, now],
  );
  const [c] = await sql<{ id: string }>(
    `INSERT INTO cases (unit_id, person_id, title, owner_id, created_at, updated_at) VALUES ($1, $2, 'Sag', $3, $4, $4) RETURNING id`,
    [h.units.a, p!.id, adviser.user.id, now],
  );
  await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [c!.id, adviser.user.id, h.units.a, now]);
  return c!.id;
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  coordinator.reason = 'Tovholder for enheden';
  police = await h.signIn('police_liaison', 'b');
  partner = await h.signIn('partner', 'a');
  mentor = await h.signIn('mentor', 'a');
  coordinatorB = await h.signIn('coordinator', 'b');
  manager = await h.signIn('manager', 'a');
});
afterAll(async () => h?.close());

describe('correcting a concern', () => {
  it('keeps a field history old -> new, versioned and audited, and shows it on the concern', async () => {
    const created = await adviser.post('/api/v1/concerns', concernBody());
    expect(created.status).toBe(201);
    const k = created.body;
    const deadlineBefore = k.deadlineAt;

    const seq = await lastSeq();
    const res = await adviser.patch(`/api/v1/concerns/${k.id}`, { version: k.version, severity: 'high', behaviourIndicators: ['threats', 'hate_speech'] });
    expect(res.status).toBe(200);
    expect(res.body.changed.sort()).toEqual(['behaviourIndicators', 'severity']);
    expect(res.body.concern).toMatchObject({ severity: 'high', version: k.version + 1, behaviourIndicators: ['hate_speech', 'threats'] });
    // A higher severity before triage brings the deadline forward.
    expect(new Date(res.body.concern.deadlineAt).getTime()).toBeLessThan(new Date(deadlineBefore).getTime());
    expect(res.body.concern.record.corrections).toEqual([
      expect.objectContaining({ field: 'behaviourIndicators', oldValue: 'hate_speech', newValue: 'hate_speech, threats', version: k.version + 1,
        changedBy: { id: adviser.user.id, displayName: expect.any(String) } }),
      expect.objectContaining({ field: 'severity', oldValue: 'medium', newValue: 'high', version: k.version + 1 }),
    ]);
    // One audit row names the corrected fields.
    expect(await auditSince(seq)).toEqual([
      expect.objectContaining({ action: 'update', outcome: 'ok', record_type: 'concern', record_id: k.id, criterion: 'corrected: severity, behaviourIndicators' }),
    ]);

    // The history is on the record the page reads.
    const seen = await coordinator.get(`/api/v1/concerns/${k.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.record.corrections.map((c: { field: string; oldValue: string; newValue: string }) => `${c.field}: ${c.oldValue} -> ${c.newValue}`)).toEqual([
      'behaviourIndicators: hate_speech -> hate_speech, threats', 'severity: medium -> high',
    ]);
    // Labels, never raw codes (D8).
    expect(seen.body.behaviourLabels).toEqual([
      { code: 'threats', labelDa: 'Fremsætter trusler', labelEn: 'Makes threats' },
      { code: 'hate_speech', labelDa: 'Hadefuld tale mod grupper', labelEn: 'Hate speech against groups' },
    ]);

    // Stale: 409 with the current version; nothing more is written.
    const stale = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version, severity: 'low' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(k.version + 1);
    expect((await sql('SELECT count(*)::int AS n FROM field_history WHERE record_id = $1', [k.id]))[0].n).toBe(2);

    // The reporter is corrected too; an anonymous reporter cannot keep a name.
    const anon = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version + 1, reporter: { anonymous: true, name: 'Lone' } });
    expect(anon.status).toBe(400);
    expect(anon.body.errors).toEqual([{ field: 'reporter.name', reason: 'must be left out when the reporter is anonymous' }]);
    const rep = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version + 1, reporter: { anonymous: false, name: 'Lærer Lone Hansen', organisation: 'Valby Skole' } });
    expect(rep.status).toBe(200);
    expect(rep.body.changed).toEqual(['reporter.name', 'reporter.contact']);
    expect(rep.body.concern.record.corrections.find((x: { field: string }) => x.field === 'reporter.contact')).toMatchObject({ field: 'reporter.contact', oldValue: 'lone@skole.dk', newValue: null });
  });

  it('refuses bad input with 400 naming the field, and outsiders with 404', async () => {
    const k = (await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Vera Værn', birthDate: '1990-01-01' } }))).body;
    const empty = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version });
    expect(empty.status).toBe(400);
    const unknownField = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version, religion: 'x' });
    expect(unknownField.status).toBe(400);
    const code = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version, behaviourIndicators: ['no_such_code'] });
    expect(code.status).toBe(400);
    expect(code.body.errors[0].field).toBe('behaviourIndicators');
    const short = await coordinator.patch(`/api/v1/concerns/${k.id}`, { version: k.version, behaviourDescription: 'kort' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('behaviourDescription');
    // Another unit's coordinator and an adviser who did not register it: 404 (existence does not leak), audited.
    const seq = await lastSeq();
    expect((await coordinatorB.patch(`/api/v1/concerns/${k.id}`, { version: k.version, severity: 'low' })).status).toBe(404);
    expect((await adviser.patch(`/api/v1/concerns/${k.id}`, { version: k.version, severity: 'low' })).status).toBe(404);
    expect((await auditSince(seq)).map((r) => [r.action, r.outcome, r.record_id])).toEqual([['update', 'denied', k.id], ['update', 'denied', k.id]]);
    expect((await sql('SELECT severity FROM concerns WHERE id = $1', [k.id]))[0].severity).toBe('medium');
  });
});

describe('the concern page after the flow', () => {
  it('shows the shares, the police check and the Infohus decision with its disclosures; police and partners do not get the unit record', async () => {
    let k = (await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Ida Infohus', birthDate: '1995-01-01' } }))).body;
    const shared = await coordinator.post(`/api/v1/concerns/${k.id}/share`, { version: k.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' });
    expect(shared.status).toBe(200);
    k = shared.body.concern;
    k = (await police.post(`/api/v1/concerns/${k.id}/police-check`, { version: k.version, outcome: 'clear' })).body;
    const decided = await coordinator.post(`/api/v1/concerns/${k.id}/infohus`, {
      version: k.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'justified',
      reasoning: 'Konkret adfærd; tilbud om mentor.',
      disclosures: [{ partnerOrganisation: 'Psykiatrien', legalBasis: 'other', legalBasisText: 'Sundhedsloven § 43', contentSummary: 'Bekymring og vurdering.' }],
    });
    expect(decided.status).toBe(200);

    const seq = await lastSeq();
    const page = await coordinator.get(`/api/v1/concerns/${k.id}`);
    expect(page.status).toBe(200);
    expect(page.body.policeCheck).toMatchObject({ outcome: 'clear' });
    expect(page.body.record.infohus).toMatchObject({
      meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'justified', reasoning: 'Konkret adfærd; tilbud om mentor.',
    });
    expect(page.body.record.shares).toEqual([expect.objectContaining({ recipient: await displayName(police.user.id), legalBasis: 'retsplejeloven_115' })]);
    expect(page.body.record.disclosures.map((d: { partnerOrganisation: string; legalBasis: string; legalBasisText: string | null }) =>
      [d.legalBasis, d.legalBasisText]).sort()).toEqual([['other', 'Sundhedsloven § 43'], ['retsplejeloven_115', null]]);
    // One look, one audit row.
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'read', record_type: 'concern', record_id: k.id })]);

    const asPolice = await police.get(`/api/v1/concerns/${k.id}`);
    expect(asPolice.status).toBe(200);
    expect(asPolice.body.record).toBeNull();
    expect(asPolice.body.behaviourLabels).toEqual([{ code: 'hate_speech', labelDa: 'Hadefuld tale mod grupper', labelEn: 'Hate speech against groups' }]);
    // Police may not correct it.
    expect((await police.patch(`/api/v1/concerns/${k.id}`, { version: page.body.version, severity: 'low' })).status).toBe(404);
    expect(partner.user.role).toBe('partner');
  });
});

describe('closing a case with running courses', () => {
  it('is refused naming the courses, then ends them when asked; the mentor cannot log on it afterwards', async () => {
    const caseId = await newCase();
    const today = h.clock.now().toISOString().slice(0, 10);
    const started = await coordinator.post(`/api/v1/cases/${caseId}/courses`, { kind: 'mentor', mentorId: mentor.user.id, startedOn: today });
    expect(started.status).toBe(201);
    const course = started.body;
    let c = (await coordinator.get(`/api/v1/cases/${caseId}`)).body;

    // Asking to close (docs/domain.md, "Closing a case") is refused while a course runs, naming it.
    const refused = await coordinator.post(`/api/v1/cases/${caseId}/closure-requests`, { reason: 'Flyttet' });
    expect(refused.status).toBe(409);
    expect(refused.body.runningCourses).toEqual([{ id: course.id, kind: 'mentor', mentorName: await displayName(mentor.user.id), startedOn: today }]);
    expect(refused.body.detail).toContain(await displayName(mentor.user.id));
    expect((await sql('SELECT status FROM courses WHERE id = $1', [course.id]))[0].status).toBe('active');

    expect(await sql('SELECT 1 FROM case_closure_requests WHERE case_id = $1', [caseId])).toEqual([]);
    const asked = await coordinator.post(`/api/v1/cases/${caseId}/closure-requests`, { reason: 'Flyttet', endRunningCourses: true });
    expect(asked.status).toBe(201);
    // The course runs until the manager approves.
    expect((await sql('SELECT status FROM courses WHERE id = $1', [course.id]))[0].status).toBe('active');
    const seq = await lastSeq();
    const decided = await manager.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'approved', note: 'Godkendt.', version: asked.body.version });
    expect(decided.status).toBe(200);
    c = (await coordinator.get(`/api/v1/cases/${caseId}`)).body;
    expect(c.status).toBe('closed');
    expect((await sql('SELECT status, ended_on::text AS ended_on, end_reason FROM courses WHERE id = $1', [course.id]))[0]).toEqual({
      status: 'ended', ended_on: today, end_reason: 'other',
    });
    const audit = await auditSince(seq);
    expect(audit.filter((r) => r.record_type === 'course')).toEqual([
      expect.objectContaining({ action: 'update', record_id: course.id, criterion: 'ended when the case closed' }),
    ]);

    const session = await mentor.post(`/api/v1/courses/${course.id}/sessions`, { heldOn: today, durationMinutes: 30, form: 'in_person' });
    expect(session.status).toBe(409);
    c = (await coordinator.get(`/api/v1/cases/${caseId}/courses`)).body;
    expect(c.map((x: { status: string }) => x.status)).toEqual(['ended']);
  });

  it('asks to close a case without running courses as before', async () => {
    const caseId = await newCase();
    const asked = await adviser.post(`/api/v1/cases/${caseId}/closure-requests`, { reason: 'Intet at gøre' });
    expect(asked.status).toBe(201);
  });
});

describe('re-offers and follow-ups', () => {
  it('a re-offer in the same minute as the decline works; one before the decline is refused', async () => {
    const caseId = await newCase();
    const at = new Date(Math.floor(h.clock.now().getTime() / 60_000) * 60_000);
    const first = await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt: new Date(at.getTime() - 60_000).toISOString() });
    expect(first.status).toBe(201);
    h.clock.set(new Date(at.getTime() + 25_000).toISOString());
    expect((await adviser.post(`/api/v1/offers/${first.body.id}/response`, { response: 'declined', version: 1 })).status).toBe(200);
    const before = await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt: new Date(at.getTime() - 60_000).toISOString(), reofferOf: first.body.id });
    expect(before.status).toBe(400);
    expect(before.body.errors[0].field).toBe('offeredAt');
    // The form's time has minute precision: the decline's own minute is accepted.
    const again = await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'relative_coach', offeredAt: at.toISOString(), reofferOf: first.body.id });
    expect(again.status).toBe(201);
    expect(again.body.reofferOf).toBe(first.body.id);
  });

  it('a follow-up answered before it falls due needs a reason, which is kept and audited', async () => {
    const caseId = await newCase();
    const o = await adviser.post(`/api/v1/cases/${caseId}/offers`, { type: 'mentor', offeredAt: h.clock.now().toISOString() });
    expect(o.status).toBe(201);
    const fu = (await adviser.get(`/api/v1/cases/${caseId}/follow-ups`)).body;
    expect(fu).toHaveLength(1);
    const early = await adviser.post(`/api/v1/follow-ups/${fu[0].id}/answer`, { occupation: 'education' });
    expect(early.status).toBe(409);
    expect(early.body.dueOn).toBe(fu[0].dueOn);
    const tooShort = await adviser.post(`/api/v1/follow-ups/${fu[0].id}/answer`, { occupation: 'education', earlyReason: 'x' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors[0].field).toBe('earlyReason');
    const seq = await lastSeq();
    const ok = await adviser.post(`/api/v1/follow-ups/${fu[0].id}/answer`, { occupation: 'education', earlyReason: 'Flytter til udlandet i næste uge.' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ occupation: 'education', earlyReason: 'Flytter til udlandet i næste uge.' });
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'update', record_type: 'follow_up', criterion: 'answered before due' })]);
  });
});
