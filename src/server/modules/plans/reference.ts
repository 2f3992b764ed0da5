import type { Comparison, MeasureCode } from '../../../shared/indicators.ts';

/**
 * VINK's published action plans as reference data (docs/domain.md, "Action plans, targets and budget", and the
 * seeds: "Handleplan 2016-17: VINK Styrket indsats mod radikalisering", April 2016, "VINK's handleplan 2020-21", the
 * budget proposal "BI2 Styrkelse af Viden · Inklusion · København – VINK" (rev. 29 August 2014) for 2015-18, and the
 * 23.2 M DKK that Budget 2016 set aside for 2016-19).
 * Targets and budgets are the plans' own; where the plans leave something open, the comment says what we chose.
 * Pure data: repo.ts installs it (installReferencePlansInTrx in service.ts).
 */

interface RefIndicator {
  track: number | null;
  measure: MeasureCode;
  params: Record<string, unknown>;
  labelDa: string;
  labelEn: string;
  targets: { year: number; comparison: Comparison; target: number }[];
}
/** fte: a staffing line ("3 årsværk (1,8 mio. kr.)"); otherwise a money line. */
interface RefBudget { track: number | null; year: number; fundingSource: string; amountDkk: number; label: string | null; fte?: number }
interface RefTrack { name: string; kind: 'track' | 'target_group'; purpose: string | null }
interface RefPlan {
  key: string; name: string; firstYear: number; lastYear: number; tracks: (string | RefTrack)[]; indicators: RefIndicator[]; budget: RefBudget[];
  /** Who adopted it; the sources give no exact date, so none is invented (approvedOn null). */
  committee: string; approvedOn: string | null;
}

const each = (years: number[], comparison: Comparison, target: number) => years.map((year) => ({ year, comparison, target }));
const Y16 = [2016, 2017];
const Y20 = [2020, 2021];

const B2015 = 'Budget 2015';
const B2016 = 'Budget 2016';
const UIM = 'Udlændinge-, Integrations- og Boligministeriet (national hotline)';

