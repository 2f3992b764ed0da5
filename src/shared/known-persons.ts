import { z } from 'zod';
import { parseCpr } from './cpr.ts';

/**
 * "Is this person already known?" across units (docs/domain.md, "Already known elsewhere"): the question at intake
 * with a CPR number and its purpose, and the answer, which is only the units and whom to contact there.
 */
export const KnownPersonQuestion = z.strictObject({
  cpr: z.string().trim().refine((v) => parseCpr(v) !== null, 'must be a CPR number DDMMYY-SSSS with a real date'),
  purpose: z.string().trim().min(3, 'must say why you ask (e.g. intake of a concern)').max(300),
});
export const KnownPersonAnswer = z.object({
  questionId: z.uuid(),
  askedAt: z.string(),
  /** The units with an open case or concern about the person that take part: whom to contact, nothing else. */
  knownIn: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), contact: z.string().nullable(), coordinators: z.string().nullable() })),
});
export type KnownPersonAnswer = z.infer<typeof KnownPersonAnswer>;

export const KnownPersonSettings = z.object({
  unitId: z.uuid(),
  enabled: z.boolean(),
  contact: z.string().nullable(),
  version: z.number().int(),
});
export type KnownPersonSettings = z.infer<typeof KnownPersonSettings>;
export const KnownPersonSettingsInput = z.strictObject({
  enabled: z.boolean(),
  contact: z.string().trim().min(1).max(300).nullable().optional(),
  version: z.number().int().min(0),
});
