import type { Action } from '../../src/server/access/policy.ts';

/**
 * The route catalogue of the access-matrix tests: every API route, the policy action that guards it
 * (src/shared/policy.ts), and the matrix test that walks it across every role and relation. A route outside
 * need-to-know is in EXEMPT with the reason. tests/access-matrix.int.test.ts fails when the app has a route that is
 * in neither; each matrix test fails unless it walks exactly its part, with the action given here.
 */
const WALKED = {
  /** tests/access-matrix.int.test.ts: persons, cases, members and notes, staff administration, units, the audit log. */
  core: {
    'POST /api/v1/persons': 'person.create',
    'POST /api/v1/persons/search': 'person.read',
    'GET /api/v1/persons/:id': 'person.read',
    'GET /api/v1/persons/:id/overview': 'person.read',
    'PATCH /api/v1/persons/:id': 'person.update',
    'POST /api/v1/cases': 'case.create',
    'GET /api/v1/cases/page': 'case.read',
    'GET /api/v1/cases/:id': 'case.read',
    'PATCH /api/v1/cases/:id': 'case.update',
    'POST /api/v1/cases/:id/members': 'case.members.manage',
    'GET /api/v1/cases/:id/notes': 'case.notes.read',
    'POST /api/v1/cases/:id/notes': 'case.notes.create',
    'GET /api/v1/users/:id': 'users.manage',
    'PATCH /api/v1/users/:id': 'users.manage',
    'POST /api/v1/users/:id/reset-second-factor': 'users.manage',
    'POST /api/v1/users/:id/disable': 'users.manage',
    'GET /api/v1/users': 'users.manage',
    'POST /api/v1/users': 'users.manage',
    'GET /api/v1/units': 'units.read',
    'GET /api/v1/audit': 'audit.read',
    'GET /api/v1/audit/verify': 'audit.read',
  },
  /** tests/role-grants.int.test.ts: four eyes on roles that read case content. */
  grants: {
    'GET /api/v1/role-grants': 'role_grants.read',
    'GET /api/v1/role-grants/open-count': 'role_grants.read',
    'POST /api/v1/role-grants/:id/approve': 'role_grants.decide',
    'POST /api/v1/role-grants/:id/reject': 'role_grants.decide',
    'POST /api/v1/role-grants/:id/withdraw': 'users.manage',
  },
  /** tests/matrix-documents.int.test.ts: documents on concerns and cases (upload, versions, download, sharing). */
  documents: {
    'GET /api/v1/cases/:id/documents': 'case.read',
    'GET /api/v1/concerns/:id/documents': 'concern.read',
    'POST /api/v1/cases/:id/documents': 'document.upload',
    'POST /api/v1/concerns/:id/documents': 'document.upload',
    'GET /api/v1/meetings/:id/documents': 'meeting.read',
    'POST /api/v1/meetings/:id/documents': 'document.upload',
    'POST /api/v1/documents/:id/versions': 'document.upload',
    'GET /api/v1/documents/:id/content': 'document.read',
    'POST /api/v1/documents/:id/share': 'document.share',
  },
  /** tests/matrix-meetings.int.test.ts: Infohus meetings (calendar, planning, agenda, decisions, minutes). */
  meetings: {
    'GET /api/v1/meetings': 'meeting.read',
    'POST /api/v1/meetings': 'meeting.manage',
    'GET /api/v1/meetings/:id': 'meeting.read',
    'POST /api/v1/meetings/:id/items/:itemId/decision': 'meeting.manage',
    'POST /api/v1/meetings/:id/minutes': 'meeting.read',
  },
  /** tests/matrix-intake.int.test.ts: calls, concerns, person matching and CPR reveal. */
  intake: {
    'POST /api/v1/calls': 'call.create',
    'GET /api/v1/calls': 'call.read',
    'GET /api/v1/calls/:id': 'call.read',
    'POST /api/v1/calls/:id/forward': 'call.forward',
    'POST /api/v1/persons/matches': 'person.match',
    'POST /api/v1/persons/:id/cpr/reveal': 'person.reveal_cpr',
    'GET /api/v1/behaviour-indicators': 'indicators.read',
    'POST /api/v1/concerns': 'concern.create',
    'GET /api/v1/concerns': 'concern.read',
    'GET /api/v1/concerns/page': 'concern.read',
    'GET /api/v1/concerns/:id': 'concern.read',
    'POST /api/v1/concerns/:id/share': 'concern.share',
    'POST /api/v1/concerns/:id/police-check': 'concern.police_check',
    'POST /api/v1/concerns/:id/infohus': 'concern.assess',
    'POST /api/v1/concerns/:id/child-report': 'concern.child_report',
    'GET /api/v1/concerns/religion-overrides': 'concern.religion_overrides',
  },
  /** tests/matrix-casework.int.test.ts: the case workflow, disclosures, assessments. */
  casework: {
    'POST /api/v1/cases/:id/transition': 'case.transition',
    'POST /api/v1/cases/:id/reopen': 'case.transition',
    'POST /api/v1/cases/:id/disclosures': 'case.disclose',
    'GET /api/v1/cases/:id/disclosures': 'case.disclosures.read',
    'GET /api/v1/assessment-instruments/:id': 'assessment.read',
    'POST /api/v1/cases/:id/assessments': 'assessment.create',
    'GET /api/v1/cases/:id/assessments': 'assessment.read',
    'GET /api/v1/cases/:id/assessments/progression': 'assessment.read',
  },
  /** tests/matrix-case-page.int.test.ts: the staff directory, a case's courses and history. */
  'case-page': {
    'GET /api/v1/directory': 'directory.read',
    'GET /api/v1/cases/:id/courses': 'course.read',
    'GET /api/v1/cases/:id/history': 'case.read',
  },
  /** tests/matrix-support.int.test.ts: offers, courses, follow-ups, tasks. */
  support: {
    'POST /api/v1/cases/:id/offers': 'offer.manage',
    'GET /api/v1/cases/:id/offers': 'offer.read',
    'POST /api/v1/offers/:id/response': 'offer.manage',
    'POST /api/v1/cases/:id/courses': 'course.manage',
    'GET /api/v1/courses/mine': 'course.read',
    'GET /api/v1/courses/:id': 'course.read',
    'POST /api/v1/courses/:id/end': 'course.manage',
    'POST /api/v1/courses/:id/sessions': 'course.sessions.create',
    'GET /api/v1/courses/:id/sessions': 'course.read',
    'GET /api/v1/cases/:id/follow-ups': 'followup.read',
    'POST /api/v1/follow-ups/:id/answer': 'followup.answer',
    'GET /api/v1/tasks/mine': 'tasks.read',
  },
  /** tests/matrix-workingday.int.test.ts: delegation, notifications, handover, workload (issue 12 items 4, 5, 7, 8). */
  workingday: {
    'POST /api/v1/tasks/:id/delegate': 'tasks.delegate',
    'GET /api/v1/notifications': 'notifications.read',
    'GET /api/v1/notifications/unread': 'notifications.read',
    'POST /api/v1/notifications/read-all': 'notifications.read',
    'POST /api/v1/notifications/:id/read': 'notifications.read',
    'GET /api/v1/notifications/settings': 'notifications.settings',
    'PUT /api/v1/notifications/settings': 'notifications.settings',
    'POST /api/v1/cases/:id/handover': 'handover.manage',
    'POST /api/v1/concerns/:id/handover': 'handover.manage',
    'GET /api/v1/workload': 'workload.read',
    'GET /api/v1/workload/suppressed': 'workload.read_suppressed',
    'POST /api/v1/covers': 'cover.manage',
    'GET /api/v1/covers': 'cover.manage',
  },
  /** tests/matrix-prevention.int.test.ts: activities, surveys (staff and public side), the citizen forum. */
  prevention: {
    'POST /api/v1/activities': 'activity.manage',
    'GET /api/v1/activities': 'activity.read',
    'GET /api/v1/activities/:id': 'activity.read',
    'PATCH /api/v1/activities/:id': 'activity.manage',
    'POST /api/v1/surveys': 'survey.manage',
    'GET /api/v1/surveys/:id/results': 'survey.results',
    'GET /api/v1/surveys/:id/qr': 'survey.manage',
    // The respondent's side: no actor and no personal data, the same answer for everybody (walked as such).
    'GET /api/v1/public/surveys/:token': 'public',
    'POST /api/v1/public/surveys/:token/responses': 'public',
    'POST /api/v1/forum/members': 'forum.manage',
    'PATCH /api/v1/forum/members/:id': 'forum.manage',
    'GET /api/v1/forum/members': 'forum.read',
  },
  /** tests/matrix-corrections.int.test.ts: corrections with a field history (issue 12, item 6). */
  corrections: {
    'PATCH /api/v1/concerns/:id': 'concern.correct',
    'GET /api/v1/cases/:id/page': 'case.read',
  },
  /** tests/matrix-calls.int.test.ts: the adviser's own calls, corrected with a field history (issue 12, items 2 and 6). */
  calls: {
    'PATCH /api/v1/calls/:id': 'call.correct',
  },
  /** tests/matrix-plans.int.test.ts: action plans, budgets, the dashboard and its drill-down, caseload statistics. */
  plans: {
    'POST /api/v1/plans': 'plan.manage',
    'GET /api/v1/plans': 'plan.read',
    'GET /api/v1/plans/:id': 'plan.read',
    'POST /api/v1/plans/:id/indicators': 'plan.manage',
    'POST /api/v1/plans/:id/budget-lines': 'budget.manage',
    'POST /api/v1/budget-lines/:id/spending': 'budget.manage',
    'GET /api/v1/plans/:id/dashboard': 'plan.read',
    'GET /api/v1/plans/:id/indicators/:indicatorId/records': 'statistics.drilldown',
    'POST /api/v1/statistics/caseload': 'statistics.read',
  },
  /** tests/matrix-plan-editing.int.test.ts: action plans as the plans word them (issue 14): milestone decisions. */
  planEditing: {
    'POST /api/v1/plans/:id/milestone-decisions': 'plan.manage',
    'PATCH /api/v1/plans/:id': 'plan.manage',
    'POST /api/v1/plans/:id/tracks': 'plan.manage',
    'GET /api/v1/plans/:id/report-texts/:year': 'plan.read',
    'PUT /api/v1/plans/:id/report-texts/:year': 'plan.manage',
    'GET /api/v1/plans/:id/milestone-decisions': 'plan.read',
  },
  /** tests/matrix-reports.int.test.ts: the yearly report to the committee. */
  reports: {
    'POST /api/v1/reports/year': 'report.export',
    'GET /api/v1/reports/jobs/:jobId': 'report.export',
    'GET /api/v1/reports/jobs/:jobId/pdf': 'report.export',
    'GET /api/v1/reports/jobs/:jobId/xlsx': 'report.export',
    // The Word version (issue 14): walked with the other file routes, by the same job fixtures.
    'GET /api/v1/reports/jobs/:jobId/docx': 'report.export',
  },
  /** tests/matrix-vocabularies.int.test.ts: vocabularies an administrator keeps, and the counts of their values. */
  vocabularies: {
    'GET /api/v1/vocabularies/:vocabulary': 'vocabulary.read',
    'GET /api/v1/vocabularies/:vocabulary/admin': 'vocabulary.manage',
    'POST /api/v1/vocabularies/:vocabulary': 'vocabulary.manage',
    'PATCH /api/v1/vocabularies/:vocabulary/:code': 'vocabulary.manage',
    'GET /api/v1/vocabulary-counts': 'statistics.read',
  },
  /** tests/matrix-retention.int.test.ts: the retention schedule, its receipts and the upcoming deletions. */
  retention: {
    'GET /api/v1/retention/classes': 'retention.read',
    'PATCH /api/v1/retention/classes/:key': 'retention.manage',
    'GET /api/v1/retention/receipts': 'retention.read',
    'GET /api/v1/retention/upcoming': 'retention.read',
  },
  /** tests/matrix-case-legal-hold.int.test.ts: a police request's legal hold, placed by the coordinator owning the case. */
  'case-legal-hold': {
    'POST /api/v1/cases/:id/legal-holds': 'case.legal_hold',
  },
  /** tests/matrix-access-requests.int.test.ts: access requests (GDPR Art. 15) and legal holds. */
  'access-requests': {
    'GET /api/v1/access-requests': 'access_request.manage',
    'POST /api/v1/access-requests': 'access_request.manage',
    'GET /api/v1/access-requests/:id': 'access_request.manage',
    'POST /api/v1/access-requests/:id/extend': 'access_request.manage',
    'POST /api/v1/access-requests/:id/person-search': 'access_request.compile',
    'POST /api/v1/access-requests/:id/person': 'access_request.manage',
    'GET /api/v1/access-requests/:id/compilation': 'access_request.compile',
    'POST /api/v1/access-requests/:id/exemptions': 'access_request.manage',
    'POST /api/v1/access-requests/:id/transition': 'access_request.manage',
    'GET /api/v1/access-requests/:id/export.json': 'access_request.compile',
    'GET /api/v1/access-requests/:id/export.pdf': 'access_request.compile',
    'GET /api/v1/legal-holds': 'legal_hold.read',
    'POST /api/v1/legal-holds': 'legal_hold.manage',
    'POST /api/v1/legal-holds/:id/lift': 'legal_hold.manage',
  },
  /** tests/matrix-watch.int.test.ts: snooping alerts and watch flags, the bias watch, consents. */
  watch: {
    'GET /api/v1/snooping/alerts': 'snooping.read',
    'GET /api/v1/snooping/alerts/:id': 'snooping.read',
    'POST /api/v1/snooping/alerts/:id/resolve': 'snooping.resolve',
    'GET /api/v1/snooping/watch-flags': 'snooping.watch',
    'POST /api/v1/snooping/watch-flags': 'snooping.watch',
    'POST /api/v1/snooping/watch-flags/:id/lift': 'snooping.watch',
    'GET /api/v1/bias-watch': 'bias.read',
    'GET /api/v1/cases/:id/consents': 'consent.read',
    'POST /api/v1/cases/:id/consents': 'consent.manage',
    'POST /api/v1/consents/:id/withdraw': 'consent.manage',
    'POST /api/v1/consents/:id/review': 'consent.manage',
  },
  /** tests/matrix-casework-depth.int.test.ts: closure approval, the support plan, family links. */
  'casework-depth': {
    'POST /api/v1/cases/:id/closure-requests': 'case.transition',
    'GET /api/v1/cases/:id/closure-requests': 'case.closure.read',
    'GET /api/v1/closure-requests/pending': 'case.closure.decide',
    'POST /api/v1/closure-requests/:id/decision': 'case.closure.decide',
    'GET /api/v1/cases/:id/support-plan': 'support_plan.read',
    'POST /api/v1/cases/:id/support-plan/goals': 'support_plan.manage',
    'PATCH /api/v1/support-plan-goals/:id': 'support_plan.manage',
    'POST /api/v1/cases/:id/support-plan/reviews': 'support_plan.manage',
    'GET /api/v1/persons/:id/links': 'person.read',
    'POST /api/v1/persons/:id/links': 'person.links.manage',
    'GET /api/v1/cases/:id/summary.pdf': 'case.summary.export',
    'GET /api/v1/cases/:id/supervision-sessions': 'case.supervision.read',
    'POST /api/v1/cases/:id/supervision-sessions': 'case.supervision.manage',
  },
  /** tests/matrix-hotline.int.test.ts: the shared hotline (forward across units, referral, figures). */
  hotline: {
    'POST /api/v1/calls/:id/hotline-forward': 'call.forward',
    'POST /api/v1/calls/:id/referral': 'call.forward',
    'GET /api/v1/calls/hotline-statistics': 'call.statistics',
  },
  /** tests/matrix-transfers.int.test.ts: transfers between units when a citizen moves. */
  transfers: {
    'POST /api/v1/transfers': 'transfer.request',
    'GET /api/v1/transfers': 'transfer.read',
    'POST /api/v1/transfers/:id/transition': 'transfer.decide',
  },
  /** tests/matrix-environments.int.test.ts: risk environments, networks, the links of activities and concerns to them, and the history before the records. */
  environments: {
    'POST /api/v1/environments': 'environment.manage',
    'GET /api/v1/environments': 'environment.read',
    'GET /api/v1/environments/:id': 'environment.read',
    'PATCH /api/v1/environments/:id': 'environment.manage',
    'PUT /api/v1/concerns/:id/environment': 'concern.correct',
    'PUT /api/v1/activities/:id/links': 'activity.manage',
    'POST /api/v1/networks': 'network.manage',
    'GET /api/v1/networks': 'network.read',
    'PATCH /api/v1/networks/:id': 'network.manage',
    'GET /api/v1/history-aggregates': 'plan.read',
  },
  /** tests/matrix-transitions.int.test.ts: release dates of a case's person (custody, prison), each with a task before it. */
  transitions: {
    'GET /api/v1/cases/:id/transitions': 'support_plan.read',
    'POST /api/v1/cases/:id/transitions': 'support_plan.manage',
    'PATCH /api/v1/case-transitions/:id': 'support_plan.manage',
  },
  /** tests/matrix-psychiatry.int.test.ts: consultations with regional psychiatry on concerns and cases. */
  psychiatry: {
    'GET /api/v1/concerns/:id/psychiatry-consultations': 'psychiatry.read',
    'POST /api/v1/concerns/:id/psychiatry-consultations': 'psychiatry.manage',
    'GET /api/v1/cases/:id/psychiatry-consultations': 'psychiatry.read',
    'POST /api/v1/cases/:id/psychiatry-consultations': 'psychiatry.manage',
  },
  /** tests/matrix-known-persons.int.test.ts: "is this person already known?" across units, and the unit's setting. */
  knownPersons: {
    'POST /api/v1/known-persons/questions': 'known_person.ask',
    'GET /api/v1/known-persons/settings': 'known_person.settings.read',
    'PUT /api/v1/known-persons/settings': 'known_person.settings.manage',
  },
  /**
   * tests/matrix-course-measures.int.test.ts: what the plans measure a course by (issue 14): the dimensions it addresses
   * ("relevante" factors) and the coached relative's own instrument.
   */
  courseMeasures: {
    'GET /api/v1/courses/:id/dimensions': 'course.read',
    'PUT /api/v1/courses/:id/dimensions': 'course.manage',
    'GET /api/v1/courses/:id/relative-assessments': 'assessment.read',
    'POST /api/v1/courses/:id/relative-assessments': 'assessment.create',
  },
  /** tests/matrix-national.int.test.ts: the national view, a unit's opt-out, national administration (issue 15, items 5, 6). */
  national: {
    'POST /api/v1/national/statistics': 'national.statistics',
    'GET /api/v1/national/statistics.xlsx': 'national.statistics',
    'GET /api/v1/national/participation': 'national.participation',
    'PUT /api/v1/national/participation': 'national.participation',
    'GET /api/v1/national/units': 'national.units.manage',
    'POST /api/v1/national/units': 'national.units.manage',
    'PUT /api/v1/national/units/:id/hotlines/:hotlineId': 'national.units.manage',
  },
  /** tests/matrix-list-exports.int.test.ts: exports of the concern queue and the case list to Excel (issue 12, item 2). */
  'list-exports': {
    'GET /api/v1/concerns/export.xlsx': 'concern.list.export',
    'GET /api/v1/cases/export.xlsx': 'case.list.export',
  },
  /** tests/matrix-flow-corrections.int.test.ts: corrections of an Infohus decision and of an offer's answer (issue 12, item 6). */
  'flow-corrections': {
    'PATCH /api/v1/concerns/:id/infohus': 'concern.assess',
    'PATCH /api/v1/offers/:id': 'offer.manage',
  },
  /** tests/matrix-survey-reprint.int.test.ts: an activity's surveys, to show a QR code and link again (D30). */
  'survey-reprint': {
    'GET /api/v1/activities/:id/surveys': 'survey.manage',
  },
} as const satisfies Record<string, Record<string, Action | 'public'>>;