const PLAN_2016: RefPlan = {
  key: 'vink-2016-17',
  name: 'Handleplan 2016-17: VINK – styrket indsats mod radikalisering',
  firstYear: 2016,
  lastYear: 2017,
  committee: 'Beskæftigelses- og Integrationsudvalget',
  approvedOn: null,
  tracks: ['Håndtering af bekymringer', 'Rådgivning og opkvalificering af frontpersonale', 'Understøttende indsatser i civilsamfundet'],
  // The plan states its result targets for the plan without a split by year, except the citizen forum's meetings
  // and hearings; we apply each undivided target to both years.
  indicators: [
    { track: 1, measure: 'offer_acceptance_rate', params: { types: ['mentor', 'relative_coach'] },
      labelDa: 'Min. 60 % af de unge/forældre, der tilbydes frivilligt 1-1 forløb med mentor eller forældrecoach, tager imod tilbuddet',
      labelEn: 'At least 60% of those offered a voluntary 1-1 mentor or parent-coach course accept', targets: each(Y16, 'at_least', 60) },
    { track: 1, measure: 'reoffer_3m_share', params: {},
      labelDa: '100 % af dem, der afviser et forløb, tilbydes forløb igen inden for 3 måneder',
      labelEn: '100% of those who decline are offered a course again within 3 months', targets: each(Y16, 'at_least', 100) },
    { track: 1, measure: 'reoffer_6m_share', params: {},
      labelDa: '100 % af dem, der afviser et forløb, tilbydes forløb igen inden for 6 måneder',
      labelEn: '100% of those who decline are offered a course again within 6 months', targets: each(Y16, 'at_least', 100) },
    { track: 1, measure: 'education_employment_12m_share', params: { types: ['mentor'] },
      labelDa: '70 % af dem, der tilbydes mentorforløb, er i uddannelse eller beskæftigelse inden for 12 måneder',
      labelEn: '70% of those offered a mentor course are in education or employment within 12 months', targets: each(Y16, 'at_least', 70) },
    { track: 1, measure: 'not_at_risk_6m_share', params: { kind: 'mentor' },
      labelDa: '70 % vurderes 6 måneder efter endt mentorforløb ikke at være radikaliseringstruet',
      labelEn: '70% are assessed not at risk 6 months after the mentor course', targets: each(Y16, 'at_least', 70) },
    // "Som udgangspunkt" (as a rule) all cases are passed on within 24/48/72 hours: the target is all of them.
    { track: 1, measure: 'triage_in_time_share', params: {},
      labelDa: 'Alle sager visiteres videre inden for 24, 48 eller 72 timer efter alvorlighed',
      labelEn: 'All cases passed on within 24, 48 or 72 hours by severity', targets: each(Y16, 'at_least', 100) },
    { track: 1, measure: 'progression_share', params: { kind: 'mentor' },
      labelDa: '60 % af deltagerne i 1-1 mentorforløb oplever progression',
      labelEn: '60% of 1-1 mentor course participants show progression', targets: each(Y16, 'at_least', 60) },
    { track: 1, measure: 'progression_share', params: { kind: 'relative_coach' },
      labelDa: '70 % af deltagerne i 1-1 forældrecoachforløb oplever progression',
      labelEn: '70% of 1-1 parent-coach course participants show progression', targets: each(Y16, 'at_least', 70) },
    { track: 2, measure: 'people_reached', params: { targetGroup: 'professionals' },
      labelDa: 'Viden om radikalisering udbredes til min. 1.000 frontmedarbejdere med ungekontakt',
      labelEn: 'Knowledge reaches at least 1,000 front-line staff working with young people', targets: each(Y16, 'at_least', 1000) },
    { track: 2, measure: 'people_reached', params: { kind: 'awareness_talk', audienceSector: 'parents' },
      labelDa: '100 forældre til unge har deltaget i oplæg om radikalisering',
      labelEn: '100 parents have attended a talk on radicalisation', targets: each(Y16, 'at_least', 100) },
    { track: 2, measure: 'people_reached', params: { kind: 'awareness_talk', audienceSector: 'pupils' },
      labelDa: '200 skoleelever/unge i ungdomsklubber har deltaget i oplæg om radikalisering og demokratiske rettigheder',
      labelEn: '200 pupils / youth-club members have attended a talk on radicalisation and democratic rights', targets: each(Y16, 'at_least', 200) },
    { track: 2, measure: 'survey_agreement_share', params: { indicatorKey: 'theme_day_able_to_help' },
      labelDa: '80 % af deltagerne i VINKs temadage oplever sig i stand til at hjælpe unge udfordret af ekstremistiske fællesskaber',
      labelEn: "80% of theme-day participants feel able to help young people challenged by extremist communities", targets: each(Y16, 'at_least', 80) },
    { track: 3, measure: 'meetings_held', params: { kind: 'citizen_forum_meeting' },
      labelDa: 'Møder i medborgerforum: 2 i 2016 og 4 i 2017', labelEn: 'Citizen-forum meetings: 2 in 2016 and 4 in 2017',
      targets: [{ year: 2016, comparison: 'at_least', target: 2 }, { year: 2017, comparison: 'at_least', target: 4 }] },
    { track: 3, measure: 'meetings_held', params: { kind: 'hearing' },
      labelDa: 'Åbne høringsarrangementer: 1 i 2016 og 2 i 2017', labelEn: 'Open hearings: 1 in 2016 and 2 in 2017',
      targets: [{ year: 2016, comparison: 'at_least', target: 1 }, { year: 2017, comparison: 'at_least', target: 2 }] },
    { track: 3, measure: 'local_actors', params: {},
      labelDa: 'Min. 15 lokale aktører og foreninger inddrages i medborgerforum',
      labelEn: 'At least 15 local actors and associations take part in the citizen forum', targets: each(Y16, 'at_least', 15) },
    { track: 3, measure: 'survey_agreement_share', params: { indicatorKey: 'parent_course_better_able' },
      labelDa: '80 % af deltagerne i forældre- og pårørendekurser oplever sig bedre i stand til at støtte de unge',
      labelEn: '80% of parent/relative course participants feel better able to support the young people', targets: each(Y16, 'at_least', 80) },
  ],
  // The plan's economy: 4.1 M DKK in 2016 (1.8 Budget 2015 + 1.8 Budget 2016 + 0.5 ministry) and 6.2 M DKK in 2017
  // (1.8 + 3.6 + 0.8). Each track's section gives its own split by source; the remainder of each source (1.75 M in
  // 2016, 2.35 M in 2017, which includes VINK's 3 resp. 4 staff years) is not assigned to a track in the plan, so it
  // is a line without a track.
  budget: [
    { track: 1, year: 2016, fundingSource: B2015, amountDkk: 200_000, label: null },
    { track: 1, year: 2016, fundingSource: B2016, amountDkk: 800_000, label: null },
    { track: 1, year: 2016, fundingSource: UIM, amountDkk: 500_000, label: 'Den nationale hotline' },
    { track: 2, year: 2016, fundingSource: B2015, amountDkk: 200_000, label: null },
    { track: 2, year: 2016, fundingSource: B2016, amountDkk: 150_000, label: null },
    { track: 3, year: 2016, fundingSource: B2015, amountDkk: 200_000, label: null },
    { track: 3, year: 2016, fundingSource: B2016, amountDkk: 300_000, label: null },
    { track: null, year: 2016, fundingSource: B2015, amountDkk: 1_200_000, label: 'VINK i øvrigt (ikke fordelt på spor i handleplanen)' },
    { track: null, year: 2016, fundingSource: B2016, amountDkk: 550_000, label: 'VINK i øvrigt (ikke fordelt på spor i handleplanen)' },
    { track: 1, year: 2017, fundingSource: B2015, amountDkk: 200_000, label: null },
    { track: 1, year: 2017, fundingSource: B2016, amountDkk: 1_450_000, label: null },
    { track: 1, year: 2017, fundingSource: UIM, amountDkk: 800_000, label: 'Den nationale hotline' },
    { track: 2, year: 2017, fundingSource: B2015, amountDkk: 200_000, label: null },
    { track: 2, year: 2017, fundingSource: B2016, amountDkk: 300_000, label: null },
    { track: 3, year: 2017, fundingSource: B2015, amountDkk: 200_000, label: null },
    { track: 3, year: 2017, fundingSource: B2016, amountDkk: 700_000, label: null },
    { track: null, year: 2017, fundingSource: B2015, amountDkk: 1_200_000, label: 'VINK i øvrigt (ikke fordelt på spor i handleplanen)' },
    { track: null, year: 2017, fundingSource: B2016, amountDkk: 1_150_000, label: 'VINK i øvrigt (ikke fordelt på spor i handleplanen)' },
  ],
};

