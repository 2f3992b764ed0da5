/**
 * Fuzzy name matching for duplicate detection: the database selects a bounded candidate set and the similarity is
 * computed here (and in vink_name_similarity, migration 0120). The person search uses pg_trgm over the same folding
 * (migration 0180).
 */

const FOLD: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ß: 'ss', œ: 'oe', ð: 'd', þ: 'th', ł: 'l', đ: 'd' };

/**
 * Lower case, Danish letters folded the way Danes spell them without them (æ→ae, ø→oe, å→aa, so "Åse" = "Aase"),
 * other diacritics removed (é→e, ü→u), punctuation and hyphens to spaces.
 */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[æøåßœðþłđ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The first letter of each name part, for the candidate query (same folding as the SQL in repo.ts). */
export function nameInitials(name: string): string[] {
  return [...new Set(normaliseName(name).split(' ').filter(Boolean).map((t) => t[0]!))];
}

/** Trigrams of each word padded like pg_trgm ("  ali " → "  a", " al", "ali", "li "). */
function trigrams(normalised: string): Set<string> {
  const out = new Set<string>();
  for (const word of normalised.split(' ').filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/**
 * Similarity of two names in [0, 1]: the share of trigrams they have in common (as pg_trgm's similarity()), after
 * normalisation. Word order does not matter.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = trigrams(normaliseName(a));
  const y = trigrams(normaliseName(b));
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const t of x) if (y.has(t)) common++;
  return common / (x.size + y.size - common);
}

/**
 * The person search's pg_trgm word similarity threshold between the folded query and the folded name (persons/repo.ts
 * search): "Provesen"/"Prøvesen" (proevesen) is 0.58, "Soren"/"Søren" (soeren) 0.44.
 */
export const MIN_SEARCH_WORD_SIMILARITY = 0.4;

/** Below this a name is not proposed, whatever the birth date says. */
export const MIN_NAME_SIMILARITY = 0.3;
/** Proposals must reach this combined score. */
export const MIN_MATCH_SCORE = 0.45;
/**
 * A person outside the actor's person.read reach is proposed by name only together with an equal birth date, and
 * only for a name this much alike: "a person with this name and birth date is registered", not "someone with a name
 * like it" (docs/domain.md, "Who uses it"). Small misspellings still match (Mohamed Hasan / Mohammed Hassan).
 */
export const MIN_UNSEEN_NAME_SIMILARITY = 0.5;

/**
 * Combined score of a candidate: the name similarity, lifted by an equal birth date and lowered by a different one.
 * Null when the candidate should not be proposed.
 */
export function matchScore(
  query: { fullName: string; birthDate: string | null },
  candidate: { fullName: string; birthDate: string | null },
): { score: number; matchedOn: 'name_birth_date' | 'name' } | null {
  const name = nameSimilarity(query.fullName, candidate.fullName);
  if (name < MIN_NAME_SIMILARITY) return null;
  let score = name;
  let matchedOn: 'name_birth_date' | 'name' = 'name';
  if (query.birthDate && candidate.birthDate) {
    if (query.birthDate === candidate.birthDate) {
      score = 0.5 + 0.5 * name;
      matchedOn = 'name_birth_date';
    } else score = 0.5 * name;
  } else if (query.birthDate) score = 0.85 * name;
  if (score < MIN_MATCH_SCORE) return null;
  return { score: Math.round(score * 100) / 100, matchedOn };
}

/** "Ali Hassan Østergård" → "A. H. Ø.": shows that a record exists without disclosing how it is spelt. */
export function maskName(fullName: string): string {
  return fullName.trim().split(/\s+/).filter(Boolean).map((t) => `${[...t][0]!.toUpperCase()}.`).join(' ');
}
