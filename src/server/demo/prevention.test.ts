import { describe, expect, it } from 'vitest';
import { REFERENCE_PLANS } from '../modules/plans/reference.ts';
import { Rng } from './random.ts';
import { generatePreventionWork, generateSpending, PREVENTION_TABLES, split, type BudgetLineRef, type PreventionUnit } from './prevention.ts';

const NOW = new Date('2026-03-02T08:00:00Z');
const unit = (code: '101' | '751' = '101'): PreventionUnit => ({
  unitId: `unit-${code}`, code, firstYear: code === '101' ? 2015 : 2023, staff: ['coord', 'adv1', 'adv2'],
  tracks: { 'vink-2016-17': { 1: 't16-1', 2: 't16-2', 3: 't16-3' }, 'vink-2020-21': { 1: 't20-1', 2: 't20-2', 3: 't20-3', 4: 't20-4' } },
});
const year = (d: unknown) => Number(String(d).slice(0, 4));

describe('split', () => {
  it('gives n parts within the bounds that add up to the total', () => {
    const rng = new Rng(3);
    for (const [total, n, min, max] of [[226, 8, 18, 35], [2140, 89, 18, 30], [84, 4, 10, 30], [5, 1, 1, 10]] as const) {
      const parts = split(rng, total, n, min, max);
      expect(parts).toHaveLength(n);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
      expect(parts.every((p) => p >= min && p <= max)).toBe(true);
    }
  });
});

describe('generatePreventionWork', () => {
  const data = generatePreventionWork(unit(), NOW);

  it('gives the same rows for the same clock, and the same past years for a later clock', () => {
    expect(JSON.stringify(generatePreventionWork(unit(), NOW))).toBe(JSON.stringify(data));
    const later = generatePreventionWork(unit(), new Date('2026-09-01T08:00:00Z'));
    const past = (rows: Record<string, unknown>[]) => JSON.stringify(rows.filter((r) => year(r.held_on) < 2026));
    expect(past(later.activities)).toBe(past(data.activities));
    expect(later.activities.length).toBeGreaterThan(data.activities.length);
  });

  it('records nothing that happens after now', () => {
    const today = NOW.toISOString().slice(0, 10);
    expect(data.activities.filter((a) => String(a.held_on) > today || String(a.created_at) > NOW.toISOString())).toEqual([]);
    expect(data.survey_responses.filter((r) => String(r.answered_on) > today)).toEqual([]);
    expect(data.forum_members.filter((m) => String(m.joined_on) > today)).toEqual([]);
    expect(data.surveys.filter((s) => String(s.created_at) > NOW.toISOString())).toEqual([]);
  });

  it('marks survey questions with exactly the indicator keys the reference plans measure, and lands 70–90% agreeing a year', () => {
    const planKeys = new Set(REFERENCE_PLANS.flatMap((p) => p.indicators.map((i) => i.params.indicatorKey)).filter(Boolean));
    const used = new Set(data.survey_questions.map((q) => q.indicator_key).filter(Boolean));
    expect([...used].sort()).toEqual([...planKeys].sort());
    const keyOf = new Map(data.survey_questions.map((q) => [q.id, q.indicator_key]));
    const answeredOn = new Map(data.survey_responses.map((r) => [r.id, r.answered_on]));
    for (const key of used) {
      for (const y of [2016, 2017, 2020, 2021]) {
        const answers = data.survey_answers.filter((a) => keyOf.get(a.question_id) === key && year(answeredOn.get(a.response_id)) === y);
        const share = answers.filter((a) => Number(a.value) >= 4).length / answers.length;
        expect(share, `${key} ${y}`).toBeGreaterThanOrEqual(0.7);
        expect(share, `${key} ${y}`).toBeLessThanOrEqual(0.9);
      }
    }
  });

  it('keeps participants realistic and describes no participant', () => {
    for (const a of data.activities.filter((x) => x.kind === 'awareness_talk' && x.target_group === 'professionals')) {
      expect(Number(a.participants)).toBeGreaterThanOrEqual(15);
      expect(Number(a.participants)).toBeLessThanOrEqual(60);
    }
    expect(data.activities.every((a) => a.notes === null)).toBe(true);
    expect(new Set(data.activities.map((a) => a.created_by))).toEqual(new Set(['coord', 'adv1', 'adv2']));
  });

  it('holds outreach only from 2020, when the plan developed its concept, and gives a small unit no citizen forum', () => {
    expect(Math.min(...data.activities.filter((a) => a.kind === 'outreach').map((a) => year(a.held_on)))).toBe(2020);
    const small = generatePreventionWork(unit('751'), NOW);
    expect(small.forum_members).toEqual([]);
    expect(Math.min(...small.activities.map((a) => year(a.held_on)))).toBe(2023);
    expect(small.activities.every((a) => a.track_id === null)).toBe(true);
  });

  it('writes rows of one shape per table', () => {
    for (const t of PREVENTION_TABLES) expect(new Set(data[t].map((r) => Object.keys(r).join(','))).size, t).toBeLessThanOrEqual(1);
  });
});

describe('generateSpending', () => {
  const lines: BudgetLineRef[] = REFERENCE_PLANS.flatMap((p) => p.budget.map((b, i) => ({
    id: `${p.key}-${i}`, planKey: p.key, year: b.year, track: b.track, fundingSource: b.fundingSource, amountDkk: b.amountDkk,
  })));
  const entries = generateSpending('u', lines, 'manager', NOW);

  it('spends 86–104% of each line in twelve monthly entries within its year', () => {
    for (const line of lines) {
      const own = entries.filter((e) => e.budget_line_id === line.id);
      expect(own).toHaveLength(12);
      expect(new Set(own.map((e) => String(e.spent_on).slice(0, 7))).size).toBe(12);
      expect(own.every((e) => year(e.spent_on) === line.year)).toBe(true);
      const spent = own.reduce((s, e) => s + Number(e.amount_dkk), 0);
      expect(spent / line.amountDkk).toBeGreaterThanOrEqual(0.86);
      expect(spent / line.amountDkk).toBeLessThanOrEqual(1.04);
    }
  });

  it('does not depend on which other lines are spent, and writes nothing after now', () => {
    const alone = generateSpending('u', [lines[5]!], 'manager', NOW);
    expect(alone).toEqual(entries.filter((e) => e.budget_line_id === lines[5]!.id));
    const early = generateSpending('u', lines, 'manager', new Date('2021-06-15T12:00:00Z'));
    expect(early.every((e) => String(e.created_at) <= '2021-06-15T12:00:00.000Z')).toBe(true);
    expect(early.filter((e) => year(e.spent_on) === 2021).length).toBeGreaterThan(0);
  });
});
