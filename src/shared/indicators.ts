import { z } from 'zod';
import { OfferType, CourseKind } from './support.ts';

/**
 * The indicator catalogue (docs/domain.md, "Action plans, targets and budget"): every measure an action-plan indicator may
 * use. An indicator names a code from here and its parameters; its actual value is always computed from the recorded
 * work (src/server/modules/plans/indicators.ts), never typed in, so a target can only be met by doing the work.
 *
 * Units: a `share` is a percentage 0-100 of a denominator (null when the denominator is 0: "nobody was offered" is not
 * 0%); a `count` is a plain number (0 is a real zero). A milestone is 1 when done, 0 when not.
 */

export const ACTIVITY_KINDS = ['awareness_talk', 'theme_day', 'network_meeting', 'conference', 'school_course', 'parent_course', 'relative_course',
  'citizen_forum_meeting', 'hearing', 'mosque_network_meeting', 'outreach'] as const;
export const ActivityKind = z.enum(ACTIVITY_KINDS);
export const AudienceSector = z.enum(['school', 'social_services', 'club', 'psychiatry', 'housing', 'police', 'parents', 'pupils', 'civil_society',
  'religious_communities', 'other']);
export const TargetGroup = z.enum(['society', 'group_risk_environment', 'individual', 'professionals']);
export const SeverityParam = z.enum(['acute', 'high', 'medium', 'low']);
const IndicatorKey = z.string().regex(/^[a-z_]{2,60}$/, 'must be lower-case letters and _');

export const IndicatorUnit = z.enum(['share', 'count']);
export type IndicatorUnit = z.infer<typeof IndicatorUnit>;
export const Comparison = z.enum(['at_least', 'at_most', 'equal', 'done']);
export type Comparison = z.infer<typeof Comparison>;

/**
 * Where a measure's figures come from. `cases` measures count records about citizens: analysts see them only as
 * suppressed aggregates and the drill-down lists case records; `activities` measures count prevention work (no
 * personal data).
 */
export type IndicatorSource = 'cases' | 'activities';

interface MeasureDef<P extends z.ZodType> {
  labelDa: string;
  labelEn: string;
  unit: IndicatorUnit;
  source: IndicatorSource;
  description: string;
  /** The parameters this measure accepts; anything else is refused (400). */
  params: P;
}

const none = z.strictObject({});
const def = <P extends z.ZodType>(d: MeasureDef<P>) => d;

