import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { ADDABLE_VOCABULARIES, type VocabularyAddInput, type VocabularyName, type VocabularyPatch } from '../../../shared/vocabularies.ts';
import { vocabularyRepo } from './repo.ts';

/**
 * Vocabularies an administrator keeps (docs/domain.md, "Vocabularies"), and the runtime check other modules make of
 * a field that names an entry: only active entries are accepted in new and changed records; old records keep theirs.
 */
export const vocabularies = {
  entries: (s: Scope, vocabulary: VocabularyName) => vocabularyRepo(s).entries(vocabulary),
  admin: async (s: Scope, vocabulary: VocabularyName) =>
    ({ vocabulary, addable: ADDABLE_VOCABULARIES.includes(vocabulary), entries: await vocabularyRepo(s).adminEntries(vocabulary) }),
  add: (s: Scope, vocabulary: VocabularyName, input: VocabularyAddInput) => {
    if (!ADDABLE_VOCABULARIES.includes(vocabulary)) {
      // Checked after the role, so a role that may not manage vocabularies still gets its audited 403.
      return vocabularyRepo(s).addRefused(vocabulary, input.code);
    }
    return vocabularyRepo(s).add(vocabulary, input);
  },
  change: (s: Scope, vocabulary: VocabularyName, code: string, patch: VocabularyPatch) => vocabularyRepo(s).change(vocabulary, code, patch),
  counts: (s: Scope, from: string, to: string) => {
    if (from > to) throw errors.invalidField('to', 'must not be before from');
    return vocabularyRepo(s).counts(from, to);
  },
};

/**
 * Throws a 400 naming field unless every code is an active entry of the vocabulary (a new or changed record may name
 * only active entries; a deactivated one stays on the records that have it).
 */
export async function requireActive(s: Scope, vocabulary: VocabularyName, field: string, codes: readonly string[]): Promise<void> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return;
  const active = new Set(await vocabularyRepo(s).activeCodes(vocabulary, wanted));
  const unknown = wanted.filter((c) => !active.has(c));
  if (unknown.length) throw errors.invalidField(field, `unknown or retired code: ${unknown.join(', ')}`);
}

/** Throws a 400 naming field unless code is an entry of the vocabulary, active or retired (a list's filter). */
export async function requireKnown(s: Scope, vocabulary: VocabularyName, field: string, code: string): Promise<void> {
  const known = await vocabularyRepo(s).knownCodes(vocabulary, [code]);
  if (known.length === 0) throw errors.invalidField(field, `unknown code: ${code}`);
}

/**
 * The online flag, platform and category of a new concern or call (issue 14 item 4; docs/domain.md, "Vocabularies"):
 * a platform implies online, and saying "not online" with a platform is refused; the codes must be active entries.
 */
export async function onlineAndCategory(
  s: Scope, input: { online?: boolean | undefined; onlinePlatform?: string | undefined; category?: string | undefined },
): Promise<{ online: boolean; onlinePlatform: string | null; category: string | null }> {
  if (input.onlinePlatform && input.online === false) {
    throw errors.invalidField('onlinePlatform', 'must be left out when the activity is not online');
  }
  if (input.onlinePlatform) await requireActive(s, 'online_platform', 'onlinePlatform', [input.onlinePlatform]);
  if (input.category) await requireActive(s, 'category', 'category', [input.category]);
  return { online: input.online === true || Boolean(input.onlinePlatform), onlinePlatform: input.onlinePlatform ?? null, category: input.category ?? null };
}
