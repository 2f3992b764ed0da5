import { AGREEING_VALUES, ANSWER_VALUES, type QuestionKind, type ShownCount } from '../../../shared/prevention.ts';

/**
 * Pure rules of the prevention module: the survey window, the answer scales, agreeing, and small-count suppression.
 * No I/O here, so each rule is tested on its own (rules.test.ts).
 */

/** Counts below this are shown as "<5" to readers who get suppressed figures (analysts: aggregates only). */
export const SMALL_COUNT = 5;

/** True while a survey takes answers: from opensOn through closesOn, both inclusive, on the Danish date today. */
export function isSurveyOpen(opensOn: string, closesOn: string, today: string): boolean {
  return opensOn <= today && today <= closesOn;
}

/** True when value is an allowed answer to a question of kind; null (left unanswered) always fits. */
export function answerFits(kind: QuestionKind, value: number | null): boolean {
  return value === null || ANSWER_VALUES[kind].includes(value);
}

/** True when the answer counts as agreeing: 4 or 5 on the agreement scale, 1 (yes) on a yes/no question. */
export function isAgreeing(kind: QuestionKind, value: number | null): boolean {
  return value !== null && AGREEING_VALUES[kind].includes(value);
}

/** A count as shown to the reader: suppressed counts under 5 (zero included, since "nobody" is also disclosive). */
export function showCount(n: number, suppress: boolean): ShownCount {
  return suppress && n < SMALL_COUNT ? '<5' : n;
}

/**
 * The share agreeing (0..1) as shown. With suppression the share is withheld unless both the agreeing and the
 * not-agreeing counts are at least 5: otherwise share × responses would give back a count shown as "<5".
 */
export function showShare(agreeing: number, responses: number, suppress: boolean): number | null {
  if (responses === 0) return null;
  if (suppress && (agreeing < SMALL_COUNT || responses - agreeing < SMALL_COUNT)) return null;
  return agreeing / responses;
}

/** One problem per bad answer, field named answers[i].questionId / answers[i].value, in input order. */
export function answerProblems(
  answers: readonly { questionId: string; value: number | null }[],
  questions: ReadonlyMap<string, QuestionKind>,
): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const kind = questions.get(a.questionId);
    if (!kind) problems.push({ field: `answers[${i}].questionId`, reason: 'is not a question of this survey' });
    else if (seen.has(a.questionId)) problems.push({ field: `answers[${i}].questionId`, reason: 'answers the same question a second time' });
    else if (!answerFits(kind, a.value)) {
      problems.push({ field: `answers[${i}].value`, reason: `must be one of ${ANSWER_VALUES[kind].join(', ')} or null for a ${kind} question` });
    }
    seen.add(a.questionId);
  });
  return problems;
}