export const INDICATORS = {
  offer_acceptance_rate: def({
    labelDa: 'Andel der tager imod tilbud om forløb', labelEn: 'Share accepting an offered course', unit: 'share', source: 'cases',
    description: 'First offers (not re-offers) made in the year, of the given types (default mentor and relative coach), that were accepted. '
      + 'Offers still awaiting an answer are left out.',
    params: z.strictObject({ types: z.array(OfferType).min(1).max(7).optional() }),
  }),
  reoffer_3m_share: def({
    labelDa: 'Andel genudbudt inden for 3 måneder', labelEn: 'Share re-offered within 3 months', unit: 'share', source: 'cases',
    description: 'First offers declined (or left unanswered) in the year that were offered again within 3 months of the answer. A late re-offer '
      + 'does not count; a decline whose 3 months have not yet run out and has no re-offer yet is left out.',
    params: none,
  }),
  reoffer_6m_share: def({
    labelDa: 'Andel genudbudt inden for 6 måneder', labelEn: 'Share re-offered within 6 months', unit: 'share', source: 'cases',
    description: 'As the 3-month share, with 6 months.',
    params: none,
  }),
  triage_in_time_share: def({
    labelDa: 'Andel bekymringer visiteret til tiden', labelEn: 'Share of concerns triaged in time', unit: 'share', source: 'cases',
    description: 'Concerns triaged in the year that were handled within 24/48/72 hours by severity.',
    params: z.strictObject({ severity: SeverityParam.optional() }),
  }),
  progression_share: def({
    labelDa: 'Andel med progression i vurderingsværktøjet', labelEn: 'Share showing progression on the assessment tool', unit: 'share', source: 'cases',
    description: 'Courses of the kind with a start assessment and a later six-month (or else end) assessment made in the year, where the mean '
      + 'risk over the dimensions known at both went down. A course without a second assessment yet is left out.',
    params: z.strictObject({ kind: CourseKind.optional() }),
  }),
  education_employment_12m_share: def({
    labelDa: 'Andel i uddannelse eller beskæftigelse 12 måneder efter tilbud', labelEn: 'Share in education or employment 12 months after the offer',
    unit: 'share', source: 'cases',
    description: 'Twelve-month follow-ups due in the year and answered (offers of the given types), with occupation education or employment. '
      + 'An answer of "unknown" counts in the denominator: an unknown occupation cannot be claimed as met.',
    params: z.strictObject({ types: z.array(OfferType).min(1).max(7).optional() }),
  }),
  not_at_risk_6m_share: def({
    labelDa: 'Andel ikke radikaliseringstruet 6 måneder efter forløb', labelEn: 'Share not at risk 6 months after the course', unit: 'share',
    source: 'cases',
    description: 'Six-month follow-ups after a course answered in the year, with the person no longer assessed at risk.',
    params: z.strictObject({ kind: CourseKind.optional() }),
  }),
  people_reached: def({
    labelDa: 'Antal deltagere nået', labelEn: 'People reached', unit: 'count', source: 'activities',
    description: 'Participants in the activities held in the year, optionally of one kind, audience sector or target group.',
    params: z.strictObject({ kind: ActivityKind.optional(), audienceSector: AudienceSector.optional(), targetGroup: TargetGroup.optional() }),
  }),
  survey_agreement_share: def({
    labelDa: 'Andel der erklærer sig enig', labelEn: 'Share agreeing', unit: 'share', source: 'activities',
    description: 'Answers in the year to the survey questions marked with the indicator key: agree or strongly agree (4-5), or yes.',
    params: z.strictObject({ indicatorKey: IndicatorKey }),
  }),
  meetings_held: def({
    labelDa: 'Antal afholdte aktiviteter', labelEn: 'Activities held', unit: 'count', source: 'activities',
    description: 'Activities of the kind held in the year (citizen-forum meetings, hearings, theme days ...).',
    params: z.strictObject({ kind: ActivityKind }),
  }),
  professional_groups_reached: def({
    labelDa: 'Antal faggrupper nået', labelEn: 'Professional groups reached', unit: 'count', source: 'activities',
    description: 'Distinct audience sectors of professionals reached by activities of the kind (default awareness talks) in the year.',
    params: z.strictObject({ kind: ActivityKind.optional() }),
  }),
  local_actors: def({
    labelDa: 'Antal lokale aktører i medborgerforum', labelEn: 'Local actors in the citizen forum', unit: 'count', source: 'activities',
    description: 'Citizen-forum member organisations that had signed the charter of democratic values and were members during the year.',
    params: none,
  }),
  concerns_received: def({
    labelDa: 'Antal modtagne bekymringer', labelEn: 'Concerns received', unit: 'count', source: 'cases',
    description: 'Concerns received in the year.', params: none,
  }),
  cases_opened: def({
    labelDa: 'Antal oprettede borgersager', labelEn: 'Cases opened', unit: 'count', source: 'cases',
    description: 'Cases opened in the year.', params: none,
  }),
  courses_started: def({
    labelDa: 'Antal igangsatte forløb', labelEn: 'Courses started', unit: 'count', source: 'cases',
    description: 'Courses started in the year, optionally of one kind.', params: z.strictObject({ kind: CourseKind.optional() }),
  }),
  milestone: def({
    labelDa: 'Milepæl nået', labelEn: 'Milestone reached', unit: 'count', source: 'activities',
    description: 'Done (1) when an activity of the kind was recorded in the year, else 0; e.g. "outreach concept developed / implemented".',
    params: z.strictObject({ kind: ActivityKind }),
  }),
} as const;

export type MeasureCode = keyof typeof INDICATORS;
export const MEASURE_CODES = Object.keys(INDICATORS) as MeasureCode[];
export const MeasureCodeSchema = z.enum(MEASURE_CODES as [MeasureCode, ...MeasureCode[]]);

/** True when code is a measure of the catalogue. */
export function isMeasureCode(code: string): code is MeasureCode {
  return Object.hasOwn(INDICATORS, code);
}

/** The comparisons a measure's targets may use: a milestone is done or not; figures are compared. */
export function comparisonsFor(code: MeasureCode): readonly Comparison[] {
  return code === 'milestone' ? ['done'] : ['at_least', 'at_most', 'equal'];
}

/** One catalogue entry as the web app shows it in the indicator picker. */
export const CatalogueEntry = z.object({
  code: z.string(), labelDa: z.string(), labelEn: z.string(), unit: IndicatorUnit, description: z.string(),
});

/** A computed figure. `recordIds` are the records behind it (for the drill-down); never sent to analysts. */
export interface IndicatorValue {
  value: number | null;
  numerator?: number;
  denominator?: number;
  recordIds?: string[];
}

/**
 * Whether an actual meets a target. Shares compare the exact ratio (numerator*100 against target*denominator) so a
 * rounded display value never tips the answer. null when there is no value.
 */
export function targetMet(comparison: Comparison, target: number, v: Pick<IndicatorValue, 'value' | 'numerator' | 'denominator'>): boolean | null {
  if (v.value === null) return null;
  const exact = v.numerator !== undefined && v.denominator !== undefined && v.denominator > 0;
  const lhs = exact ? v.numerator! * 100 : v.value;
  const rhs = exact ? target * v.denominator! : target;
  switch (comparison) {
    case 'at_least': return lhs >= rhs;
    case 'at_most': return lhs <= rhs;
    case 'equal': return lhs === rhs;
    case 'done': return v.value >= 1;
  }
}
