import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { computeMeasure } from '../src/server/modules/plans/index.ts';
import { MEASURE_CODES, type IndicatorValue, type MeasureCode } from '../src/shared/indicators.ts';

/**
 * The indicator engine, measure by measure, on hand-built records with known answers. Each measure gets its own
 * year so the fixtures do not overlap; unit B holds look-alike records that must never count for unit A.
 */

let h: Harness;
let unitA: string;
let unitB: string;
let staff: string;
const tested = new Set<MeasureCode>();

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
}
async function one(text: string, params: unknown[] = []): Promise<string> {
  return (await sql<{ id: string }>(text, params))[0]!.id;
}
/** Computes a measure for unit A (or the given unit) with the fake clock's time, as a coordinator of that unit (exact counts). */
async function measure(code: MeasureCode, year: number, params: Record<string, unknown> = {}, unit = unitA) {
  tested.add(code);
  const actor = { id: staff, role: 'coordinator' as const, username: 'staff', displayName: 'Koordinator', unitId: unit, unitName: 'A', unitIds: [unit], sessionId: 'test' };
  return runScoped(h.ctx, actor, 'supervision', (s) => computeMeasure(s, unit, code, params, year));
}
const strip = ({ recordIds: _ids, ...rest }: IndicatorValue) => rest;

