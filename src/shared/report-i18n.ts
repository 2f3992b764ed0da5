/**
 * Labels of the yearly report to the committee (årsrapport til udvalget), Danish first, English second. The server
 * renders the PDF and the workbook from these; the web app shows the job steps from the same table, so a step's
 * wording is the same on screen and in the logs' step key.
 *
 * Category keys match the vocabularies of the schema (0002_case_flow.sql, 0001_foundation.sql); an unknown key
 * falls back to the key itself (see reportLabel) so a new category never breaks a report.
 */
export const REPORT_LANGS = ['da', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** The steps a report job goes through, in order. */
export const REPORT_STEPS = ['queued', 'collecting', 'charts', 'html', 'pdf', 'excel', 'done', 'failed'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

interface Labels {
  title: (year: number) => string;
  plan: string;
  period: string;
  unit: string;
  generatedAt: string;
  intro: string;
  /** The committee the report goes to, the foreword, and the comments on the targets (docs/domain.md). */
  texts: { addressee: string; foreword: string; comments: string; commentsIntro: string; missing: string; how: string; version: (n: number) => string };
  /** "Tabel 3": captions are numbered so the chart alternatives can point at their table. */
  table: (n: number) => string;
  sections: { indicators: string; caseload: string; breakdowns: string; budget: string };
  indicators: {
    caption: (year: number) => string;
    indicator: string;
    track: string;
    target: string;
    actual: string;
    met: string;
    yes: string;
    no: string;
    notMeasured: string;
    noTarget: string;
    done: string;
    notDone: string;
    summary: (met: number, total: number) => string;
  };
  comparison: Record<'at_least' | 'at_most' | 'equal', string>;
  caseload: {
    keyCaption: (year: number) => string;
    figure: string;
    value: string;
    calls: string;
    callsShort: string;
    concerns: string;
    justified: string;
    justifiedShare: string;
    coursesStarted: string;
    breakdownCaption: (dimension: string, year: number) => string;
    category: string;
    dimension: string;
    total: string;
  };
  dimensions: Record<'ideology' | 'ageBand' | 'gender' | 'channel', string>;
  categories: Record<string, string>;
  budget: {
    caption: (year: number) => string;
    captionBySource: (year: number) => string;
    track: string;
    fundingSource: string;
    budget: string;
    spent: string;
    remaining: string;
    spentShare: string;
    total: string;
    noTrack: string;
  };
  charts: {
    indicatorsTitle: string;
    indicatorsAlt: (n: number) => string;
    funnelTitle: string;
    funnelAlt: (calls: string, concerns: string, justified: string, courses: string) => string;
    budgetTitle: string;
    budgetAlt: (budget: string, spent: string) => string;
    seeTable: (n: number) => string;
    targetSeries: string;
    actualSeries: string;
    budgetSeries: string;
    spentSeries: string;
  };
  suppressed: string;
  suppressedNote: string;
  none: string;
  footer: (year: number) => string;
  page: string;
  of: string;
  sheets: { indicators: string; caseload: string; budget: string };
  steps: Record<ReportStep, string>;
}

export const REPORT_LABELS: Record<ReportLang, Labels> = {
  da: {
    title: (year) => `Årsrapport til udvalget ${year}`,
    plan: 'Handleplan',
    period: 'Periode',
    unit: 'Enhed',
    generatedAt: 'Dannet',
    texts: {
      addressee: 'Til', foreword: 'Forord', comments: 'Kommentarer til målene', commentsIntro: 'Enhedens kommentarer til årets mål, især de mål, der ikke blev nået.',
      missing: 'Kommentar mangler', how: 'Sådan tælles', version: (n) => `Tekstversion ${n}`,
    },
    intro:
      'Rapporten viser handleplanens mål over for de opnåede resultater, sagstallene for året og budgettet over for forbruget. ' +
      'Alle tal er beregnet ud fra det registrerede arbejde og er samlede tal uden personoplysninger.',
    table: (n) => `Tabel ${n}`,
    sections: { indicators: 'Mål og resultater', caseload: 'Sagstal', breakdowns: 'Sagsforløb fordelt', budget: 'Budget og forbrug' },
    indicators: {
      caption: (year) => `Handleplanens indikatorer: mål og resultat ${year}`,
      indicator: 'Indikator',
      track: 'Spor',
      target: 'Mål',
      actual: 'Resultat',
      met: 'Opfyldt',
      yes: 'Opfyldt',
      no: 'Ikke opfyldt',
      notMeasured: 'Ikke opgjort',
      noTarget: 'Intet mål',
      done: 'Gennemført',
      notDone: 'Ikke gennemført',
      summary: (met, total) => `${met} af ${total} mål er opfyldt.`,
    },
    comparison: { at_least: 'mindst', at_most: 'højst', equal: 'præcis' },
    caseload: {
      keyCaption: (year) => `Nøgletal for sagsforløbet ${year}`,
      figure: 'Nøgletal',
      value: 'Antal',
      calls: 'Opkald til rådgivningen',
      callsShort: 'Opkald',
      concerns: 'Bekymringshenvendelser',
      justified: 'Vurderet begrundede',
      justifiedShare: 'Andel begrundede',
      coursesStarted: 'Forløb startet',
      breakdownCaption: (dimension, year) => `Sagsforløb ${year} fordelt på ${dimension}`,
      category: 'Kategori',
      dimension: 'Opdeling',
      total: 'I alt',
    },
    dimensions: { ideology: 'ideologisk område', ageBand: 'aldersgruppe', gender: 'køn', channel: 'kanal' },
    categories: {
      militant_islamism: 'Militant islamisme',
      right_wing: 'Højreekstremisme',
      left_wing: 'Venstreekstremisme',
      other_unclear: 'Andet/uklart',
      none: 'Intet',
      female: 'Kvinde',
      male: 'Mand',
      other: 'Andet',
      unknown: 'Ukendt',
      call: 'Opkald',
      professional: 'Fagperson',
      partner: 'Samarbejdspartner',
      web_form: 'Webformular',
      vink_line: 'VINK-linjen',
      national_hotline: 'Den nationale rådgivningslinje',
      email: 'E-mail',
      web: 'Web',
      under_15: 'Under 15 år',
      '15_17': '15–17 år',
      '18_24': '18–24 år',
      '25_34': '25–34 år',
      '35_plus': '35 år og derover',
    },
    budget: {
      caption: (year) => `Budget og forbrug ${year} fordelt på spor (kr.)`,
      captionBySource: (year) => `Budget og forbrug ${year} fordelt på finansieringskilde (kr.)`,
      track: 'Spor',
      fundingSource: 'Finansieringskilde',
      budget: 'Budget',
      spent: 'Forbrug',
      remaining: 'Rest',
      spentShare: 'Forbrugt',
      total: 'I alt',
      noTrack: 'Tværgående',
    },
    charts: {
      indicatorsTitle: 'Mål og resultat for indikatorer i procent',
      indicatorsAlt: (n) => `Søjlediagram der sammenligner mål og resultat for ${n} ${n === 1 ? 'indikator' : 'indikatorer'} målt i procent.`,
      funnelTitle: 'Fra opkald til forløb',
      funnelAlt: (calls, concerns, justified, courses) =>
        `Søjlediagram over sagsforløbet: ${calls} opkald, ${concerns} bekymringshenvendelser, ${justified} vurderet begrundede og ${courses} forløb startet.`,
      budgetTitle: 'Budget og forbrug pr. spor',
      budgetAlt: (budget, spent) => `Søjlediagram der sammenligner budget og forbrug pr. spor. Samlet er ${spent} af ${budget} brugt.`,
      seeTable: (n) => `Tallene står i tabel ${n}.`,
      targetSeries: 'Mål',
      actualSeries: 'Resultat',
      budgetSeries: 'Budget',
      spentSeries: 'Forbrug',
    },
    suppressed: 'skjult',
    suppressedNote: '«skjult»: et lille antal vises ikke, så ingen enkeltperson kan genkendes.',
    none: 'Ingen',
    footer: (year) => `Årsrapport til udvalget ${year}`,
    page: 'Side',
    of: 'af',
    sheets: { indicators: 'Indikatorer', caseload: 'Sagsforløb', budget: 'Budget' },
    steps: {
      queued: 'I kø',
      collecting: 'Henter tal',
      charts: 'Tegner diagrammer',
      html: 'Sætter rapporten op',
      pdf: 'Danner PDF',
      excel: 'Danner Excel-projektmappe',
      done: 'Færdig',
      failed: 'Fejlede',
    },
  },
  en: {
    title: (year) => `Yearly report to the committee ${year}`,
    plan: 'Action plan',
    period: 'Period',
    unit: 'Unit',
    generatedAt: 'Generated',
    texts: {
      addressee: 'To', foreword: 'Foreword', comments: 'Comments on the targets', commentsIntro: "The unit's comments on the year's targets, above all those not reached.",
      missing: 'Comment missing', how: 'How it is counted', version: (n) => `Text version ${n}`,
    },
    intro:
      "The report shows the action plan's targets against the results achieved, the year's caseload figures and the budget against spending. " +
      'All figures are computed from the recorded work and are aggregates without personal data.',
    table: (n) => `Table ${n}`,
    sections: { indicators: 'Targets and results', caseload: 'Caseload', breakdowns: 'Caseload by category', budget: 'Budget and spending' },
    indicators: {
      caption: (year) => `The action plan's indicators: target and result ${year}`,
      indicator: 'Indicator',
      track: 'Track',
      target: 'Target',
      actual: 'Result',
      met: 'Met',
      yes: 'Met',
      no: 'Not met',
      notMeasured: 'Not measured',
      noTarget: 'No target',
      done: 'Done',
      notDone: 'Not done',
      summary: (met, total) => `${met} of ${total} targets met.`,
    },
    comparison: { at_least: 'at least', at_most: 'at most', equal: 'exactly' },
    caseload: {
      keyCaption: (year) => `Caseload key figures ${year}`,
      figure: 'Key figure',
      value: 'Count',
      calls: 'Calls to the advisory line',
      callsShort: 'Calls',
      concerns: 'Concerns',
      justified: 'Judged justified',
      justifiedShare: 'Share justified',
      coursesStarted: 'Courses started',
      breakdownCaption: (dimension, year) => `Caseload ${year} by ${dimension}`,
      category: 'Category',
      dimension: 'Breakdown',
      total: 'Total',
    },
    dimensions: { ideology: 'ideology area', ageBand: 'age band', gender: 'gender', channel: 'channel' },
    categories: {
      militant_islamism: 'Militant Islamism',
      right_wing: 'Right-wing extremism',
      left_wing: 'Left-wing extremism',
      other_unclear: 'Other/unclear',
      none: 'None',
      female: 'Female',
      male: 'Male',
      other: 'Other',
      unknown: 'Unknown',
      call: 'Call',
      professional: 'Professional',
      partner: 'Partner',
      web_form: 'Web form',
      vink_line: 'VINK line',
      national_hotline: 'National hotline',
      email: 'Email',
      web: 'Web',
      under_15: 'Under 15',
      '15_17': '15–17',
      '18_24': '18–24',
      '25_34': '25–34',
      '35_plus': '35 and over',
    },
    budget: {
      caption: (year) => `Budget and spending ${year} by track (DKK)`,
      captionBySource: (year) => `Budget and spending ${year} by funding source (DKK)`,
      track: 'Track',
      fundingSource: 'Funding source',
      budget: 'Budget',
      spent: 'Spent',
      remaining: 'Remaining',
      spentShare: 'Spent share',
      total: 'Total',
      noTrack: 'Cross-cutting',
    },
    charts: {
      indicatorsTitle: 'Target and result for percentage indicators',
      indicatorsAlt: (n) => `Bar chart comparing target and result for ${n} ${n === 1 ? 'indicator' : 'indicators'} measured in per cent.`,
      funnelTitle: 'From call to course',
      funnelAlt: (calls, concerns, justified, courses) =>
        `Bar chart of the caseload: ${calls} calls, ${concerns} concerns, ${justified} judged justified and ${courses} courses started.`,
      budgetTitle: 'Budget and spending by track',
      budgetAlt: (budget, spent) => `Bar chart comparing budget and spending by track. In total ${spent} of ${budget} was spent.`,
      seeTable: (n) => `The figures are in table ${n}.`,
      targetSeries: 'Target',
      actualSeries: 'Result',
      budgetSeries: 'Budget',
      spentSeries: 'Spent',
    },
    suppressed: 'hidden',
    suppressedNote: '"hidden": a small count is not shown, so that no individual can be recognised.',
    none: 'None',
    footer: (year) => `Yearly report to the committee ${year}`,
    page: 'Page',
    of: 'of',
    sheets: { indicators: 'Indicators', caseload: 'Caseload', budget: 'Budget' },
    steps: {
      queued: 'Queued',
      collecting: 'Collecting figures',
      charts: 'Drawing charts',
      html: 'Laying out the report',
      pdf: 'Producing PDF',
      excel: 'Producing Excel workbook',
      done: 'Done',
      failed: 'Failed',
    },
  },
};

/** The label of a category key (ideology area, gender, channel, age band), or the key itself when unknown. */
export function reportLabel(lang: ReportLang, key: string): string {
  return REPORT_LABELS[lang].categories[key] ?? key;
}
