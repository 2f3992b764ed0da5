import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * The intake, told as a story (docs/domain.md, "The flow of a concern", steps 1–4): an anonymous call is forwarded as a
 * concern, shared with the police on a legal basis, checked, and assessed in the Infohus, which opens a case.
 */
let h: Harness;
let adviser: Client & { user: TestUser };
let coordinator: Client & { user: TestUser };
let police: Client & { user: TestUser };
let partner: Client & { user: TestUser };
let adviserB: Client & { user: TestUser };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const auditRows = (since: number) => sql<{ action: string; outcome: string; record_type: string; person_id: string | null; actor_id: string; criterion: string | null }>(
  'SELECT action, outcome, record_type, person_id, actor_id, criterion FROM audit_log WHERE seq > $1 ORDER BY seq', [since]);
const lastSeq = async () => Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);

const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: 'Jonas Ækvator', birthDate: '1999-04-04' },
  ideologyArea: 'right_wing',
  severity: 'medium',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.',
  minor: 'no',
  ...over,
});

beforeAll(async () => {
  // The story moves the clock by hours; sessions must outlive it (the triage clock is what is under test here).
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  police = await h.signIn('police_liaison', 'b');
  partner = await h.signIn('partner', 'a');
  adviserB = await h.signIn('adviser', 'b');
});
afterAll(async () => h?.close());