async function kase(unit = unitA, createdAt = '2010-01-01T10:00:00Z'): Promise<{ personId: string; caseId: string }> {
  const personId = await one(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Fixture Person', 'unknown', $2, $2) RETURNING id`, [unit, createdAt]);
  const caseId = await one(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Fixture', $3, $3) RETURNING id`, [unit, personId, createdAt]);
  return { personId, caseId };
}
async function offer(o: { type?: string; offeredAt: string; response?: string; respondedAt?: string | null; reofferOf?: string; unit?: string; caseId?: string }): Promise<string> {
  const unit = o.unit ?? unitA;
  const caseId = o.caseId ?? (await kase(unit)).caseId;
  const response = o.response ?? 'pending';
  return one(
    `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at, reoffer_of) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [caseId, unit, o.type ?? 'mentor', o.offeredAt, staff, response, response === 'pending' ? null : (o.respondedAt ?? o.offeredAt), o.reofferOf ?? null],
  );
}
async function concern(c: { receivedAt: string; severity?: string; triagedAt?: string | null; inTime?: boolean | null; unit?: string }): Promise<string> {
  const unit = c.unit ?? unitA;
  const { personId } = await kase(unit);
  return one(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at, triaged_at,
       handled_in_time, registered_by, created_at, updated_at)
     VALUES ($1, $2, 'professional', $3, 'right_wing', $4, 'Deler voldsforherligende materiale', 'received', $2::timestamptz + interval '48 hours', $5, $6, $7, $2, $2) RETURNING id`,
    [unit, c.receivedAt, personId, c.severity ?? 'medium', c.triagedAt ?? null, c.inTime ?? null, staff],
  );
}
async function course(caseId: string, kind: string, startedOn: string, unit = unitA): Promise<string> {
  return one(`INSERT INTO courses (case_id, unit_id, kind, mentor_id, status, started_on, created_at) VALUES ($1, $2, $3, $4, 'active', $5, $5::date) RETURNING id`, [
    caseId, unit, kind, staff, startedOn,
  ]);
}
async function assessment(caseId: string, kind: string, on: string, ratings: Record<string, number | null>, unit = unitA): Promise<void> {
  const id = await one(
    `INSERT INTO assessments (case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at) VALUES ($1, $2, 'national-v1', $3, $4, $5, $4::date) RETURNING id`,
    [caseId, unit, kind, on, staff],
  );
  for (const [dim, risk] of Object.entries(ratings)) {
    await sql(`INSERT INTO assessment_ratings (assessment_id, instrument_id, dimension_code, risk) VALUES ($1, 'national-v1', $2, $3)`, [id, dim, risk]);
  }
}
async function activity(a: { on: string; kind: string; targetGroup?: string; sector?: string; participants: number; unit?: string }): Promise<void> {
  await sql(
    `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, 'Fixture', $4, 'green', $5, $6, $7, $2::date, $2::date)`,
    [a.unit ?? unitA, a.on, a.kind, a.targetGroup ?? 'society', a.sector ?? 'other', a.participants, staff],
  );
}

beforeAll(async () => {
  h = await createHarness();
  unitA = h.units.a;
  unitB = h.units.b;
  staff = (await h.createUser('coordinator', 'a')).id;
});
afterAll(async () => h?.close());

describe('offer_acceptance_rate', () => {
  it('is the share of answered first mentor/coach offers made in the year that were accepted', async () => {
    const first = await offer({ offeredAt: '2016-02-01T10:00:00Z', response: 'accepted' });
    await offer({ offeredAt: '2016-03-01T10:00:00Z', response: 'accepted' });
    await offer({ type: 'relative_coach', offeredAt: '2016-04-01T10:00:00Z', response: 'declined' });
    await offer({ offeredAt: '2016-05-01T10:00:00Z' }); // pending: no answer yet, left out
    await offer({ type: 'exit_course', offeredAt: '2016-06-01T10:00:00Z', response: 'accepted' }); // not a mentor/coach offer
    await offer({ offeredAt: '2016-07-01T10:00:00Z', response: 'accepted', reofferOf: first }); // a re-offer, not a first offer
    await offer({ offeredAt: '2016-07-01T10:00:00Z', response: 'accepted', unit: unitB }); // another unit
    // 00:30 on 1 January 2017 in Copenhagen: belongs to 2017.
    await offer({ offeredAt: '2016-12-31T23:30:00Z', response: 'accepted' });

    expect(strip(await measure('offer_acceptance_rate', 2016))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    expect(strip(await measure('offer_acceptance_rate', 2016, { types: ['exit_course'] }))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    expect(strip(await measure('offer_acceptance_rate', 2017))).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });

  it('is null, not 0%, when nobody was offered', async () => {
    expect(strip(await measure('offer_acceptance_rate', 2015))).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});

describe('reoffer_3m_share and reoffer_6m_share', () => {
  it('count a re-offer only within 3 (6) months of the decline; a late re-offer does not count; open windows wait', async () => {
    const a = await offer({ offeredAt: '2018-01-02T10:00:00Z', response: 'declined', respondedAt: '2018-01-10T10:00:00Z' });
    await offer({ offeredAt: '2018-03-01T10:00:00Z', reofferOf: a });
    const b = await offer({ offeredAt: '2018-01-20T10:00:00Z', response: 'declined', respondedAt: '2018-02-01T10:00:00Z' });
    await offer({ offeredAt: '2018-06-15T10:00:00Z', reofferOf: b }); // late for 3 months, in time for 6
    await offer({ offeredAt: '2018-02-20T10:00:00Z', response: 'declined', respondedAt: '2018-03-01T10:00:00Z' }); // never re-offered
    const d = await offer({ offeredAt: '2018-03-20T10:00:00Z', response: 'no_answer', respondedAt: '2018-04-01T10:00:00Z' });
    await offer({ offeredAt: '2018-12-01T10:00:00Z', reofferOf: d }); // late for both
    await offer({ offeredAt: '2018-11-20T10:00:00Z', response: 'declined', respondedAt: '2018-12-01T10:00:00Z' }); // window still open in January
    await offer({ offeredAt: '2018-03-01T10:00:00Z', response: 'declined', respondedAt: '2018-03-02T10:00:00Z', unit: unitB });

    h.clock.set('2019-01-15T12:00:00Z');
    expect(strip(await measure('reoffer_3m_share', 2018))).toEqual({ value: 25, numerator: 1, denominator: 4 });
    expect(strip(await measure('reoffer_6m_share', 2018))).toEqual({ value: 50, numerator: 2, denominator: 4 });
    // By July both windows of the December decline have passed without a re-offer: it now counts as missed.
    h.clock.set('2019-07-01T12:00:00Z');
    expect(strip(await measure('reoffer_3m_share', 2018))).toEqual({ value: 20, numerator: 1, denominator: 5 });
    expect(strip(await measure('reoffer_6m_share', 2018))).toEqual({ value: 40, numerator: 2, denominator: 5 });
    h.clock.set('2026-03-02T08:00:00Z');
  });
});

describe('triage_in_time_share', () => {
  it('is the share of concerns whose triage deadline fell in the year that were handled in time; untriaged and overdue is late', async () => {
    await concern({ receivedAt: '2019-02-01T10:00:00Z', severity: 'high', triagedAt: '2019-02-01T20:00:00Z', inTime: true });
    await concern({ receivedAt: '2019-03-01T10:00:00Z', severity: 'high', triagedAt: '2019-03-04T10:00:00Z', inTime: false });
    await concern({ receivedAt: '2019-04-01T10:00:00Z', triagedAt: '2019-04-02T10:00:00Z', inTime: true });
    await concern({ receivedAt: '2019-05-01T10:00:00Z', triagedAt: '2019-05-02T10:00:00Z', inTime: true });
    await concern({ receivedAt: '2019-06-01T10:00:00Z' }); // never triaged, its deadline long past: late in 2019
    await concern({ receivedAt: '2019-12-31T10:00:00Z', triagedAt: '2020-01-02T10:00:00Z', inTime: true }); // deadline in 2020
    await concern({ receivedAt: '2019-06-01T10:00:00Z', triagedAt: '2019-06-10T10:00:00Z', inTime: false, unit: unitB });

    expect(strip(await measure('triage_in_time_share', 2019))).toEqual({ value: 60, numerator: 3, denominator: 5 });
    expect(strip(await measure('triage_in_time_share', 2019, { severity: 'high' }))).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect((await measure('triage_in_time_share', 2021)).value).toBeNull();
  });
});

describe('progression_share', () => {
  it('compares start with the six-month (else end) assessment; running courses and unknown ratings are left out', async () => {
    // 1. mentor: violence 3→2, family 2→2, personality unknown at start (ignored): mean change −0.5, improved.
    const c1 = (await kase()).caseId;
    await course(c1, 'mentor', '2019-09-01');
    await assessment(c1, 'start', '2019-09-01', { violence: 3, family: 2, personality: null });
    await assessment(c1, 'six_months', '2020-03-01', { violence: 2, family: 2, personality: 1 });
    // 2. mentor: violence 1→2, worse.
    const c2 = (await kase()).caseId;
    await course(c2, 'mentor', '2019-10-01');
    await assessment(c2, 'start', '2019-10-01', { violence: 1 });
    await assessment(c2, 'six_months', '2020-04-01', { violence: 2 });
    // 3. mentor, still running with only a start assessment: excluded from the denominator.
    const c3 = (await kase()).caseId;
    await course(c3, 'mentor', '2020-01-10');
    await assessment(c3, 'start', '2020-01-10', { violence: 3 });
    // 4. mentor, no six-month assessment but an end assessment: family 2→1, improved.
    const c4 = (await kase()).caseId;
    await course(c4, 'mentor', '2019-06-01');
    await assessment(c4, 'start', '2019-06-01', { family: 2 });
    await assessment(c4, 'end', '2020-05-01', { family: 1 });
    // 5. relative coach, measured on the coached relative's own instrument (migration 0341): conflict handling 1→3,
    // improved. The young person's own assessment (family 2→3, worse) is not what this course is measured by.
    const c5 = (await kase()).caseId;
    const coach5 = await course(c5, 'relative_coach', '2019-11-01');
    await assessment(c5, 'start', '2019-11-01', { family: 2 });
    await assessment(c5, 'six_months', '2020-05-01', { family: 3 });
    for (const [kind, on, rating] of [['start', '2019-11-01', 1], ['six_months', '2020-05-01', 3]] as const) {
      const id = await one(`INSERT INTO coach_assessments (course_id, case_id, unit_id, instrument_id, kind, assessed_on, assessed_by, created_at)
        VALUES ($1, $2, $3, 'relative-coach-v1', $4, $5, $6, $5::date) RETURNING id`, [coach5, c5, unitA, kind, on, staff]);
      await sql(`INSERT INTO coach_assessment_ratings (assessment_id, instrument_id, dimension_code, rating) VALUES ($1, 'relative-coach-v1', 'conflict_handling', $2)`, [id, rating]);
    }
    // 6. mentor: nothing known at both assessments, so no result: excluded.
    const c6 = (await kase()).caseId;
    await course(c6, 'mentor', '2019-11-01');
    await assessment(c6, 'start', '2019-11-01', { violence: null });
    await assessment(c6, 'six_months', '2020-05-01', { violence: 2 });
    // 7. mentor measured in 2021: not in 2020.
    const c7 = (await kase()).caseId;
    await course(c7, 'mentor', '2020-08-01');
    await assessment(c7, 'start', '2020-08-01', { violence: 3 });
    await assessment(c7, 'six_months', '2021-02-01', { violence: 1 });

    expect(strip(await measure('progression_share', 2020, { kind: 'mentor' }))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    expect(strip(await measure('progression_share', 2020, { kind: 'relative_coach' }))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    expect(strip(await measure('progression_share', 2020))).toEqual({ value: 75, numerator: 3, denominator: 4 });
    expect(strip(await measure('progression_share', 2021, { kind: 'mentor' }))).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });
});

describe('follow-up measures', () => {
  async function twelveMonths(type: string, dueOn: string, occupation: string | null): Promise<void> {
    const { caseId } = await kase();
    const offerId = await offer({ type, offeredAt: '2020-01-01T10:00:00Z', response: 'accepted', caseId });
    await sql(
      `INSERT INTO follow_ups (case_id, unit_id, kind, offer_id, due_on, answered_at, answered_by, occupation) VALUES ($1, $2, 'twelve_months_after_offer', $3, $4, $5, $6, $7)`,
      [caseId, unitA, offerId, dueOn, occupation ? `${dueOn}T12:00:00Z` : null, occupation ? staff : null, occupation],
    );
  }
  async function sixMonths(kind: string, answeredAt: string | null, stillAtRisk: boolean | null): Promise<void> {
    const { caseId } = await kase();
    const courseId = await course(caseId, kind, '2021-01-01');
    await sql(
      `INSERT INTO follow_ups (case_id, unit_id, kind, course_id, due_on, answered_at, answered_by, still_at_risk) VALUES ($1, $2, 'six_months_after_course', $3, '2022-01-01', $4, $5, $6)`,
      [caseId, unitA, courseId, answeredAt, answeredAt ? staff : null, stillAtRisk],
    );
  }

  it('education_employment_12m_share: follow-ups due in the year; "unknown" and unanswered count against', async () => {
    await twelveMonths('mentor', '2021-02-01', 'education');
    await twelveMonths('mentor', '2021-05-01', 'neither');
    await twelveMonths('mentor', '2021-06-01', 'unknown');
    await twelveMonths('relative_coach', '2021-07-01', 'employment');
    await twelveMonths('mentor', '2021-08-01', null); // not answered: missed (the default rule)
    await twelveMonths('mentor', '2022-01-15', 'employment'); // due the next year

    expect(strip(await measure('education_employment_12m_share', 2021))).toEqual({ value: 40, numerator: 2, denominator: 5 });
    expect(strip(await measure('education_employment_12m_share', 2021, { types: ['mentor'] }))).toEqual({ value: 25, numerator: 1, denominator: 4 });
    expect(strip(await measure('education_employment_12m_share', 2021, { unanswered: 'excluded' }))).toEqual({ value: 50, numerator: 2, denominator: 4 });
  });

  it('not_at_risk_6m_share: six-month follow-ups due in the year, not still at risk; unanswered counts against', async () => {
    await sixMonths('mentor', '2022-03-01T10:00:00Z', false);
    await sixMonths('mentor', '2022-04-01T10:00:00Z', true);
    await sixMonths('relative_coach', '2022-05-01T10:00:00Z', false);
    await sixMonths('mentor', null, null);
    await sixMonths('mentor', '2023-01-10T10:00:00Z', false); // due in 2022, answered late: counts in 2022

    expect(strip(await measure('not_at_risk_6m_share', 2022))).toEqual({ value: 60, numerator: 3, denominator: 5 });
    expect(strip(await measure('not_at_risk_6m_share', 2022, { kind: 'mentor' }))).toEqual({ value: 50, numerator: 2, denominator: 4 });
    expect(strip(await measure('not_at_risk_6m_share', 2022, { unanswered: 'excluded' }))).toEqual({ value: 75, numerator: 3, denominator: 4 });
  });
});

describe('prevention-work measures', () => {
  beforeAll(async () => {
    await activity({ on: '2023-02-01', kind: 'awareness_talk', sector: 'pupils', participants: 120 });
    await activity({ on: '2023-02-10', kind: 'awareness_talk', targetGroup: 'professionals', sector: 'school', participants: 300 });
    await activity({ on: '2023-03-10', kind: 'awareness_talk', targetGroup: 'professionals', sector: 'psychiatry', participants: 20 });
    await activity({ on: '2023-04-10', kind: 'awareness_talk', targetGroup: 'professionals', sector: 'school', participants: 30 });
    await activity({ on: '2023-05-10', kind: 'theme_day', targetGroup: 'professionals', sector: 'social_services', participants: 80 });
    await activity({ on: '2023-06-10', kind: 'citizen_forum_meeting', sector: 'civil_society', participants: 25 });
    await activity({ on: '2023-09-10', kind: 'citizen_forum_meeting', sector: 'civil_society', participants: 25 });
    await activity({ on: '2023-10-10', kind: 'hearing', sector: 'civil_society', participants: 40 });
    await activity({ on: '2023-11-10', kind: 'outreach', targetGroup: 'group_risk_environment', participants: 10 });
    await activity({ on: '2022-11-10', kind: 'awareness_talk', sector: 'pupils', participants: 500 });
    await activity({ on: '2023-02-01', kind: 'awareness_talk', sector: 'pupils', participants: 999, unit: unitB });
  });

  it('people_reached sums participants, filtered by kind, audience sector or target group', async () => {
    expect((await measure('people_reached', 2023)).value).toBe(650);
    expect((await measure('people_reached', 2023, { audienceSector: 'pupils' })).value).toBe(120);
    expect((await measure('people_reached', 2023, { kind: 'awareness_talk' })).value).toBe(470);
    expect((await measure('people_reached', 2023, { targetGroup: 'professionals' })).value).toBe(430);
    expect((await measure('people_reached', 2024)).value).toBe(0);
  });

  it('people_reached_cumulative sums participants from 1 January of the start year to the end of the year', async () => {
    expect((await measure('people_reached_cumulative', 2023, { sinceYear: 2022 })).value).toBe(1150);
    expect((await measure('people_reached_cumulative', 2023, { sinceYear: 2023 })).value).toBe(650);
    expect((await measure('people_reached_cumulative', 2022, { sinceYear: 2022, audienceSector: 'pupils' })).value).toBe(500);
  });

  it('meetings_held counts activities of the kind; professional_groups_reached counts distinct sectors; milestone is done or not', async () => {
    expect((await measure('meetings_held', 2023, { kind: 'citizen_forum_meeting' })).value).toBe(2);
    expect((await measure('meetings_held', 2023, { kind: 'hearing' })).value).toBe(1);
    expect((await measure('meetings_held', 2023, { kind: 'conference' })).value).toBe(0);
    expect((await measure('professional_groups_reached', 2023)).value).toBe(2);
    expect((await measure('professional_groups_reached', 2023, { groups: ['psychiatry', 'ssp'] })).value).toBe(1);
    // Outreach was held in 2023, but no decision was recorded: the milestone is not done (tests/indicators-as-written.int.test.ts).
    expect((await measure('milestone', 2023, { milestoneKey: 'outreach_concept' })).value).toBe(0);
  });

  it('survey_agreement_share: agree/strongly agree (or yes) among the answers given, by indicator key', async () => {
    const sid = await one(
      `INSERT INTO surveys (unit_id, title, public_token, opens_on, closes_on, created_by, created_at) VALUES ($1, 'Temadag', 'tok-fixture-1', '2023-05-10', '2024-06-01', $2, '2023-05-10') RETURNING id`,
      [unitA, staff],
    );
    const q1 = await one(`INSERT INTO survey_questions (survey_id, unit_id, position, text_da, kind, indicator_key) VALUES ($1, $2, 1, 'Jeg føler mig i stand til at hjælpe', 'agreement', 'theme_day_able_to_help') RETURNING id`, [sid, unitA]);
    const q2 = await one(`INSERT INTO survey_questions (survey_id, unit_id, position, text_da, kind, indicator_key) VALUES ($1, $2, 2, 'Bedre i stand?', 'yes_no', 'parent_course_better_able') RETURNING id`, [sid, unitA]);
    const answers: [string, number | null, number | null][] = [
      ['2023-05-10', 5, 1], ['2023-05-10', 4, 0], ['2023-05-11', 3, 1], ['2023-05-11', 2, null], ['2023-05-12', null, null], ['2023-05-12', 4, null], ['2024-01-02', 5, 1],
    ];
    for (const [on, v1, v2] of answers) {
      const rid = await one(`INSERT INTO survey_responses (survey_id, unit_id, answered_on) VALUES ($1, $2, $3) RETURNING id`, [sid, unitA, on]);
      await sql(`INSERT INTO survey_answers (response_id, question_id, unit_id, value) VALUES ($1, $2, $3, $4), ($1, $5, $3, $6)`, [rid, q1, unitA, v1, q2, v2]);
    }
    expect(strip(await measure('survey_agreement_share', 2023, { indicatorKey: 'theme_day_able_to_help' }))).toEqual({ value: 60, numerator: 3, denominator: 5 });
    expect(strip(await measure('survey_agreement_share', 2023, { indicatorKey: 'parent_course_better_able' }))).toEqual({ value: 66.67, numerator: 2, denominator: 3 });
    expect((await measure('survey_agreement_share', 2023, { indicatorKey: 'nobody_asked' })).value).toBeNull();
  });

  it('local_actors counts forum members with a signed charter who were members during the year', async () => {
    const members: [string, string | null, string, string | null][] = [
      ['Forening A', '2022-03-01', '2022-03-01', null],
      ['Forening B', '2023-06-01', '2023-05-01', null],
      ['Forening C (ingen charter)', null, '2023-01-01', null],
      ['Forening D (udtrådt)', '2021-01-01', '2021-01-01', '2022-12-31'],
      ['Forening E (indtrådt 2024)', '2024-01-10', '2024-01-10', null],
      ['Forening F (charter 2024)', '2024-02-01', '2023-03-01', null],
    ];
    for (const [org, signed, joined, left] of members) {
      await sql(`INSERT INTO forum_members (unit_id, organisation, charter_signed_on, joined_on, left_on) VALUES ($1, $2, $3, $4, $5)`, [unitA, org, signed, joined, left]);
    }
    await sql(`INSERT INTO forum_members (unit_id, organisation, charter_signed_on, joined_on) VALUES ($1, 'Forening i B', '2020-01-01', '2020-01-01')`, [unitB]);
    expect((await measure('local_actors', 2023)).value).toBe(2);
    expect((await measure('local_actors', 2024)).value).toBe(4);
  });
});

describe('count measures', () => {
  it('concerns_received, cases_opened and courses_started count the year in Copenhagen time', async () => {
    await concern({ receivedAt: '2024-01-01T08:00:00Z' });
    await concern({ receivedAt: '2024-06-01T08:00:00Z' });
    await concern({ receivedAt: '2024-12-31T23:30:00Z' }); // 00:30 on 1 January 2025 in Copenhagen
    await concern({ receivedAt: '2024-06-01T08:00:00Z', unit: unitB });
    const k1 = await kase(unitA, '2024-03-01T10:00:00Z');
    await kase(unitA, '2024-09-01T10:00:00Z');
    await kase(unitB, '2024-09-01T10:00:00Z');
    await course(k1.caseId, 'mentor', '2024-02-01');
    await course(k1.caseId, 'relative_coach', '2024-03-01');
    await course(k1.caseId, 'mentor', '2025-01-01');

    expect((await measure('concerns_received', 2024)).value).toBe(2);
    expect((await measure('concerns_received', 2025)).value).toBe(1);
    expect((await measure('cases_opened', 2024)).value).toBe(2);
    expect((await measure('courses_started', 2024)).value).toBe(2);
    expect((await measure('courses_started', 2024, { kind: 'mentor' })).value).toBe(1);
  });

  it('the records behind a figure are returned with it (for the drill-down)', async () => {
    const v = await measure('courses_started', 2024);
    expect(v.recordIds).toHaveLength(2);
  });
});

describe('the 2020-21 plan\'s registers (risk environments, the psychiatry pathway)', () => {
  async function environment(name: string, unit = unitA): Promise<string> {
    return one(`INSERT INTO risk_environments (unit_id, name, started_on, created_by, created_at, updated_at) VALUES ($1, $2, '2019-01-01', $3, now(), now()) RETURNING id`,
      [unit, name, staff]);
  }
  async function outreach(environmentId: string, on: string, unit = unitA): Promise<void> {
    const id = await one(
      `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, created_by, created_at, updated_at)
       VALUES ($1, $2, 'outreach', 'Opsøgende', 'group_risk_environment', 'yellow', 'other', 4, $3, $2::date, $2::date) RETURNING id`, [unit, on, staff]);
    await sql(`INSERT INTO activity_links (activity_id, unit_id, environment_id, linked_by, linked_at) VALUES ($1, $2, $3, $4, now())`, [id, unit, environmentId, staff]);
  }
  async function fromEnvironment(environmentId: string, receivedAt: string, unit = unitA): Promise<string> {
    const id = await concern({ receivedAt, unit });
    await sql(`INSERT INTO concern_environments (concern_id, unit_id, environment_id, received_at, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [id, unit, environmentId, receivedAt, staff]);
    return id;
  }

  it('concerns_from_environment counts the concerns received after the first outreach in their environment ("later concerns")', async () => {
    const park = await environment('Parken');
    const club = await environment('Klubben');
    const quiet = await environment('Uden opsøgende arbejde');
    await outreach(park, '2021-03-01');
    await outreach(park, '2021-09-01'); // a second outreach does not move the start
    await outreach(club, '2021-06-01');
    const before = await fromEnvironment(park, '2021-02-01T10:00:00Z'); // before the outreach: listed, not counted
    const later1 = await fromEnvironment(park, '2021-04-01T10:00:00Z');
    const later2 = await fromEnvironment(club, '2021-07-01T10:00:00Z');
    await fromEnvironment(quiet, '2021-05-01T10:00:00Z'); // no outreach in that environment: not counted
    await concern({ receivedAt: '2021-05-01T10:00:00Z' }); // names no environment: not listed
    const bEnv = await environment('Parken i B', unitB);
    await outreach(bEnv, '2021-01-01', unitB);
    await fromEnvironment(bEnv, '2021-04-01T10:00:00Z', unitB); // another unit's

    const all = await measure('concerns_from_environment', 2021);
    expect(all.value).toBe(2);
    // The records behind it: the four concerns naming an environment of unit A, counted or not.
    expect(all.recordIds).toHaveLength(4);
    expect(all.recordIds).toEqual(expect.arrayContaining([before, later1, later2]));
    // Counting every concern that names an environment would give 4: the rule stated in the parameter decides.
    expect((await measure('concerns_from_environment', 2021, { counting: 'all' })).value).toBe(4);
    expect((await measure('concerns_from_environment', 2021, { environmentId: park })).value).toBe(1);
    expect((await measure('concerns_from_environment', 2021, { environmentId: park, counting: 'all' })).value).toBe(2);
  });

  it('psychiatry_consultations counts the consultations of the year, by outcome', async () => {
    const { caseId } = await kase();
    const k = await concern({ receivedAt: '2022-02-01T10:00:00Z' });
    const add = (on: string, outcome: string, ref: { caseId?: string; concernId?: string }, unit = unitA) => sql(
      `INSERT INTO psychiatry_consultations (unit_id, concern_id, case_id, consulted_on, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [unit, ref.concernId ?? null, ref.caseId ?? null, on, outcome, staff]);
    await add('2022-03-01', 'illness', { concernId: k });
    await add('2022-05-01', 'radicalisation', { caseId });
    await add('2022-06-01', 'both', { caseId });
    await add('2023-01-01', 'illness', { caseId }); // next year
    const other = await kase(unitB);
    await add('2022-05-01', 'illness', { caseId: other.caseId }, unitB);
    expect((await measure('psychiatry_consultations', 2022)).value).toBe(3);
    expect((await measure('psychiatry_consultations', 2022, { outcome: 'illness' })).value).toBe(1);
    expect((await measure('psychiatry_consultations', 2022, { outcome: 'unclear' })).value).toBe(0);
    expect((await measure('psychiatry_consultations', 2023)).value).toBe(1);
  });
});

describe('persons_by_level_year_end', () => {
  it('counts the persons with a case open at the year end at the level; another unit\'s never', async () => {
    const mine = await kase(unitA, '2005-05-01T10:00:00Z');
    await kase(unitB, '2005-05-01T10:00:00Z');
    await sql(`UPDATE cases SET prevention_level = 'yellow', updated_at = '2006-03-01T10:00:00Z' WHERE id = $1`, [mine.caseId]);
    expect((await measure('persons_by_level_year_end', 2005, { level: 'green' })).value).toBe(1);
    expect((await measure('persons_by_level_year_end', 2005, { level: 'yellow' })).value).toBe(0);
    expect((await measure('persons_by_level_year_end', 2006, { level: 'yellow' })).value).toBe(1);
  });
});

describe('catalogue', () => {
  it('every measure of the catalogue is computed by a test above', () => {
    expect(MEASURE_CODES.filter((c) => !tested.has(c))).toEqual([]);
  });
});
