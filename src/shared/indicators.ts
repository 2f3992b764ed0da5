import { z } from 'zod';
import { OFFER_TYPES, CourseKind } from './support.ts';

/**
 * The offer types an indicator may be restricted to: the installed codes (OFFER_TYPES), a list the plan editor offers.
 * Offer types added by an administrator (docs/domain.md, "Vocabularies") are not yet parameters of an indicator.
 */
const OfferTypeParam = z.enum(OFFER_TYPES);

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
  'religious_communities', 'other', 'ssp', 'health']);
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
  /** What is counted, quoting the action plans' own words where a plan asks for it (docs/domain.md). */
  description: string;
  /** How it is counted, in one line, as the dashboard shows it under the indicator (Danish first, then English). */
  howDa: string;
  howEn: string;
  /** The parameters this measure accepts; anything else is refused (400). */
  params: P;
}

const none = z.strictObject({});
const def = <P extends z.ZodType>(d: MeasureDef<P>) => d;
/**
 * What an unanswered follow-up that is due counts as: 'missed' (in the denominator, not in the numerator: the default,
 * so a follow-up nobody answered can never raise the share) or 'excluded' (left out, the share of those answered).
 */
export const UnansweredRule = z.enum(['missed', 'excluded']);
/**
 * Which dimensions progression is measured on: every dimension of the tool (default), or, where the plan says
 * "relevante" factors, only those the coordinator marked on the course (docs/domain.md, "Relevant dimensions of a course").
 */
export const DimensionsRule = z.enum(['all', 'relevant']);
export type DimensionsRule = z.infer<typeof DimensionsRule>;
export type UnansweredRule = z.infer<typeof UnansweredRule>;
const activityFilters = { kind: ActivityKind.optional(), audienceSector: AudienceSector.optional(), targetGroup: TargetGroup.optional() };

/**
 * Measures of the 2020-21 plan's registers (docs/domain.md, "Risk environments and networks", "The psychiatry
 * pathway"), kept in their own block so the catalogue above stays one list per author.
 */
const REGISTER_INDICATORS = {
  concerns_from_environment: def({
    labelDa: 'Antal senere bekymringer fra et risikomiljø', labelEn: 'Later concerns from a risk environment', unit: 'count', source: 'cases',
    description: 'The 2020-21 plan links outreach in risk environments to "the count of later concerns from an environment". Concerns '
      + 'received in the year that name the risk environment they came from (optionally one environment `environmentId`). With '
      + '`counting` after_outreach (the default) a concern counts only when it was received after the first outreach activity linked to that '
      + 'environment; concerns from an environment without outreach, or received before it, are listed but not counted. With `counting` '
      + 'all, every concern naming an environment counts.',
    howDa: 'Bekymringer modtaget i året med et angivet risikomiljø; tæller når modtaget efter første opsøgende aktivitet i miljøet.',
    howEn: 'Concerns received in the year naming a risk environment; counts when received after the first outreach activity there.',
    params: z.strictObject({ environmentId: z.uuid().optional(), counting: z.enum(['after_outreach', 'all']).optional() }),
  }),
  psychiatry_consultations: def({
    labelDa: 'Antal konsultationer med regionspsykiatrien', labelEn: 'Consultations with regional psychiatry', unit: 'count', source: 'cases',
    description: 'The 2020-21 plan\'s psychiatry pathway: consultations with regional psychiatry on a concern or a case held in the year, '
      + 'optionally only those with one outcome (`outcome`: illness, radicalisation, both, unclear).',
    howDa: 'Konsultationer med regionspsykiatrien i året (evt. kun med ét udfald).',
    howEn: 'Consultations with regional psychiatry in the year (optionally of one outcome).',
    params: z.strictObject({ outcome: z.enum(['illness', 'radicalisation', 'both', 'unclear']).optional() }),
  }),
} as const;

