import { parseCpr } from '../../../shared/cpr.ts';
import { TRIAGE_HOURS } from '../../../shared/rules.ts';
import { triageDeadline } from '../../../shared/concern-workflow.ts';
import { todayInDenmark } from '../../components/format.ts';

/** The web's view of the concern contracts (src/shared/intake.ts). */
export type Severity = 'acute' | 'high' | 'medium' | 'low';
export type ConcernStatus = 'received' | 'police_check' | 'infohus' | 'justified' | 'unfounded' | 'police_took_over';
export type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other';

export const SEVERITIES: readonly Severity[] = ['acute', 'high', 'medium', 'low'];
export const IDEOLOGIES = ['other_unclear', 'militant_islamism', 'right_wing', 'left_wing'] as const;
export const CONCERN_CHANNELS = ['professional', 'partner', 'web_form', 'call'] as const;
export const LEGAL_BASES: readonly LegalBasis[] = ['retsplejeloven_115', 'serviceloven', 'consent', 'other'];
export const GENDERS = ['unknown', 'female', 'male', 'other'] as const;
export { TRIAGE_HOURS, triageDeadline };

export interface BehaviourIndicator {
  code: string;
  labelDa: string;
  labelEn: string;
  position: number;
}

export interface PersonMatch {
  personId: string;
  nameMasked: string;
  birthDate: string | null;
  cprMasked: string | null;
  score: number;
  matchedOn: 'cpr' | 'name_birth_date' | 'name';
}

export interface Concern {
  id: string;
  receivedAt: string;
  channel: string;
  callId: string | null;
  reporter: { anonymous: boolean; name: string | null; contact: string | null; organisation: string | null };
  person: { id: string; fullName: string; birthDate: string | null; cprMasked: string | null; minor: boolean; socialServicesReportDuty: boolean };
  ideologyArea: string;
  severity: Severity;
  acute: boolean;
  behaviourIndicators: string[];
  behaviourDescription: string;
  status: ConcernStatus;
  allowedTransitions: ConcernStatus[];
  deadlineAt: string;
  timeLeftMinutes: number;
  overdue: boolean;
  triagedAt: string | null;
  handledInTime: boolean | null;
  policeCheck: { outcome: 'clear' | 'police_take_over' | 'acute'; checkedAt: string } | null;
  caseId: string | null;
  registeredBy: string;
  version: number;
}

export interface ConcernSummary {
  id: string;
  receivedAt: string;
  channel: string;
  ideologyArea: string;
  severity: Severity;
  acute: boolean;
  status: ConcernStatus;
  deadlineAt: string;
  timeLeftMinutes: number;
  overdue: boolean;
  triagedAt: string | null;
  handledInTime: boolean | null;
  caseId: string | null;
  version: number;
  personId: string;
}

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
