import vocabDa from '../../../web/i18n/da/vocab.json' with { type: 'json' };
import casesDa from '../../../web/i18n/da/cases.json' with { type: 'json' };
import commonDa from '../../../web/i18n/da/common.json' with { type: 'json' };
import auditDa from '../../../web/i18n/da/audit.json' with { type: 'json' };
import depthDa from '../../../web/i18n/da/casework-depth.json' with { type: 'json' };
import transfersDa from '../../../web/i18n/da/transfers.json' with { type: 'json' };

/**
 * Danish words for the codes in a citizen's export (the PDF and JSON are for the citizen, in Danish): the web app's
 * own vocabulary files, so the export says what the screens say. A code without a word is shown as it is.
 */
type Dict = Record<string, unknown>;
const V = vocabDa.vocab as Dict;
const C = casesDa.cases as Dict;

function from(dict: unknown, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const d = dict as Dict | undefined;
  const v = d?.[code];
  return typeof v === 'string' ? v : code;
}

export const da = {
  channel: (c: string | null) => from(V.concernChannel, c),
  callChannel: (c: string | null) => from(V.callChannel, c),
  callerType: (c: string | null) => from(V.callerType, c),
  callOutcome: (c: string | null) => from(V.callOutcome, c),
  ideology: (c: string | null) => from(V.ideology, c),
  severity: (c: string | null) => from(V.severity, c),
  concernStatus: (c: string | null) => from(V.concernStatus, c),
  legalBasis: (c: string | null) => from(V.legalBasis, c),
  policeOutcome: (c: string | null) => from(V.policeOutcome, c),
  decision: (c: string | null) => from(V.decision, c),
  gender: (c: string | null) => from(V.gender, c),
  caseStatus: (c: string | null) => from(C.statusName, c),
  level: (c: string | null) => from(C.level, c),
  offerType: (c: string | null) => from(C.offerType, c),
  offerResponse: (c: string | null) => from(C.offerResponse, c),
  courseKind: (c: string | null) => from(C.courseKind, c),
  courseStatus: (c: string | null) => from(C.courseStatus, c),
  sessionForm: (c: string | null) => from(C.sessionForm, c),
  role: (c: string | null) => (c?.startsWith('system:') ? 'Systemet' : from(commonDa.roles, c)),
  purpose: (c: string | null) => from(auditDa.audit.purposes, c),
  action: (c: string) => from(auditDa.audit.actions, c) ?? c,
  yesNo: (b: boolean | null) => (b === null ? null : b ? 'Ja' : 'Nej'),
  goalStatus: (c: string | null) => from(depthDa.depth.plan.goalStatus, c),
  progress: (c: string | null) => from(depthDa.depth.plan.progress, c),
  linkKind: (c: string | null) => from(depthDa.depth.links.kind, c),
  transferStatus: (c: string | null) => from(transfersDa.transfers.statuses, c),
  travel: (c: string) => from(transfersDa.transfers.travel, c) ?? c,
  givenBy: (c: 'person' | 'guardian') => (c === 'person' ? 'Dig selv' : 'En forælder eller værge på dine vegne'),
  recordType: (c: string) => ({ concern: 'Bekymringshenvendelse', call: 'Opkald', person: 'Dine personoplysninger', infohus_assessment: 'Infohus-vurdering', offer: 'Tilbud' } as Record<string, string>)[c] ?? c,
};

/** Danish names of the kinds of item, for the export's sections and the withheld list. */
export const ITEM_TITLES: Record<string, string> = {
  concern: 'Bekymringshenvendelse', call: 'Opkald', share: 'Deling af henvendelse', infohus: 'Infohus-vurdering',
  child_report: 'Underretning (barnets lov § 133)', case: 'Sag', status_change: 'Ændring af sagens status', note: 'Notat',
  disclosure: 'Videregivelse af oplysninger', assessment: 'Vurdering', offer: 'Tilbud', course: 'Forløb', course_session: 'Samtale i forløb',
  follow_up: 'Opfølgning', consent: 'Samtykke', document: 'Dokument', family_link: 'Familierelation', support_plan_goal: 'Mål i støtteplanen',
  support_plan_review: 'Opfølgning på støtteplanen', meeting_item: 'Punkt på Infohus-møde', transfer: 'Overdragelse til anden kommune',
  correction: 'Rettelse af oplysninger',
  known_person_question: 'Spørgsmål om du er kendt i en anden enhed',
};

const DATE = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long', year: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A date (yyyy-mm-dd) or a time as Danish text, e.g. "7. december 2026". */
export function danishDate(v: string | Date | null): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return DATE.format(new Date(`${v}T12:00:00Z`));
  return DATE.format(v);
}
export function danishDateTime(v: Date): string {
  return DATE_TIME.format(v);
}
