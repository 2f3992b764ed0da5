import { describe, expect, it } from 'vitest';
import { answerFits, answerProblems, isAgreeing, isSurveyOpen, showCount, showShare } from './rules.ts';

describe('survey window', () => {
  it('is open from opensOn through closesOn, both days included', () => {
    expect(isSurveyOpen('2026-03-02', '2026-03-09', '2026-03-01')).toBe(false);
    expect(isSurveyOpen('2026-03-02', '2026-03-09', '2026-03-02')).toBe(true);
    expect(isSurveyOpen('2026-03-02', '2026-03-09', '2026-03-09')).toBe(true);
    expect(isSurveyOpen('2026-03-02', '2026-03-09', '2026-03-10')).toBe(false);
  });
});

describe('answer scales', () => {
  it('accepts 1..5 for agreement and 0/1 for yes/no, and null (unanswered) for both', () => {
    expect([0, 1, 5, 6].map((v) => answerFits('agreement', v))).toEqual([false, true, true, false]);
    expect([0, 1, 2].map((v) => answerFits('yes_no', v))).toEqual([true, true, false]);
    expect(answerFits('agreement', null)).toBe(true);
  });
  it('counts 4 and 5 as agreeing, and yes (1) on a yes/no question', () => {
    expect([1, 2, 3, 4, 5].filter((v) => isAgreeing('agreement', v))).toEqual([4, 5]);
    expect([0, 1].filter((v) => isAgreeing('yes_no', v))).toEqual([1]);
    expect(isAgreeing('agreement', null)).toBe(false);
  });
  it('names each bad answer as answers[i].questionId or answers[i].value', () => {
    const qs = new Map([['q1', 'agreement' as const], ['q2', 'yes_no' as const]]);
    expect(answerProblems([{ questionId: 'q1', value: 4 }, { questionId: 'q2', value: 1 }], qs)).toEqual([]);
    const problems = answerProblems([
      { questionId: 'q1', value: 0 }, { questionId: 'q9', value: 1 }, { questionId: 'q2', value: 3 }, { questionId: 'q2', value: 1 },
    ], qs);
    expect(problems.map((p) => p.field)).toEqual(['answers[0].value', 'answers[1].questionId', 'answers[2].value', 'answers[3].questionId']);
  });
});

describe('small-count suppression', () => {
  it('shows counts under 5 (zero included) as "<5" only when suppressing', () => {
    expect([0, 4, 5, 12].map((n) => showCount(n, true))).toEqual(['<5', '<5', 5, 12]);
    expect([0, 4].map((n) => showCount(n, false))).toEqual([0, 4]);
  });
  it('withholds a share that would give back a suppressed count', () => {
    expect(showShare(3, 4, false)).toBe(0.75);
    expect(showShare(0, 0, false)).toBeNull();
    expect(showShare(8, 10, true)).toBeNull(); // 2 not agreeing = share × 10
    expect(showShare(4, 20, true)).toBeNull(); // 4 agreeing
    expect(showShare(10, 20, true)).toBe(0.5);
  });
});