/** Routes outside need-to-know, each with the reason. */
export const EXEMPT: Record<string, string> = {
  'GET /api/v1/health': 'no data',
  'GET /api/v1/openapi.json': 'API description',
  'GET /api/v1/auth/config': 'public sign-in settings',
  'POST /api/v1/auth/login': 'sign-in',
  'POST /api/v1/auth/enrolment-code': 'sign-in (first, with a one-time enrolment code)',
  'POST /api/v1/auth/second-factor/enrolment': 'sign-in',
  'POST /api/v1/auth/second-factor/enrolment/confirm': 'sign-in',
  'POST /api/v1/auth/second-factor': 'sign-in',
  'GET /api/v1/auth/me': "the actor's own account",
  'POST /api/v1/auth/logout': 'sign-out',
};

export type Walker = keyof typeof WALKED;
type Walked = typeof WALKED;
export type RouteKey = { [W in Walker]: keyof Walked[W] & string }[Walker];
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

const ACTION_OF: Record<string, Action | 'public'> = Object.assign({}, ...Object.values(WALKED));

/** Every catalogued route key ('METHOD /url'), whoever walks it. */
export const CATALOGUED: string[] = Object.values(WALKED).flatMap((routes) => Object.keys(routes));

/** The route keys one matrix test must walk. */
export function walkedBy(walker: Walker): string[] {
  return Object.keys(WALKED[walker]);
}

/** A catalogued route split into method and url, with the action that guards it. */
export interface GuardedRoute {
  method: Method;
  url: string;
  action: Action;
}

/** The catalogue's entry for key (a route a matrix test walks), to spread into the test's route spec. */
export function route(key: RouteKey): GuardedRoute {
  const action = ACTION_OF[key];
  if (!action || action === 'public') throw new Error(`${key} is not guarded by a policy action`);
  const [method, url] = key.split(' ') as [Method, string];
  return { method, url, action };
}

/** The key of a route spec, for comparing what a test walks with walkedBy(). */
export const keyOf = (r: { method: string; url: string }): string => `${r.method} ${r.url}`;
