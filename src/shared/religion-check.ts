import { RELIGION_TERMS } from './religion-terms.ts';

/**
 * The intake's religion-only check (docs/domain.md, "The flow of a concern", step 2): a behaviour description that
 * names only religious practice, appearance or belief, and no act, is stopped with RELIGION_ONLY_MESSAGE unless the
 * adviser states a reason to save it anyway (ConcernInput.religionOnlyOverride). The same function runs in the
 * browser form and on the server. Word-based, with the term list in ./religion-terms.ts.
 */

export const RELIGION_ONLY_MESSAGE =
  'names only religious practice, appearance or belief and no act: describe the concrete behaviour that worries you (what was said or done, when, towards whom), or state why the concern must be saved as it is';

const FOLD: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ß: 'ss', œ: 'oe', ð: 'd', þ: 'th', ł: 'l', đ: 'd' };

/** Lower case, Danish letters folded (æ→ae, ø→oe, å→aa), other diacritics removed, split into words. */
export function foldWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[æøåßœðþłđ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function matcher(list: readonly string[]): (word: string) => boolean {
  const exact = new Set(list.filter((t) => !t.endsWith('*')));
  const prefixes = list.filter((t) => t.endsWith('*')).map((t) => t.slice(0, -1));
  return (w) => exact.has(w) || prefixes.some((p) => w.startsWith(p));
}
const isReligious = matcher(RELIGION_TERMS.religious);
const isNeutral = matcher(RELIGION_TERMS.neutral);

/**
 * True when the description names religious practice, appearance or belief and nothing else: at least one religious
 * word, and every other word is neutral (a function word, number, time or frequency). A description with any other
 * word (an act: "truer", "threatens", "deler videoer") passes.
 */
export function isReligionOnly(description: string): boolean {
  const words = foldWords(description);
  let religious = false;
  for (const w of words) {
    if (isReligious(w)) religious = true;
    else if (!/^\d+$/.test(w) && !isNeutral(w)) return false;
  }
  return religious;
}

/** The version of the term list a check ran against (stored with an override). */
export const RELIGION_TERMS_VERSION = RELIGION_TERMS.version;