export const INDICATORS = {
  offer_acceptance_rate: def({
    labelDa: 'Andel der tager imod tilbud om forløb', labelEn: 'Share accepting an offered course', unit: 'share', source: 'cases',
    description: 'First offers (not re-offers) made in the year, of the given types (default mentor and relative coach), that were accepted. '
      + 'Offers still awaiting an answer are left out.',
    howDa: 'Første tilbud givet i året og besvaret; tæller når tilbuddet er taget imod. Ubesvarede tilbud venter.',
    howEn: 'First offers made in the year and answered; counts when accepted. Unanswered offers wait.',
    params: z.strictObject({ types: z.array(OfferTypeParam).min(1).max(OFFER_TYPES.length).optional() }),
  }),
  reoffer_3m_share: def({
    labelDa: 'Andel genudbudt inden for 3 måneder', labelEn: 'Share re-offered within 3 months', unit: 'share', source: 'cases',
    description: 'First offers declined (or left unanswered) in the year that were offered again within 3 months of the answer. A late re-offer '
      + 'does not count; a decline whose 3 months have not yet run out and has no re-offer yet is left out.',
    howDa: 'Afslag i året; tæller når der er givet nyt tilbud inden for 3 måneder. Afslag hvis frist ikke er udløbet, venter.',
    howEn: 'Declines in the year; counts when re-offered within 3 months. Declines whose window is still open wait.',
    params: none,
  }),
  reoffer_6m_share: def({
    labelDa: 'Andel genudbudt inden for 6 måneder', labelEn: 'Share re-offered within 6 months', unit: 'share', source: 'cases',
    description: 'As the 3-month share, with 6 months.',
    howDa: 'Afslag i året; tæller når der er givet nyt tilbud inden for 6 måneder. Afslag hvis frist ikke er udløbet, venter.',
    howEn: 'Declines in the year; counts when re-offered within 6 months. Declines whose window is still open wait.',
    params: none,
  }),
  triage_in_time_share: def({
    labelDa: 'Andel bekymringer visiteret til tiden', labelEn: 'Share of concerns triaged in time', unit: 'share', source: 'cases',
    description: 'The plan counts the cases "som kræver lokal indsats": every concern received needs a local triage, so the population is every '
      + 'concern whose triage deadline (24/48/72 hours by severity) fell in the year. It counts when it was triaged by the deadline; a concern '
      + 'still untriaged when its deadline has passed counts as late in that year (it is not left out until someone triages it); one whose '
      + 'deadline has not yet come waits.',
    howDa: 'Alle bekymringer med visitationsfrist i året; til tiden når visiteret inden fristen. Ikke visiteret efter fristen = for sent.',
    howEn: 'Every concern whose triage deadline fell in the year; in time when triaged by it. Untriaged after the deadline = late.',
    params: z.strictObject({ severity: SeverityParam.optional() }),
  }),
  progression_share: def({
    labelDa: 'Andel med progression i vurderingsværktøjet', labelEn: 'Share showing progression on the assessment tool', unit: 'share', source: 'cases',
    description: 'The plans ask for "reduktion af bekymringstegn og øget modstandskraft" (2016-17) and progression on "risiko- eller '
      + 'beskyttelsesfaktorer" (2020-21): both risk and resources (protective factors) count. Courses of the kind with a start assessment and a '
      + 'later six-month (or else end) assessment made in the year; a course progressed when, over the dimensions known at both, the risk '
      + 'points it lost plus the resource points it gained are more than zero. A course without a second assessment yet is left out. Where the '
      + 'plan says "relevante" factors (dimensions = relevant), only the dimensions the coordinator marked on the course count, and a course '
      + 'with none marked is left out. A relative-coach course ("styrket relation og øget evne til at håndtere konflikt med den unge") is '
      + 'measured on the coached relative with their own instrument (relative-coach-v1), not on the young person\'s assessment: it '
      + 'progressed when the points gained over the items known at both assessments are more than zero.',
    howDa: 'Forløb med start- og opfølgende vurdering i året; progression når fald i risiko plus stigning i ressourcer er over 0. '
      + 'Pårørendecoaching måles på den pårørendes egen vurdering.',
    howEn: 'Courses with a start and a later assessment in the year; progress when risk fallen plus resources gained is above 0. '
      + 'Relative coaching is measured on the relative\'s own assessment.',
    params: z.strictObject({ kind: CourseKind.optional(), dimensions: DimensionsRule.optional() }),
  }),
  education_employment_12m_share: def({
    labelDa: 'Andel i uddannelse eller beskæftigelse 12 måneder efter tilbud', labelEn: 'Share in education or employment 12 months after the offer',
    unit: 'share', source: 'cases',
    description: 'The plan: "70 % af dem, der tilbydes mentorforløb, er i uddannelse eller beskæftigelse inden for 12 måneder". Twelve-month '
      + 'follow-ups due in the year (offers of the given types), with occupation education or employment. An answer of "unknown" counts in '
      + 'the denominator. A due follow-up nobody answered is never dropped silently: by the stated rule `unanswered` it counts as missed '
      + '(default) or is excluded, and the records list it as unanswered either way.',
    howDa: 'Opfølgninger efter 12 mdr. med forfald i året; tæller ved uddannelse/job. Ubesvarede forfaldne tæller som ikke opfyldt (regel).',
    howEn: '12-month follow-ups due in the year; counts at education/work. Unanswered due ones count as missed (stated rule).',
    params: z.strictObject({ types: z.array(OfferTypeParam).min(1).max(OFFER_TYPES.length).optional(), unanswered: UnansweredRule.optional() }),
  }),
  not_at_risk_6m_share: def({
    labelDa: 'Andel ikke radikaliseringstruet 6 måneder efter forløb', labelEn: 'Share not at risk 6 months after the course', unit: 'share',
    source: 'cases',
    description: 'The plan: "70 % vurderes 6 måneder efter endt mentorforløb ikke at være radikaliseringstruet". Six-month follow-ups after a '
      + 'course due in the year, with the person no longer assessed at risk. A due follow-up nobody answered counts as missed (default) or '
      + 'is excluded by the stated rule `unanswered`.',
    howDa: 'Opfølgninger 6 mdr. efter forløb med forfald i året; tæller når ikke længere truet. Ubesvarede forfaldne tæller som ikke opfyldt (regel).',
    howEn: '6-month follow-ups due in the year; counts when no longer at risk. Unanswered due ones count as missed (stated rule).',
    params: z.strictObject({ kind: CourseKind.optional(), unanswered: UnansweredRule.optional() }),
  }),
  people_reached: def({
    labelDa: 'Antal fremmøder (deltagelser)', labelEn: 'Attendances', unit: 'count', source: 'activities',
    description: 'Where a plan counts people ("min. 1.000 frontmedarbejdere"), VINK counts attendances: the participants recorded at each '
      + 'activity held in the year, optionally of one kind, audience sector or target group. A person who came twice is counted twice.',
    howDa: 'Summen af deltagere ved årets aktiviteter: fremmøder, ikke forskellige personer (én person to gange tæller to).',
    howEn: "Sum of participants at the year's activities: attendances, not distinct people (one person twice counts two).",
    params: z.strictObject(activityFilters),
  }),
  people_reached_cumulative: def({
    labelDa: 'Fremmøder i alt siden planens start', labelEn: 'Attendances in total since a start year', unit: 'count', source: 'activities',
    description: 'A period measure for "omkring 3.000 fagpersoner siden 2016": the attendances (participants) at activities held from 1 January '
      + 'of `sinceYear` to the end of the year, with the same filters as people reached.',
    howDa: 'Summen af deltagere ved aktiviteter fra startåret til og med året: fremmøder, ikke forskellige personer.',
    howEn: 'Sum of participants at activities from the start year up to the year: attendances, not distinct people.',
    params: z.strictObject({ sinceYear: z.number().int().min(2000).max(2100), ...activityFilters }),
  }),
  persons_by_level_year_end: def({
    labelDa: 'Personer på forebyggelsesniveauet ved årets udgang', labelEn: 'Persons at the prevention level at year end', unit: 'count', source: 'cases',
    description: 'The strategy\'s goals ("færre radikaliserede og radikaliseringstruede borgere"): the distinct persons with a case open at the '
      + 'end of the year whose prevention level then (red, yellow or green) is `level`, as a trend across the years. A person with several '
      + 'open cases counts once, at the highest level among them. The level in force at the year\'s end is read from the case\'s level '
      + 'history (case_prevention_levels, migration 0342).',
    howDa: 'Forskellige personer med en åben sag ved årets udgang på niveauet (højeste niveau, hvis flere sager); niveauet som det var 31/12.',
    howEn: 'Distinct persons with a case open at year end at the level (the highest, if several cases); the level as it was on 31/12.',
    params: z.strictObject({ level: z.enum(['red', 'yellow', 'green']) }),
  }),
  survey_agreement_share: def({
    labelDa: 'Andel der erklærer sig enig', labelEn: 'Share agreeing', unit: 'share', source: 'activities',
    description: 'Answers in the year to the survey questions marked with the indicator key: agree or strongly agree (4-5), or yes.',
    howDa: 'Svar i året på de markerede spørgsmål; tæller ved enig/meget enig (4-5) eller ja.',
    howEn: 'Answers in the year to the marked questions; counts at agree/strongly agree (4-5) or yes.',
    params: z.strictObject({ indicatorKey: IndicatorKey }),
  }),
  meetings_held: def({
    labelDa: 'Antal afholdte aktiviteter', labelEn: 'Activities held', unit: 'count', source: 'activities',
    description: 'Activities of the kind held in the year (citizen-forum meetings, hearings, theme days ...).',
    howDa: 'Antal aktiviteter af typen afholdt i året.',
    howEn: 'Activities of the kind held in the year.',
    params: z.strictObject({ kind: ActivityKind }),
  }),
  professional_groups_reached: def({
    labelDa: 'Antal faggrupper nået', labelEn: 'Professional groups reached', unit: 'count', source: 'activities',
    description: 'Distinct audience sectors of professionals reached by activities of the kind (default awareness talks) in the year. Where the '
      + 'plan names its "2 strategisk udvalgte faggrupper" (2020: SSP lokaludvalg and behandlingspsykiatrien), `groups` names them and only '
      + 'those count, so the target of 2 is met only when both chosen groups were reached.',
    howDa: 'Forskellige faggrupper nået ved årets oplæg; er grupperne valgt i planen, tæller kun de valgte.',
    howEn: "Distinct professional groups reached by the year's talks; where the plan chose groups, only those count.",
    params: z.strictObject({ kind: ActivityKind.optional(), groups: z.array(AudienceSector).min(1).max(13).optional() }),
  }),
  local_actors: def({
    labelDa: 'Antal lokale aktører i medborgerforum', labelEn: 'Local actors in the citizen forum', unit: 'count', source: 'activities',
    description: 'Citizen-forum member organisations that had signed the charter of democratic values and were members during the year.',
    howDa: 'Medlemsorganisationer i året, der har underskrevet charteret.',
    howEn: 'Member organisations during the year that had signed the charter.',
    params: none,
  }),
  concerns_received: def({
    labelDa: 'Antal modtagne bekymringer', labelEn: 'Concerns received', unit: 'count', source: 'cases',
    description: 'Concerns received in the year.', howDa: 'Bekymringer modtaget i året.', howEn: 'Concerns received in the year.', params: none,
  }),
  cases_opened: def({
    labelDa: 'Antal oprettede borgersager', labelEn: 'Cases opened', unit: 'count', source: 'cases',
    description: 'Cases opened in the year.', howDa: 'Borgersager oprettet i året.', howEn: 'Cases opened in the year.', params: none,
  }),
  courses_started: def({
    labelDa: 'Antal igangsatte forløb', labelEn: 'Courses started', unit: 'count', source: 'cases',
    description: 'Courses started in the year, optionally of one kind.', howDa: 'Forløb startet i året.', howEn: 'Courses started in the year.',
    params: z.strictObject({ kind: CourseKind.optional() }),
  }),
  milestone: def({
    labelDa: 'Milepæl nået', labelEn: 'Milestone reached', unit: 'count', source: 'activities',
    description: 'For a milestone such as "koncept for opsøgende dialog udviklet / implementeret": done (1) when a decision on the milestone '
      + '`milestoneKey` was recorded in the year with its date, who approved it and the decision document; else 0. Activities alone never '
      + 'make a milestone done.',
    howDa: 'Opfyldt når der i året er registreret en beslutning med dato, godkender og dokument.',
    howEn: 'Done when a decision with date, approver and document was recorded in the year.',
    params: z.strictObject({ milestoneKey: IndicatorKey }),
  }),
  ...REGISTER_INDICATORS,
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
  code: z.string(), labelDa: z.string(), labelEn: z.string(), unit: IndicatorUnit, description: z.string(), howDa: z.string(), howEn: z.string(),
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

/**
 * The one line on how an indicator is counted, for its measure and parameters: the measure's line, and where the
 * parameters narrow what is counted in a way the plan's words depend on, a sentence more.
 */
export function indicatorHow(measure: MeasureCode, params: Record<string, unknown>, lang: 'da' | 'en'): string {
  const base = lang === 'en' ? INDICATORS[measure].howEn : INDICATORS[measure].howDa;
  if (measure === 'progression_share' && params.dimensions === 'relevant') {
    return `${base} ${lang === 'en' ? 'Only the dimensions marked as relevant on the course count.' : 'Kun de dimensioner, der er markeret som relevante på forløbet, tæller.'}`;
  }
  return base;
}
