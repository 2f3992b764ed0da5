import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';

/**
 * Vocabularies an administrator keeps (docs/domain.md, "Vocabularies"): behaviour indicators, offer types, activity
 * kinds, session forms, reporter and audience sectors, concern categories and online platforms are data (migration
 * 0360), added, renamed and deactivated, never deleted while used. Every label an entry has had is kept with the
 * moment it took effect, so the figures of a past year keep that year's words.
 */

export const VOCABULARIES = [
  'behaviour_indicator', 'offer_type', 'activity_kind', 'session_form', 'reporter_sector', 'audience_sector', 'category', 'online_platform',
] as const;
export const VocabularyName = z.enum(VOCABULARIES);
export type VocabularyName = z.infer<typeof VocabularyName>;

/**
 * The vocabularies whose fields the server checks against the table at runtime, so an administrator may add entries.
 * Reporter and audience sectors are still zod enums in src/shared (watch.ts, prevention.ts, indicators.ts): they can
 * be renamed and deactivated, and a new code needs a release (docs/domain.md, "Vocabularies").
 */
export const ADDABLE_VOCABULARIES: readonly VocabularyName[] = [
  'behaviour_indicator', 'offer_type', 'activity_kind', 'session_form', 'category', 'online_platform',
];

/** A code as stored: lowercase letters and underscores, starting with a letter. */
export const VocabularyCode = z.string().regex(/^[a-z][a-z_]{1,59}$/, 'must be 2-60 lowercase letters or underscores, starting with a letter');

const Label = z.string().trim().min(1).max(200);

/** An entry as every form and page reads it: forms offer the active ones, pages label old records with any. */
export const VocabularyEntry = z.object({
  code: z.string(),
  labelDa: z.string(),
  labelEn: z.string(),
  position: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type VocabularyEntry = z.infer<typeof VocabularyEntry>;

/** The administrator's view of an entry: whether records use it, and every label it has had. */
export const VocabularyAdminEntry = VocabularyEntry.extend({
  inUse: z.boolean(),
  history: z.array(z.object({ labelDa: z.string(), labelEn: z.string(), active: z.boolean(), validFrom: z.string().nullable() })),
});
export type VocabularyAdminEntry = z.infer<typeof VocabularyAdminEntry>;
export const VocabularyAdmin = z.object({ vocabulary: VocabularyName, addable: z.boolean(), entries: z.array(VocabularyAdminEntry) });
export type VocabularyAdmin = z.infer<typeof VocabularyAdmin>;

export const VocabularyParams = z.object({ vocabulary: VocabularyName });
export const VocabularyEntryParams = z.object({ vocabulary: VocabularyName, code: VocabularyCode });
export const VocabularyAddInput = z.strictObject({
  code: VocabularyCode, labelDa: Label, labelEn: Label, position: z.number().int().min(0).max(999).optional(),
});
export type VocabularyAddInput = z.infer<typeof VocabularyAddInput>;
/** Rename, move or (de)activate; the version read, so a stale change is a 409. */
export const VocabularyPatch = z.strictObject({
  version: Version, labelDa: Label.optional(), labelEn: Label.optional(), position: z.number().int().min(0).max(999).optional(), active: z.boolean().optional(),
});
export type VocabularyPatch = z.infer<typeof VocabularyPatch>;

// --- the counts of the vocabularies' values (issue 14 items 4 and 5) -------------------------------------------------

export const VocabularyCountsQuery = z.object({ from: IsoDate, to: IsoDate });
/**
 * One value's count in a period, labelled as it was at the period's end (labelDa/labelEn) and as it is now, with
 * whether it is active now. count is null where a small count is suppressed (analysts).
 */
export const VocabularyCount = z.object({
  vocabulary: VocabularyName,
  code: z.string(),
  labelDa: z.string(),
  labelEn: z.string(),
  currentLabelDa: z.string(),
  currentLabelEn: z.string(),
  active: z.boolean(),
  /**
   * Concerns received (behaviour indicators, categories, online platforms, reporter sectors), offers made (offer
   * types), sessions held (session forms) or activities held (activity kinds, audience sectors) in the period.
   */
  count: z.number().int().nullable(),
  /** Calls received in the period with the value (categories and online platforms; null for the others). */
  calls: z.number().int().nullable(),
});
export const VocabularyCounts = z.object({
  from: z.string(),
  to: z.string(),
  exactCounts: z.boolean(),
  /** Concerns and calls about online activity, concerns about returnees (null where suppressed). */
  flags: z.object({ onlineConcerns: z.number().int().nullable(), onlineCalls: z.number().int().nullable(), returneeConcerns: z.number().int().nullable() }),
  rows: z.array(VocabularyCount),
});
export type VocabularyCounts = z.infer<typeof VocabularyCounts>;
