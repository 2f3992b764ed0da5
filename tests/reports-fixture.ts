import type { CaseloadRow, CaseloadTable, YearReport } from '../src/shared/plans.ts';

type Counts = Pick<CaseloadRow, 'calls' | 'concerns' | 'justified' | 'coursesStarted'>;
const row = (group: string, c: Counts): CaseloadRow => ({
  group, ...c, offered: null, accepted: null,
  justifiedShare: c.justified === null || c.concerns === null || c.concerns === 0 ? null : Math.round((c.justified / c.concerns) * 1000) / 10,
  suppressed: Object.values(c).some((v) => v === null),
  suppressedCells: (Object.keys(c) as (keyof Counts)[]).filter((k) => c[k] === null),
});
const table = (groupBy: CaseloadTable['groupBy'], callsByGroup: boolean, rows: CaseloadRow[], total: CaseloadRow): CaseloadTable => ({
  from: '2017-01-01', to: '2017-12-31', groupBy, exactCounts: true, callsByGroup, rows, total,
});

/** A yearly report with known numbers (a 2017 plan shaped like the seeds' 2016-17 plan), for the renderer tests. */
export function fixtureReport(over: Partial<YearReport> = {}): YearReport {
  const total = row('total', { calls: 312, concerns: 85, justified: 21, coursesStarted: 17 });
  const ind = (n: number, o: Partial<YearReport['indicators'][number]>): YearReport['indicators'][number] => ({
    indicatorId: `00000000-0000-4000-8000-00000000010${n}`, trackName: null, measure: 'offer_acceptance_rate', label: `Indikator ${n}`, labelEn: null,
    unit: 'share', target: null, comparison: null, actual: null, met: null, status: 'no_data', numerator: null, denominator: null, suppressed: false, comment: null, howDa: '', ...o,
  });
  return {
    planId: '00000000-0000-4000-8000-000000000001',
    planName: 'Handleplan 2016–17 <VINK>',
    year: 2017,
    firstYear: 2016,
    lastYear: 2017,
    generatedAt: '2018-01-15T09:30:00Z',
    texts: null,
    exactCounts: true,
    prevention: [],
    hotline: null,
    staffing: null,
    indicators: [
      ind(1, { label: 'Andel der tager imod et mentorforløb', labelEn: 'Share accepting a mentor course', trackName: 'Mentorer', comparison: 'at_least',
        target: 60, actual: 72.5, met: true, status: 'met', numerator: 29, denominator: 40 }),
      ind(2, { measure: 'people_reached', label: 'Fagpersoner nået med oplysning', trackName: 'Oplysning', unit: 'count', comparison: 'at_least',
        target: 1000, actual: 1234, met: true, status: 'met' }),
      ind(3, { measure: 'not_at_risk_6m_share', label: 'Ikke i risiko 6 måneder efter forløb', trackName: 'Mentorer', comparison: 'at_least',
        target: 70, actual: 55, met: false, status: 'not_met', numerator: 11, denominator: 20 }),
      ind(4, { measure: 'milestone', label: 'Opsøgende koncept udviklet', unit: 'count', comparison: 'done', target: 1, actual: null, met: null, status: 'no_data' }),
    ],
    caseload: {
      total,
      byIdeology: table('ideology', true, [
        row('militant_islamism', { calls: 190, concerns: 51, justified: 14, coursesStarted: 11 }),
        row('right_wing', { calls: 100, concerns: 29, justified: 7, coursesStarted: 6 }),
        row('left_wing', { calls: 22, concerns: null, justified: null, coursesStarted: null }),
      ], total),
      byAgeBand: table('ageBand', false, [
        row('15_17', { calls: null, concerns: 30, justified: 8, coursesStarted: 7 }),
        row('18_24', { calls: null, concerns: 55, justified: 13, coursesStarted: 10 }),
      ], total),
      byGender: table('gender', false, [
        row('male', { calls: null, concerns: 70, justified: 18, coursesStarted: 15 }),
        row('female', { calls: null, concerns: 15, justified: null, coursesStarted: null }),
      ], total),
      byChannel: table('channel', false, [
        row('call', { calls: null, concerns: 40, justified: 9, coursesStarted: 8 }),
        row('professional', { calls: null, concerns: 45, justified: 12, coursesStarted: 9 }),
      ], total),
    },
    budget: {
      byTrack: [
        { trackId: '00000000-0000-4000-8000-000000000201', trackName: 'Mentorer', budgetDkk: 3_100_000, spentDkk: 2_950_500.5 },
        { trackId: '00000000-0000-4000-8000-000000000202', trackName: 'Oplysning', budgetDkk: 2_000_000, spentDkk: 2_100_000 },
        { trackId: null, trackName: null, budgetDkk: 1_100_000, spentDkk: 400_000 },
      ],
      byFundingSource: [
        { fundingSource: 'Kommunal ramme', budgetDkk: 4_000_000, spentDkk: 3_950_500.5 },
        { fundingSource: 'Satspuljen', budgetDkk: 1_100_000, spentDkk: 1_100_000 },
        { fundingSource: 'Fonde – Ærø & Østerbro', budgetDkk: 1_100_000, spentDkk: 400_000 },
      ],
      total: { budgetDkk: 6_200_000, spentDkk: 5_450_500.5 },
    },
    ...over,
  };
}
