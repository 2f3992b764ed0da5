import type { z } from 'zod';
import { Gender } from '../../../shared/contracts.ts';
import { parseCpr } from '../../../shared/cpr.ts';
import { TRIAGE_HOURS } from '../../../shared/rules.ts';
import { SEVERITIES, triageDeadline } from '../../../shared/concern-workflow.ts';
import {
  ConcernChannel, IdeologyArea,
  type BehaviourIndicator as BehaviourIndicatorSchema,
  type Call as CallSchema,
  type Concern as ConcernSchema,
  type ConcernStatus as ConcernStatusSchema,
  type ConcernSummary as ConcernSummarySchema,
  type InfohusResult as InfohusResultSchema,
  type PersonMatch as PersonMatchSchema,
  type Severity as SeveritySchema,
  type ShareResult as ShareResultSchema,
} from '../../../shared/intake.ts';
import { inOrder } from '../../components/choices.ts';
import { todayInDenmark } from '../../components/format.ts';

/** The web's view of the concern contracts (src/shared/intake.ts): types inferred from the zod schemas. */
export type Severity = z.infer<typeof SeveritySchema>;
export type ConcernStatus = z.infer<typeof ConcernStatusSchema>;
export type BehaviourIndicator = z.infer<typeof BehaviourIndicatorSchema>;
export type PersonMatch = z.infer<typeof PersonMatchSchema>;
export type Concern = z.infer<typeof ConcernSchema>;
export type ConcernSummary = z.infer<typeof ConcernSummarySchema>;
export type Call = z.infer<typeof CallSchema>;
export type ShareResult = z.infer<typeof ShareResultSchema>;
export type InfohusResult = z.infer<typeof InfohusResultSchema>;

/** The choices the intake offers, the usual answer first (the contracts' own values). */
export const IDEOLOGIES = inOrder(IdeologyArea.options, ['other_unclear']);
export const CONCERN_CHANNELS = inOrder(ConcernChannel.options, ['professional', 'partner', 'web_form']);
export const GENDERS = inOrder(Gender.options, ['unknown']);
export { SEVERITIES, TRIAGE_HOURS, triageDeadline };

/** Under 18 today in Denmark (the same rule as the server's isMinor); unknown birth date is not a minor. */
export function isMinor(birthDate: string | null | undefined, now = new Date()): boolean {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return false;
  const adult = `${String(Number(birthDate.slice(0, 4)) + 18).padStart(4, '0')}${birthDate.slice(4)}`;
  return todayInDenmark(now) < adult;
}

/** A date typed the Danish way (15-03-2009, 15.03.2009, 15/3/2009) or as ISO, as YYYY-MM-DD; null if not a date. */
export function parseDanishDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dk = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dk) [d, m, y] = [Number(dk[1]), Number(dk[2]), Number(dk[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The birth date a CPR number gives, or null (the same rule as the server: src/shared/cpr.ts). */
export function birthDateFromCpr(cpr: string): string | null {
  return parseCpr(cpr)?.birthDate ?? null;
}
