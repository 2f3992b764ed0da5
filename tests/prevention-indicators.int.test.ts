import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';
import { runScoped } from '../src/server/access/scope.ts';
import { scopedTransaction, systemTransaction } from './helpers/sql.ts';
import type { Actor } from '../src/server/access/actor.ts';
import type { Queryable } from '../src/server/platform/db.ts';
import { activitiesHeld, localActorsInvolved, peopleReached, shareAgreeing } from '../src/server/modules/prevention/index.ts';

/**
 * The indicator helpers the action plan calls, on hand-built fixtures with answers worked out by hand. The period is
 * 2025 (both ends inclusive); unit B's records and records just outside the year must never count. The helpers run
 * inside a real Scope (app role, row-level security), as the plans module will call them.
 */
let h: Harness;
let actorA: Actor;
const FROM = '2025-01-01';
const TO = '2025-12-31';

/** Runs fn in a scoped transaction of a coordinator of unit A. */
function inScope<T>(fn: (tx: Queryable, units: string[]) => Promise<T>): Promise<T> {
  return runScoped(h.ctx, actorA, 'supervision', (s) => fn(scopedTransaction(s), s.actor.unitIds));
}

beforeAll(async () => {
  h = await createHarness();
  const user = await h.createUser('coordinator', 'a');
  actorA = { id: user.id, role: 'coordinator', username: user.username, displayName: 'Koordinator', unitId: h.units.a, unitName: 'A', unitIds: [h.units.a], sessionId: 'test' };
  const { a, b } = h.units;
  await systemTransaction(h.ctx.db, async (tx) => {
    const activity = (unit: string, heldOn: string, kind: string, sector: string, participants: number, organisations: number) =>
      tx.query(
        `INSERT INTO activities (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, organisations, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'Fixture', 'society', 'green', $4, $5, $6, $7, now(), now())`,
        [unit, heldOn, kind, sector, participants, organisations, user.id],
      );
    await activity(a, '2025-01-01', 'theme_day', 'other', 10, 0);
    await activity(a, '2025-02-10', 'awareness_talk', 'school', 40, 3);
    await activity(a, '2025-05-05', 'awareness_talk', 'social_services', 25, 2);
    await activity(a, '2025-06-01', 'school_course', 'pupils', 120, 1);
    await activity(a, '2025-09-09', 'citizen_forum_meeting', 'civil_society', 30, 12);
    await activity(a, '2025-11-11', 'hearing', 'civil_society', 60, 7);
    await activity(a, '2025-12-31', 'theme_day', 'school', 5, 0);
    await activity(a, '2024-12-31', 'awareness_talk', 'school', 100, 20); // the day before the period
    await activity(a, '2026-01-01', 'awareness_talk', 'school', 100, 20); // the day after
    await activity(b, '2025-03-03', 'awareness_talk', 'school', 500, 50); // another unit

    const member = (unit: string, organisation: string, joinedOn: string, leftOn: string | null) =>
      tx.query('INSERT INTO forum_members (unit_id, organisation, joined_on, left_on) VALUES ($1, $2, $3, $4)', [unit, organisation, joinedOn, leftOn]);
    await member(a, 'Foreningen Før', '2020-01-01', null); // active throughout
    await member(a, 'Udtrådt Nytår', '2024-05-01', '2025-01-01'); // left on the first day: active in the period
    await member(a, 'Udtrådt Før', '2024-01-01', '2024-12-31'); // left before the period
    await member(a, 'Nyindmeldt', '2025-12-31', null); // joined on the last day
    await member(a, 'Efter Perioden', '2026-01-01', null); // joined after
    await member(b, 'Anden Kommune', '2020-01-01', null);

    const survey = async (unit: string, token: string, questions: [string, string | null][]) => {
      const sv = await tx.query<{ id: string }>(
        `INSERT INTO surveys (unit_id, title, public_token, opens_on, closes_on, created_by, created_at) VALUES ($1, 'S', $2, '2024-01-01', '2026-12-31', $3, now()) RETURNING id`,
        [unit, token, user.id],
      );
      const ids: string[] = [];
      for (const [i, [kind, key]] of questions.entries()) {
        const q = await tx.query<{ id: string }>(
          `INSERT INTO survey_questions (survey_id, unit_id, position, text_da, kind, indicator_key) VALUES ($1, $2, $3, 'Spørgsmål', $4, $5) RETURNING id`,
          [sv.rows[0]!.id, unit, i + 1, kind, key],
        );
        ids.push(q.rows[0]!.id);
      }
      return { id: sv.rows[0]!.id, questions: ids };
    };
    const respond = async (unit: string, sv: { id: string; questions: string[] }, answeredOn: string, values: (number | null | undefined)[]) => {
      const r = await tx.query<{ id: string }>('INSERT INTO survey_responses (survey_id, unit_id, answered_on) VALUES ($1, $2, $3) RETURNING id', [sv.id, unit, answeredOn]);
      for (const [i, v] of values.entries()) {
        if (v === undefined) continue;
        await tx.query('INSERT INTO survey_answers (response_id, question_id, unit_id, value) VALUES ($1, $2, $3, $4)', [r.rows[0]!.id, sv.questions[i], unit, v]);
      }
    };
    const s1 = await survey(a, 'token-s1', [['agreement', 'able_to_help'], ['yes_no', 'parents_better_able'], ['agreement', null]]);
    await respond(a, s1, '2025-03-01', [5, 1, 5]);
    await respond(a, s1, '2025-03-01', [4, 0]);
    await respond(a, s1, '2025-03-02', [3, null]);
    await respond(a, s1, '2025-04-01', [1]);
    await respond(a, s1, '2025-12-31', [null]);
    await respond(a, s1, '2024-12-31', [5, 1]); // before the period
    const s2 = await survey(a, 'token-s2', [['agreement', 'able_to_help']]);
    await respond(a, s2, '2025-06-01', [5]);
    const s3 = await survey(b, 'token-s3', [['agreement', 'able_to_help']]);
    await respond(b, s3, '2025-06-01', [5]); // another unit
  });
});
afterAll(async () => h?.close());