describe('from an anonymous call to a case', () => {
  it('walks call → forward → share with police → police check clear → Infohus justified → case', async () => {
    // First, the adviser logs an anonymous call from a parent while on the phone. No person is recorded.
    // (The call came in 22 hours ago, by e-mail read this morning; the triage clock runs from then.)
    const call = await adviser.post('/api/v1/calls', {
      receivedAt: new Date(h.clock.now().getTime() - 22 * 3_600_000).toISOString(),
      channel: 'email', callerType: 'parent', topic: 'Bekymret for søns nye venner', ideologyArea: 'militant_islamism',
      outcome: 'advice_only', durationMinutes: 25,
    });
    expect(call.status).toBe(201);
    expect(call.body).not.toHaveProperty('personId');
    expect(call.body).toMatchObject({ callerSector: null, concernId: null, outcome: 'advice_only' });

    // The adviser decides the call must go on as a concern: forwarding creates it and marks the call, together.
    h.clock.advanceMinutes(10);
    let seq = await lastSeq();
    const fwd = await adviser.post(`/api/v1/calls/${call.body.id}/forward`, {
      reporter: { anonymous: true },
      person: { fullName: 'Yusuf Østergård', cpr: '150408-4321' },
      ideologyArea: 'militant_islamism', severity: 'high',
      behaviourIndicators: ['travel_conflict_zone', 'sudden_isolation'],
      behaviourDescription: 'Har brudt med familien og taler om at rejse til en konfliktzone.',
    });
    expect(fwd.status).toBe(201);
    const concern = fwd.body;
    expect(concern).toMatchObject({
      channel: 'call', callId: call.body.id, status: 'received', severity: 'high', acute: false, receivedAt: call.body.receivedAt,
      reporter: { anonymous: true, name: null, contact: null },
      behaviourIndicators: ['sudden_isolation', 'travel_conflict_zone'],
    });
    // The CPR number gives birth date and legal sex, and is shown masked. Born 2008: a minor in 2026.
    expect(concern.person).toMatchObject({ fullName: 'Yusuf Østergård', birthDate: '2008-04-15', cprMasked: '150408-XXXX', minor: true, socialServicesReportDuty: true });
    expect(concern.deadlineAt).toBe(new Date(new Date(call.body.receivedAt).getTime() + 24 * 3_600_000).toISOString());
    expect(concern.timeLeftMinutes).toBe(2 * 60 - 10);
    const fwdAudit = await auditRows(seq);
    expect(fwdAudit).toEqual([expect.objectContaining({ action: 'create', outcome: 'ok', record_type: 'concern', person_id: concern.person.id })]);
    const calls = await sql('SELECT outcome, concern_id FROM calls WHERE id = $1', [call.body.id]);
    expect(calls[0]).toEqual({ outcome: 'forwarded_concern', concern_id: concern.id });
    const persons = await sql('SELECT gender FROM persons WHERE id = $1', [concern.person.id]);
    expect(persons[0]!.gender).toBe('male');
    expect((await adviser.post(`/api/v1/calls/${call.body.id}/forward`, { reporter: { anonymous: true }, personId: concern.person.id, ideologyArea: 'other_unclear',
      severity: 'low', behaviourIndicators: ['threats'], behaviourDescription: 'En gang til, det må ikke gå.' })).status).toBe(409);

    // Before sharing, the police liaison (another unit) cannot see the concern at all.
    expect((await police.get(`/api/v1/concerns/${concern.id}`)).status).toBe(404);

    // The coordinator shares it with the police liaison under retsplejeloven § 115: the police check starts.
    seq = await lastSeq();
    const shared = await coordinator.post(`/api/v1/concerns/${concern.id}/share`, { version: concern.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' });
    expect(shared.status).toBe(200);
    expect(shared.body.concern.status).toBe('police_check');
    expect(await auditRows(seq)).toEqual([expect.objectContaining({ action: 'update', record_type: 'concern', person_id: concern.person.id, actor_id: coordinator.user.id })]);
    const disclosures = await sql('SELECT legal_basis, recipient_user_id, content_summary FROM disclosures WHERE concern_id = $1', [concern.id]);
    expect(disclosures).toEqual([expect.objectContaining({ legal_basis: 'retsplejeloven_115', recipient_user_id: police.user.id })]);
    expect(disclosures[0]!.content_summary.length).toBeGreaterThan(0);

    // The police liaison now reads it, with the person's identity for the register check but not the reporter's.
    const seen = await police.get(`/api/v1/concerns/${concern.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.person.fullName).toBe('Yusuf Østergård');
    expect(seen.body.reporter.organisation).toBeNull();

    // A stale version is refused with the current one.
    const stale = await police.post(`/api/v1/concerns/${concern.id}/police-check`, { version: concern.version, outcome: 'clear' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(seen.body.version);
    const checked = await police.post(`/api/v1/concerns/${concern.id}/police-check`, { version: seen.body.version, outcome: 'clear' });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'infohus', policeCheck: { outcome: 'clear' }, triagedAt: null, allowedTransitions: ['justified', 'unfounded'] });

    // The Infohus meets within the hour (inside the 24 h) and judges the concern justified: a case is opened.
    h.clock.advanceMinutes(60);
    seq = await lastSeq();
    const decided = await coordinator.post(`/api/v1/concerns/${concern.id}/infohus`, {
      version: checked.body.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet', 'Psykiatrien'], decision: 'justified',
      reasoning: 'Konkret adfærd og udrejseplaner; tilbud om mentor.',
      disclosures: [{ partnerOrganisation: 'Region Hovedstadens Psykiatri', legalBasis: 'other', legalBasisText: 'Sundhedsloven § 43', contentSummary: 'Bekymring og vurdering.' }],
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ caseCreated: true, concern: { status: 'justified', handledInTime: true, overdue: false } });
    expect(decided.body.concern.caseId).toBe(decided.body.caseId);
    expect(await auditRows(seq)).toEqual([expect.objectContaining({ action: 'update', record_type: 'concern', person_id: concern.person.id })]);
    const cases = await sql('SELECT person_id, status, ideology_area, owner_id FROM cases WHERE id = $1', [decided.body.caseId]);
    expect(cases[0]).toEqual({ person_id: concern.person.id, status: 'open', ideology_area: 'militant_islamism', owner_id: coordinator.user.id });
    const owner = await sql("SELECT user_id FROM case_members WHERE case_id = $1 AND relation = 'owner'", [decided.body.caseId]);
    expect(owner).toEqual([{ user_id: coordinator.user.id }]);
    expect(await sql('SELECT legal_basis_text, case_id FROM disclosures WHERE id = $1', [decided.body.disclosureIds[0]])).toEqual([
      { legal_basis_text: 'Sundhedsloven § 43', case_id: decided.body.caseId },
    ]);
    expect((await coordinator.get(`/api/v1/cases/${decided.body.caseId}`)).status).toBe(200);

    // The status machine is final: another decision is refused, naming what is allowed (nothing).
    const again = await coordinator.post(`/api/v1/concerns/${concern.id}/infohus`, {
      version: decided.body.concern.version, meetingDate: '2026-03-02', participants: ['Kommunen'], decision: 'unfounded', reasoning: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('none');

    // A second justified concern about the same person joins the open case instead of opening another.
    const second = await coordinator.post('/api/v1/concerns', concernBody({ person: undefined, personId: concern.person.id, ideologyArea: 'militant_islamism' }));
    expect(second.status).toBe(201);
    const pc = await coordinator.post(`/api/v1/concerns/${second.body.id}/police-check`, { version: second.body.version, outcome: 'clear' });
    expect(pc.status).toBe(200);
    const joined = await coordinator.post(`/api/v1/concerns/${second.body.id}/infohus`, {
      version: pc.body.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'justified', reasoning: 'Samme borger.',
    });
    expect(joined.body).toMatchObject({ caseCreated: false, caseId: decided.body.caseId });
  });

  it('closes an unfounded concern without a case', async () => {
    const c = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Ulla Ubegrundet' }, severity: 'low' }));
    expect(c.status).toBe(201);
    const pc = await coordinator.post(`/api/v1/concerns/${c.body.id}/police-check`, { version: c.body.version, outcome: 'clear' });
    const d = await coordinator.post(`/api/v1/concerns/${c.body.id}/infohus`, {
      version: pc.body.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'unfounded', reasoning: 'Ingen konkret risiko.',
    });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ caseId: null, caseCreated: false, concern: { status: 'unfounded', allowedTransitions: [], caseId: null } });
    expect(await sql('SELECT count(*)::int AS n FROM cases WHERE person_id = $1', [c.body.person.id])).toEqual([{ n: 0 }]);
  });

  it("refuses the Infohus before the police check, naming the allowed step; 'other' legal basis needs its text", async () => {
    const c = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Rita Rækkefølge' } }));
    const res = await coordinator.post(`/api/v1/concerns/${c.body.id}/infohus`, {
      version: c.body.version, meetingDate: '2026-03-02', participants: ['Kommunen'], decision: 'justified', reasoning: 'For tidligt.',
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('police_check');
    const share = await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: partner.user.id, legalBasis: 'other' });
    expect(share.status).toBe(400);
    expect(share.body.errors).toEqual([expect.objectContaining({ field: 'legalBasisText' })]);
    const toAdviser = await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: adviser.user.id, legalBasis: 'serviceloven' });
    expect(toAdviser.status).toBe(400);
    // Sharing with a partner records the disclosure but leaves the concern where it was.
    const ok = await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: partner.user.id, legalBasis: 'serviceloven' });
    expect(ok.body.concern.status).toBe('received');
  });

  it('lets the police take over: that ends triage and is final', async () => {
    const c = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Per Politisag' }, severity: 'high' }));
    await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' });
    const v = (await police.get(`/api/v1/concerns/${c.body.id}`)).body.version;
    const r = await police.post(`/api/v1/concerns/${c.body.id}/police-check`, { version: v, outcome: 'police_take_over' });
    expect(r.body).toMatchObject({ status: 'police_took_over', handledInTime: true, triagedAt: h.clock.now().toISOString(), allowedTransitions: [] });
    expect((await police.post(`/api/v1/concerns/${c.body.id}/police-check`, { version: r.body.version, outcome: 'clear' })).status).toBe(409);
  });

  it('records an acute finding by the police as a take-over, and refuses an Infohus meeting dated in the future', async () => {
    const c = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Asger Akut' } }));
    const r = await coordinator.post(`/api/v1/concerns/${c.body.id}/police-check`, { version: c.body.version, outcome: 'acute' });
    expect(r.body).toMatchObject({ status: 'police_took_over', policeCheck: { outcome: 'acute' } });
    const d = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Frida Fremtid' } }));
    const pc = await coordinator.post(`/api/v1/concerns/${d.body.id}/police-check`, { version: d.body.version, outcome: 'clear' });
    const future = await coordinator.post(`/api/v1/concerns/${d.body.id}/infohus`, {
      version: pc.body.version, meetingDate: '2026-12-24', participants: ['Kommunen'], decision: 'unfounded', reasoning: 'Ikke endnu.',
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'meetingDate' })]);
  });
});

describe('behaviour is required', () => {
  it('refuses a concern without behaviour indicators, naming the field and why', async () => {
    const before = await h.auditCount();
    const res = await adviser.post('/api/v1/concerns', concernBody({ behaviourIndicators: [] }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'behaviourIndicators', reason: expect.stringContaining('religion, faith or political opinion') }]);
    expect(await h.auditCount()).toBe(before);
  });
  it('refuses a missing or too short behaviour description', async () => {
    const { behaviourDescription: _omit, ...rest } = concernBody();
    const missing = await adviser.post('/api/v1/concerns', rest);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'behaviourDescription', reason: expect.stringContaining('religion, faith or political opinion') }]);
    const short = await adviser.post('/api/v1/concerns', concernBody({ behaviourDescription: 'Muslim.' }));
    expect(short.body.errors).toEqual([{ field: 'behaviourDescription', reason: expect.stringContaining('at least 10') }]);
  });
  it('refuses unknown indicator codes and any field beside the behaviour, such as a religion', async () => {
    const unknown = await adviser.post('/api/v1/concerns', concernBody({ behaviourIndicators: ['prays_often'] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('behaviourIndicators');
    const faith = await adviser.post('/api/v1/concerns', concernBody({ religion: 'islam' }));
    expect(faith.status).toBe(400);
  });
  it('refuses contact details for an anonymous reporter', async () => {
    const res = await adviser.post('/api/v1/concerns', concernBody({ reporter: { anonymous: true, contact: '12345678' } }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'reporter.contact' })]);
  });
  it('lists the active indicators in Danish and English', async () => {
    const res = await adviser.get('/api/v1/behaviour-indicators');
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ code: 'violence_glorification', labelDa: 'Forherliger eller billiger vold', labelEn: 'Glorifies or condones violence', position: 1 });
  });
});

describe('advisory calls', () => {
  it('requires the sector of a professional caller, and only theirs', async () => {
    const base = { channel: 'national_hotline', topic: 'Spørgsmål om elev', ideologyArea: 'none', outcome: 'advice_only' };
    const missing = await adviser.post('/api/v1/calls', { ...base, callerType: 'professional' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'callerSector' })]);
    expect((await adviser.post('/api/v1/calls', { ...base, callerType: 'parent', callerSector: 'school' })).status).toBe(400);
    expect((await adviser.post('/api/v1/calls', { ...base, callerType: 'professional', callerSector: 'school' })).status).toBe(201);
  });
  it('lists calls by date range and outcome, audited as one search', async () => {
    await coordinator.post('/api/v1/calls', {
      channel: 'email', callerType: 'citizen', topic: 'Akut', ideologyArea: 'other_unclear', outcome: 'acute_police', receivedAt: '2026-02-10T10:00:00Z',
    });
    const seq = await lastSeq();
    const res = await coordinator.get('/api/v1/calls?from=2026-02-01&to=2026-02-28&outcome=acute_police');
    expect(res.status).toBe(200);
    expect(res.body.map((c: any) => c.topic)).toEqual(['Akut']);
    expect(await auditRows(seq)).toEqual([expect.objectContaining({ action: 'search', record_type: 'call', criterion: 'from=2026-02-01; to=2026-02-28; outcome=acute_police' })]);
    expect((await coordinator.get('/api/v1/calls?from=2026-03-01&to=2026-02-01')).status).toBe(400);
  });
  it('lets a call logged as forwarded be followed by the forward', async () => {
    const call = await adviser.post('/api/v1/calls', { channel: 'web', callerType: 'anonymous', topic: 'Web', ideologyArea: 'left_wing', outcome: 'forwarded_concern' });
    const fwd = await adviser.post(`/api/v1/calls/${call.body.id}/forward`, {
      reporter: { anonymous: true }, person: { fullName: 'Vera Videresendt' }, ideologyArea: 'left_wing', severity: 'low',
      behaviourIndicators: ['threats'], behaviourDescription: 'Truer en politiker på sociale medier.', minor: 'no',
    });
    expect(fwd.status).toBe(201);
    expect((await adviser.get(`/api/v1/calls/${call.body.id}`)).body).toMatchObject({ outcome: 'forwarded_concern', concernId: fwd.body.id, version: 2 });
  });
});

describe('triage clock', () => {
  it('counts down, turns overdue with the clock, and puts overdue concerns first in the queue', async () => {
    // Both received 23 hours ago (a letter registered today): the high one has an hour left, the low one 49.
    const receivedAt = new Date(h.clock.now().getTime() - 23 * 3_600_000);
    const low = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Lars Lav' }, severity: 'low', receivedAt: receivedAt.toISOString() }));
    const high = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Hanne Høj' }, severity: 'high', receivedAt: receivedAt.toISOString() }));
    expect(low.body).toMatchObject({ timeLeftMinutes: 49 * 60, overdue: false, deadlineAt: new Date(receivedAt.getTime() + 72 * 3_600_000).toISOString() });
    expect(high.body).toMatchObject({ timeLeftMinutes: 60, overdue: false });
    h.clock.advanceMinutes(61);
    const late = await coordinator.get(`/api/v1/concerns/${high.body.id}`);
    expect(late.body).toMatchObject({ overdue: true, timeLeftMinutes: -1 });
    const queue = await coordinator.get('/api/v1/concerns/page?status=received&limit=200');
    expect(queue.status).toBe(200);
    const ids = queue.body.items.map((c: any) => c.id);
    expect(ids.indexOf(high.body.id)).toBeLessThan(ids.indexOf(low.body.id));
    expect(queue.body.items[0].overdue).toBe(true);
    expect(queue.body.items[0]).not.toHaveProperty('person');
    const overdue = await coordinator.get('/api/v1/concerns/page?overdue=true&limit=200');
    expect(overdue.body.items.map((c: any) => c.id)).toContain(high.body.id);
    expect(overdue.body.items.map((c: any) => c.id)).not.toContain(low.body.id);

    // Decided after the deadline: handled_in_time is recorded as false, and the clock stops.
    const pc = await coordinator.post(`/api/v1/concerns/${high.body.id}/police-check`, { version: high.body.version, outcome: 'clear' });
    const d = await coordinator.post(`/api/v1/concerns/${high.body.id}/infohus`, {
      version: pc.body.version, meetingDate: '2026-03-02', participants: ['Kommunen', 'Politiet'], decision: 'unfounded', reasoning: 'Ikke begrundet.',
    });
    expect(d.body.concern).toMatchObject({ handledInTime: false, overdue: false, timeLeftMinutes: -1 });
    expect(await sql('SELECT handled_in_time FROM concerns WHERE id = $1', [high.body.id])).toEqual([{ handled_in_time: false }]);
  });
  it('sends an acute concern to the police check at once, with the deadline at receipt', async () => {
    const receivedAt = h.clock.now().toISOString();
    const acute = await adviser.post('/api/v1/concerns', concernBody({ person: { fullName: 'Aksel Akut' }, severity: 'acute', receivedAt }));
    expect(acute.status).toBe(201);
    expect(acute.body).toMatchObject({ status: 'police_check', acute: true, deadlineAt: receivedAt, timeLeftMinutes: 0, overdue: false });
    h.clock.advanceMinutes(1);
    expect((await adviser.get(`/api/v1/concerns/${acute.body.id}`)).body).toMatchObject({ overdue: true, timeLeftMinutes: -1 });
  });
  it('refuses a receipt time in the future', async () => {
    const res = await adviser.post('/api/v1/concerns', concernBody({ receivedAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString() }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('receivedAt');
  });
});

describe('people, duplicates and the CPR number', () => {
  it('refuses a second person with the same CPR number in the unit, naming the existing record (audited)', async () => {
    const first = await coordinator.post('/api/v1/persons', { fullName: 'Dorte Dublet', cpr: '0101901234' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ cprMasked: '010190-XXXX', gender: 'female', birthDate: '1990-01-01', minor: false, socialServicesReportDuty: false });
    expect(first.body).not.toHaveProperty('cpr');
    const seq = await lastSeq();
    // The coordinator reaches the unit's register, so the refusal names the record (an adviser gets a handle instead:
    // tests/intake-reach.int.test.ts).
    const dup = await coordinator.post('/api/v1/concerns', concernBody({ person: { fullName: 'Dorthe Dublet', cpr: '010190-1234' } }));
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toContain(first.body.id);
    expect(await auditRows(seq)).toEqual([expect.objectContaining({ action: 'create', outcome: 'denied', record_type: 'concern', person_id: first.body.id })]);
    expect((await coordinator.post('/api/v1/persons', { fullName: 'Dorte D', cpr: '010190-1234' })).status).toBe(409);
    // Another unit has its own register: the same CPR number there is a different record.
    expect((await adviserB.post('/api/v1/persons', { fullName: 'Dorte Dublet', cpr: '010190-1234' })).status).toBe(201);
  });

  it('proposes matches by CPR and by a similar name and birth date, masked, within the unit only', async () => {
    await coordinator.post('/api/v1/persons', { fullName: 'Søren Ågård', birthDate: '2001-06-01' });
    await adviserB.post('/api/v1/persons', { fullName: 'Søren Ågård', birthDate: '2001-06-01' });
    // The coordinator reaches the whole unit; what an adviser is told about persons outside their reach is in
    // tests/intake-reach.int.test.ts.
    const seq = await lastSeq();
    const byName = await coordinator.post('/api/v1/persons/matches', { fullName: 'soeren aagaard', birthDate: '2001-06-01' });
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual([expect.objectContaining({ nameMasked: 'S. Å.', birthDate: '2001-06-01', matchedOn: 'name_birth_date', score: 1 })]);
    expect(await auditRows(seq)).toEqual([expect.objectContaining({ action: 'search', record_type: 'person', criterion: 'match name=soeren aagaard; birthDate=2001-06-01' })]);
    const misspelt = await coordinator.post('/api/v1/persons/matches', { fullName: 'Soren Aagaard' });
    expect(misspelt.body.length).toBe(1);
    expect(misspelt.body[0].score).toBeGreaterThan(0.5);
    const byCpr = await coordinator.post('/api/v1/persons/matches', { cpr: '010190-1234' });
    expect(byCpr.body).toEqual([expect.objectContaining({ cprMasked: '010190-XXXX', score: 1, matchedOn: 'cpr' })]);
    expect((await coordinator.post('/api/v1/persons/matches', { fullName: 'Helt Anden Person' })).body).toEqual([]);
    expect((await coordinator.post('/api/v1/persons/matches', {})).status).toBe(400);
  });

  it('reveals the full CPR number to the coordinator, audited as a reveal', async () => {
    const p = await coordinator.post('/api/v1/persons', { fullName: 'Rikke Reveal', cpr: '020304-4567' });
    const seq = await lastSeq();
    const res = await coordinator.post(`/api/v1/persons/${p.body.id}/cpr/reveal`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ personId: p.body.id, cpr: '020304-4567' });
    expect(await auditRows(seq)).toEqual([expect.objectContaining({ action: 'reveal', outcome: 'ok', person_id: p.body.id, actor_id: coordinator.user.id })]);
    // An adviser may not; the refusal is audited too.
    const refused = await adviser.post(`/api/v1/persons/${p.body.id}/cpr/reveal`);
    expect(refused.status).toBe(404);
    expect((await auditRows(seq)).at(-1)).toMatchObject({ action: 'reveal', outcome: 'denied', actor_id: adviser.user.id });
  });

  it('flags a minor, from the birth date, at the current (fake) date', async () => {
    const p = await coordinator.post('/api/v1/persons', { fullName: 'Mille Mindreårig', birthDate: '2008-03-10' });
    expect(p.body).toMatchObject({ minor: true, socialServicesReportDuty: true });
    h.clock.set('2026-03-10T12:00:00Z');
    const later = await h.signInAs(coordinator.user); // eight days on, yesterday's session has expired
    expect((await later.get(`/api/v1/persons/${p.body.id}`)).body).toMatchObject({ minor: false, socialServicesReportDuty: false });
  });
});