const PLAN_2020: RefPlan = {
  key: 'vink-2020-21',
  name: "VINK's handleplan 2020-21",
  firstYear: 2020,
  lastYear: 2021,
  committee: 'Beskæftigelses- og Integrationsudvalget',
  approvedOn: null,
  tracks: ['Unge, forældre og foreninger', 'Risikomiljøer for ekstremisme', 'Individer i ekstremistiske miljøer eller i risiko for radikalisering',
    'Fagpersoner med kontakt til sårbare borgere'],
  indicators: [
    { track: 1, measure: 'people_reached', params: { kind: 'school_course' },
      labelDa: '2.000 elever indgår i målrettede undervisningsforløb', labelEn: '2,000 pupils take part in targeted school courses', targets: each(Y20, 'at_least', 2000) },
    { track: 1, measure: 'people_reached', params: { kind: 'parent_course' },
      labelDa: '100 forældre deltager i forløb om at tale med deres børn om propaganda og negative fællesskaber',
      labelEn: '100 parents take part in courses on talking with their children about propaganda and negative communities', targets: each(Y20, 'at_least', 100) },
    // A milestone is met by a recorded decision (date, who approved, document), not by outreach merely happening.
    { track: 2, measure: 'milestone', params: { milestoneKey: 'outreach_concept_developed' },
      labelDa: '2020: Koncept for opsøgende dialog med risikomiljøer udviklet og afprøvet',
      labelEn: '2020: Concept for outreach dialogue with risk environments developed and tested', targets: [{ year: 2020, comparison: 'done', target: 1 }] },
    { track: 2, measure: 'milestone', params: { milestoneKey: 'outreach_concept_implemented' },
      labelDa: '2021: Konceptet justeret og implementeret over for forskellige risikomiljøer',
      labelEn: '2021: Concept adjusted and implemented towards different risk environments', targets: [{ year: 2021, comparison: 'done', target: 1 }] },
    // The 2020-21 plan asks for progression after 6 months of a mentor or relative-coach course but names no share;
    // the 2016-17 plan's 60% (mentor) and 70% (coach) are carried forward as the targets.
    { track: 3, measure: 'progression_share', params: { kind: 'mentor' },
      labelDa: 'Borgere i mentorforløb opnår progression i det nationale vurderingsværktøj efter 6 måneder (60 %, videreført fra 2016-17)',
      labelEn: 'Mentor course participants progress on the national assessment tool after 6 months (60%, carried over from 2016-17)',
      targets: each(Y20, 'at_least', 60) },
    { track: 3, measure: 'progression_share', params: { kind: 'relative_coach' },
      labelDa: 'Pårørende i coachforløb opnår progression efter 6 måneder (70 %, videreført fra 2016-17)',
      labelEn: 'Relative-coach course participants progress after 6 months (70%, carried over from 2016-17)', targets: each(Y20, 'at_least', 70) },
    // 2020 names its two groups ("i 2020 forventes det at være SSP lokaludvalg og behandlingspsykiatrien"): met only
    // when both were reached. 2021 leaves the groups open.
    { track: 4, measure: 'professional_groups_reached', params: { kind: 'awareness_talk', groups: ['ssp', 'psychiatry'] },
      labelDa: '2020: Opmærksomhedsoplæg for 2 strategisk udvalgte faggrupper af frontpersonale (SSP lokaludvalg og behandlingspsykiatrien)',
      labelEn: '2020: Awareness talks for 2 strategically chosen professional groups (SSP local committees and treatment psychiatry)',
      targets: [{ year: 2020, comparison: 'at_least', target: 2 }] },
    { track: 4, measure: 'professional_groups_reached', params: { kind: 'awareness_talk' },
      labelDa: '2021: Opmærksomhedsoplæg for 2 strategisk udvalgte faggrupper af frontpersonale',
      labelEn: '2021: Awareness talks for 2 strategically chosen professional groups of front-line staff', targets: [{ year: 2021, comparison: 'at_least', target: 2 }] },
    // "Siden 2016 har VINK afholdt opmærksomhedsoplæg for omkring 3.000 fagpersoner": a period figure, without a target.
    { track: 4, measure: 'people_reached_cumulative', params: { sinceYear: 2016, kind: 'awareness_talk', targetGroup: 'professionals' },
      labelDa: 'Fremmøder ved opmærksomhedsoplæg for fagpersoner siden 2016 ("omkring 3.000 fagpersoner")',
      labelEn: 'Attendances at awareness talks for professionals since 2016 ("about 3,000 professionals")', targets: [] },
    { track: 4, measure: 'meetings_held', params: { kind: 'theme_day' },
      labelDa: 'En temadag for medarbejdere og relevante aktører', labelEn: 'A theme day for staff and relevant actors', targets: each(Y20, 'at_least', 1) },
    // The strategy's goals ("færre radikaliserede og radikaliseringstruede borgere"): the persons at the red and yellow
    // levels at each year's end, a trend without a number to reach (the plan names none).
    { track: 3, measure: 'persons_by_level_year_end', params: { level: 'red' },
      labelDa: 'Færre radikaliserede borgere: personer på rødt niveau ved årets udgang',
      labelEn: 'Fewer radicalised citizens: persons at the red level at year end', targets: [] },
    { track: 3, measure: 'persons_by_level_year_end', params: { level: 'yellow' },
      labelDa: 'Færre radikaliseringstruede borgere: personer på gult niveau ved årets udgang',
      labelEn: 'Fewer citizens at risk of radicalisation: persons at the yellow level at year end', targets: [] },
  ],
  // 4.6 M DKK a year (2.4 from Budget 2019 + 2.2 from Budget 2020) plus 0.4 M DKK a year from the rate pool for the
  // national hotline. The plan does not split the budget by target group, so the lines carry no track.
  budget: Y20.flatMap((year) => [
    { track: null, year, fundingSource: 'Budget 2019', amountDkk: 2_400_000, label: 'Midler fra Budget 2019 (ikke fordelt på målgrupper i handleplanen)' },
    { track: null, year, fundingSource: 'Budget 2020', amountDkk: 2_200_000, label: 'Midler fra Budget 2020 (ikke fordelt på målgrupper i handleplanen)' },
    { track: null, year, fundingSource: 'Satspuljemidler', amountDkk: 400_000, label: 'National hotline' },
  ]),
};