describe('peopleReached', () => {
  it('sums participants of the activities held in the period, both ends included, in the given units only', async () => {
    expect(await inScope((tx, u) => peopleReached(tx, u, FROM, TO))).toBe(10 + 40 + 25 + 120 + 30 + 60 + 5);
  });
  it('filters by kind, audience sector (one or several) and both together', async () => {
    expect(await inScope((tx, u) => peopleReached(tx, u, FROM, TO, { kind: 'awareness_talk' }))).toBe(65);
    expect(await inScope((tx, u) => peopleReached(tx, u, FROM, TO, { kind: 'awareness_talk', audienceSector: 'school' }))).toBe(40);
    expect(await inScope((tx, u) => peopleReached(tx, u, FROM, TO, { audienceSector: ['school', 'social_services'] }))).toBe(40 + 25 + 5);
    expect(await inScope((tx, u) => peopleReached(tx, u, FROM, TO, { audienceSector: 'pupils' }))).toBe(120);
    expect(await inScope((tx, u) => peopleReached(tx, u, '2025-02-11', '2025-05-05', { kind: 'awareness_talk' }))).toBe(25);
  });
  it('under row-level security, asking for another unit adds nothing', async () => {
    expect(await inScope((tx) => peopleReached(tx, [h.units.a, h.units.b], FROM, TO, { kind: 'awareness_talk' }))).toBe(65);
  });
});

describe('activitiesHeld', () => {
  it('counts the activities of a kind (or kinds) held in the period', async () => {
    expect(await inScope((tx, u) => activitiesHeld(tx, u, FROM, TO, { kind: 'citizen_forum_meeting' }))).toBe(1);
    expect(await inScope((tx, u) => activitiesHeld(tx, u, FROM, TO, { kind: 'awareness_talk' }))).toBe(2);
    expect(await inScope((tx, u) => activitiesHeld(tx, u, FROM, TO, { kind: ['hearing', 'citizen_forum_meeting'] }))).toBe(2);
    expect(await inScope((tx, u) => activitiesHeld(tx, u, FROM, TO, { kind: 'theme_day' }))).toBe(2);
    expect(await inScope((tx, u) => activitiesHeld(tx, u, FROM, TO, { kind: 'outreach' }))).toBe(0);
  });
});

describe('localActorsInvolved', () => {
  it('is the forum members active in the period plus the largest organisation count on one non-forum activity', async () => {
    // Members: Foreningen Før, Udtrådt Nytår (left on the first day), Nyindmeldt (joined on the last day) = 3.
    // Activities: the hearing's 7 (the forum meeting's 12 are the members themselves; 20 lie outside the period).
    expect(await inScope((tx, u) => localActorsInvolved(tx, u, FROM, TO))).toBe(3 + 7);
  });
  it('counts only members when no activity in the period had organisations', async () => {
    expect(await inScope((tx, u) => localActorsInvolved(tx, u, '2025-12-31', '2025-12-31'))).toBe(2 + 0);
  });
});

describe('shareAgreeing', () => {
  it('counts agreeing answers (4-5) over all non-empty answers to the marked questions answered in the period', async () => {
    // able_to_help: 5, 4, 3, 1 (survey 1) and 5 (survey 2); the empty answer and the 2024 answer do not count.
    expect(await inScope((tx, u) => shareAgreeing(tx, u, FROM, TO, { indicatorKey: 'able_to_help' }))).toEqual({ numerator: 3, denominator: 5 });
  });
  it('counts yes (1) as agreeing on a yes/no question', async () => {
    expect(await inScope((tx, u) => shareAgreeing(tx, u, FROM, TO, { indicatorKey: 'parents_better_able' }))).toEqual({ numerator: 1, denominator: 2 });
  });
  it('answers 0/0 for a key nobody answered', async () => {
    expect(await inScope((tx, u) => shareAgreeing(tx, u, FROM, TO, { indicatorKey: 'unknown_key' }))).toEqual({ numerator: 0, denominator: 0 });
  });
});