const Y15 = [2015, 2016, 2017, 2018];
const BI2 = 'Budget 2015 (BI2, Sikker By)';

/**
 * BI2 2015-18: the budget proposal that carried VINK on after 2014, with two tracks, yearly reach targets ("minimum
 * 100 frontmedarbejdere ... 100 forældre ... 200 elever/ungdomsklubmedlemmer årligt"), 80 % targets and a yearly
 * budget of 1.8 M DKK, of which 2 staff years (1.2 M DKK at the standard 600,000 DKK per staff year).
 */
const PLAN_BI2: RefPlan = {
  key: 'vink-bi2-2015-18',
  name: 'BI2 Styrkelse af Viden · Inklusion · København – VINK (2015-18)',
  firstYear: 2015,
  lastYear: 2018,
  committee: 'Borgerrepræsentationen (Budget 2015)',
  approvedOn: null,
  tracks: [
    { name: 'Vidensopbygning og rådgivning – tættere på drift og borgere', kind: 'track',
      purpose: 'Nye værktøjer og metoder til frontmedarbejderne, øget dialog og inddragelse af unge, forældre og NGO’er, mentor til unge og coaching til forældre.' },
    { name: 'Styrket samarbejde med SSP og DKA (Københavns Politi)', kind: 'track',
      purpose: 'Øget frekvens i samarbejde og koordination om bekymringssager, flere hjemmebesøg og flere vidensoplæg til lokalpolitiet.' },
  ],
  indicators: [
    { track: 1, measure: 'people_reached', params: { targetGroup: 'professionals' },
      labelDa: 'Viden om radikalisering udbredes til minimum 100 frontmedarbejdere med ungekontakt årligt',
      labelEn: 'Knowledge reaches at least 100 front-line staff working with young people a year', targets: each(Y15, 'at_least', 100) },
    { track: 1, measure: 'people_reached', params: { audienceSector: 'parents' },
      labelDa: '100 forældre til unge i risiko for ekstremistiske fællesskabers påvirkning årligt',
      labelEn: '100 parents of young people at risk of extremist communities a year', targets: each(Y15, 'at_least', 100) },
    { track: 1, measure: 'people_reached', params: { audienceSector: 'pupils' },
      labelDa: '200 elever/ungdomsklubmedlemmer årligt', labelEn: '200 pupils / youth-club members a year', targets: each(Y15, 'at_least', 200) },
    { track: 1, measure: 'survey_agreement_share', params: { indicatorKey: 'theme_day_able_to_help' },
      labelDa: '80 % af de deltagende frontmedarbejdere og forældre oplever sig i stand til at hjælpe unge, der er udfordret af ekstremistiske fællesskabers påvirkning',
      labelEn: '80% of participating front-line staff and parents feel able to help young people challenged by extremist communities', targets: each(Y15, 'at_least', 80) },
    { track: 1, measure: 'progression_share', params: { kind: 'mentor' },
      labelDa: '80 % af deltagerne i 1-1 mentorforløb oplever progression ift. reduktion af bekymringstegn og modstandskraft',
      labelEn: '80% of 1-1 mentor course participants progress in fewer concern signs and resilience', targets: each(Y15, 'at_least', 80) },
    { track: 1, measure: 'progression_share', params: { kind: 'relative_coach' },
      labelDa: '80 % af deltagerne i 1-1 forældrecoachforløb oplever progression ift. støtte af den unge, styrket relation og øget evne til at håndtere konflikt',
      labelEn: '80% of 1-1 parent-coach participants progress in supporting the young person, relation and handling conflict', targets: each(Y15, 'at_least', 80) },
  ],
  budget: Y15.flatMap((year) => [
    { track: null, year, fundingSource: BI2, amountDkk: 1_200_000, label: '2 årsværk', fte: 2 },
    { track: 2, year, fundingSource: BI2, amountDkk: 200_000, label: 'Styrket 1-1 kontakt med unge og deres forældre via hjemmebesøg, coaching, mentorstøtte' },
    { track: 1, year, fundingSource: BI2, amountDkk: 200_000, label: 'Uddannelse af frontmedarbejdere og NGO’ere i coaching og konflikthåndtering' },
    { track: 1, year, fundingSource: BI2, amountDkk: 200_000, label: 'Styrket dialog med lokale aktører og NGO’ere ift. radikalisering' },
  ]),
};

/**
 * "Der blev i Budget 2016 afsat 23,2 millioner kroner til en styrket indsats mod radikalisering fra 2016 – 2019." The
 * source gives the total only; we spread it evenly over the four years (5.8 M DKK a year) and say so on each line.
 */
const BUDGET_2016_19: RefPlan = {
  key: 'budget-2016-19',
  name: 'Budget 2016: styrket indsats mod radikalisering 2016-19 (23,2 mio. kr.)',
  firstYear: 2016,
  lastYear: 2019,
  committee: 'Borgerrepræsentationen (Budget 2016)',
  approvedOn: null,
  tracks: [],
  indicators: [],
  budget: [2016, 2017, 2018, 2019].map((year) => ({
    track: null, year, fundingSource: B2016, amountDkk: 5_800_000, label: 'Jævnt fordelt: kilden oplyser kun 23,2 mio. kr. samlet for 2016-19',
  })),
};

export const REFERENCE_PLANS: readonly RefPlan[] = [PLAN_2016, PLAN_2020, PLAN_BI2, BUDGET_2016_19];
export const REFERENCE_PLAN_KEYS = REFERENCE_PLANS.map((p) => p.key);
