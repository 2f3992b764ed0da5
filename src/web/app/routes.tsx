import type { ComponentType } from 'react';
import type { Me } from '../api/auth.ts';
import type { Action } from '../../shared/policy.ts';
import type { PageProps } from './router.tsx';
import { can, canVia } from './session.ts';
import { UsersPage } from '../features/admin/UsersPage.tsx';
import { OpenGrantsBadge, RoleGrantsPage } from '../features/admin/RoleGrantsPage.tsx';
import { CallFormPage } from '../features/calls/CallFormPage.tsx';
import { CallListPage } from '../features/calls/CallListPage.tsx';
import { CaseListPage } from '../features/cases/CaseListPage.tsx';
import { CasePage } from '../features/cases/CasePage.tsx';
import { ConcernPage } from '../features/concerns/ConcernPage.tsx';
import { MeetingsPage } from '../features/meetings/MeetingsPage.tsx';
import { MeetingPage } from '../features/meetings/MeetingPage.tsx';
import { IntakePage } from '../features/concerns/IntakePage.tsx';
import { QueuePage } from '../features/concerns/QueuePage.tsx';
import { AuditLogPage } from '../features/dpo/AuditLogPage.tsx';
import { RetentionPage } from '../features/retention/RetentionPage.tsx';
import { VocabulariesPage } from '../features/vocabularies/VocabulariesPage.tsx';
import { VocabularyCountsPage } from '../features/vocabularies/VocabularyCountsPage.tsx';
import { TransfersPage } from '../features/transfers/TransfersPage.tsx';
import { ReferralPage } from '../features/hotline/ReferralPage.tsx';
import { KnownPersonSettingsPage } from '../features/known-persons/KnownPersonSettingsPage.tsx';
import { AccessRequestsPage } from '../features/access-requests/AccessRequestsPage.tsx';
import { AccessRequestPage } from '../features/access-requests/AccessRequestPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { MentorCoursePage } from '../features/mentor/MentorCoursePage.tsx';
import { MyCoursesPage } from '../features/mentor/MyCoursesPage.tsx';
import { PersonOverviewPage } from '../features/search/PersonOverviewPage.tsx';
import { SearchPage } from '../features/search/SearchPage.tsx';
import { TodayPage } from '../features/today/TodayPage.tsx';
import { IndicatorRecordsPage } from '../features/plans/IndicatorRecordsPage.tsx';
import { PlanEditPage, PlanNewPage } from '../features/plans/PlanEditPage.tsx';
import { PlansDashboardPage } from '../features/plans/PlansDashboardPage.tsx';
import { ActivityFormPage } from '../features/prevention/ActivityFormPage.tsx';
import { ActivityPage } from '../features/prevention/ActivityPage.tsx';
import { PreventionPage } from '../features/prevention/PreventionPage.tsx';
import { EnvironmentsPage } from '../features/environments/EnvironmentsPage.tsx';
import { StatisticsPage } from '../features/statistics/StatisticsPage.tsx';
import { SnoopingAlertPage, SnoopingPage } from '../features/watch/SnoopingPage.tsx';
import { BiasPage } from '../features/watch/BiasPage.tsx';
import { NotificationSettingsPage } from '../features/notifications/NotificationSettingsPage.tsx';
import { NotificationsPage, UnreadBadge } from '../features/notifications/NotificationsPage.tsx';
import { WorkloadPage } from '../features/workload/WorkloadPage.tsx';
import { NationalStatisticsPage } from '../features/national/NationalStatisticsPage.tsx';
import { NationalParticipationPage, NationalUnitsPage } from '../features/national/NationalUnitsPage.tsx';

/**
 * The route table. Paths carry opaque ids only — never names, CPR numbers or search text — so nothing personal
 * reaches browser history, logs or Referer headers. `allow` says who may open the page, from the capabilities the
 * server lists for the user's role (the need-to-know table in src/shared/policy.ts): a page is offered only to a role
 * that may make the request the page stands on. `nav` puts it in the main navigation (in table order) for them. The
 * server enforces access regardless; this only hides what a role cannot use. Pages never import this table (it
 * imports them): they get their params as PageProps from the router and the user's landing page from session.ts.
 */
export interface RouteDef {
  path: string;
  page: ComponentType<PageProps>;
  allow(me: Me): boolean;
  /** Translation key of the navigation label; absent for pages reached by links only. */
  nav?: string;
  /** Shown after the navigation label (e.g. how many requests wait). */
  badge?: ComponentType;
}

/** The page stands on one action: whoever may attempt it may open the page. */
const needs = (action: Action) => (me: Me) => can(me, action);

export const ROUTES: readonly RouteDef[] = [
  { path: '/opgaver', page: TodayPage, allow: needs('tasks.read'), nav: 'nav.today' },
  // The inbox, with the unread count beside its entry on every page; its e-mail setting is reached from it.
  { path: '/notifikationer', page: NotificationsPage, allow: needs('notifications.read'), nav: 'notifications.nav', badge: UnreadBadge },
  { path: '/indstillinger/notifikationer', page: NotificationSettingsPage, allow: needs('notifications.settings') },
  { path: '/arbejdsbyrde', page: WorkloadPage, allow: (me) => can(me, 'workload.read') || can(me, 'workload.read_suppressed'), nav: 'workload.nav' },
  // Four eyes on roles that read case content: the DPO's start page, the manager's second entry, with the count waiting.
  { path: '/godkendelser', page: RoleGrantsPage, allow: needs('role_grants.decide'), nav: 'grants.nav', badge: OpenGrantsBadge },
  { path: '/opkald/ny', page: CallFormPage, allow: needs('call.create'), nav: 'nav.newCall' },
  // The adviser's own calls (the unit's for a coordinator): today's by default, with correction and a later forward.
  { path: '/opkald', page: CallListPage, allow: needs('call.read'), nav: 'callList.nav' },
  { path: '/opkald/:id/videresend', page: IntakePage, allow: needs('call.forward') },
  { path: '/opkald/:id/henvisning', page: ReferralPage, allow: needs('call.forward') },
  { path: '/henvendelser/ny', page: IntakePage, allow: needs('concern.create'), nav: 'nav.newConcern' },
  { path: '/henvendelser', page: QueuePage, allow: needs('concern.read'), nav: 'nav.concerns' },
  { path: '/henvendelser/:id', page: ConcernPage, allow: needs('concern.read') },
  // The Infohus meetings: the calendar (and planning), one meeting with its agenda, decisions and minutes.
  { path: '/infohus', page: MeetingsPage, allow: needs('meeting.read'), nav: 'meetings.nav' },
  { path: '/infohus/:id', page: MeetingPage, allow: needs('meeting.read') },
  { path: '/sager', page: CaseListPage, allow: needs('case.read'), nav: 'nav.cases' },
  { path: '/sager/:id', page: CasePage, allow: needs('case.read') },
  // A mentor's own courses: course.read through being the course's mentor, not through the case.
  { path: '/mine-forloeb', page: MyCoursesPage, allow: (me) => canVia(me, 'course.read', 'mentor'), nav: 'nav.mentor' },
  { path: '/mine-forloeb/:id', page: MentorCoursePage, allow: (me) => canVia(me, 'course.read', 'mentor') },
  { path: '/soeg', page: SearchPage, allow: needs('person.read'), nav: 'nav.search' },
  // The person overview: the person's opaque id only in the path.
  { path: '/personer/:id', page: PersonOverviewPage, allow: needs('person.read') },
  { path: '/admin/brugere', page: UsersPage, allow: needs('users.manage'), nav: 'nav.users' },
  // Vocabularies an administrator keeps (docs/domain.md, "Vocabularies").
  { path: '/admin/vaerdilister', page: VocabulariesPage, allow: needs('vocabulary.manage'), nav: 'vocabularies.nav' },
  { path: '/dpo/log', page: AuditLogPage, allow: needs('audit.read'), nav: 'nav.auditLog' },
  // The retention schedule, upcoming deletions and receipts (docs/retention.md): the DPO's, and the manager's to see.
  { path: '/sletning', page: RetentionPage, allow: needs('retention.read'), nav: 'retention.nav' },
  // Transfers between units when a citizen moves (docs/domain.md, "Transfers"): ids, units and status, no content.
  { path: '/overdragelser', page: TransfersPage, allow: needs('transfer.read'), nav: 'transfers.nav' },
  { path: '/indstillinger/kendte-personer', page: KnownPersonSettingsPage, allow: needs('known_person.settings.manage'), nav: 'knownPersons.nav' },
  // Access requests (GDPR Art. 15): the request's opaque id only in the path; the citizen is searched by POST.
  { path: '/dpo/indsigt', page: AccessRequestsPage, allow: needs('access_request.manage'), nav: 'accessRequests.nav' },
  { path: '/dpo/indsigt/:id', page: AccessRequestPage, allow: needs('access_request.manage') },
  // Snooping alerts over the audit trail, and the bias watch (aggregates only): docs/security.md, docs/domain.md.
  { path: '/dpo/overvaagning', page: SnoopingPage, allow: needs('snooping.read'), nav: 'snooping.nav' },
  { path: '/dpo/overvaagning/:id', page: SnoopingAlertPage, allow: needs('snooping.read') },
  { path: '/skaevhed', page: BiasPage, allow: needs('bias.read'), nav: 'bias.nav' },
  // The start page of those who work with figures only and have no task list (the analyst).
  { path: '/forside', page: HomePage, allow: (me) => can(me, 'statistics.read') && !can(me, 'tasks.read'), nav: 'nav.home' },
  // Prevention work, action plans and statistics (no personal data, except the drill-down's case links).
  { path: '/forebyggelse', page: PreventionPage, allow: needs('activity.read'), nav: 'prevention.nav' },
  { path: '/forebyggelse/aktiviteter/ny', page: ActivityFormPage, allow: needs('activity.manage') },
  { path: '/forebyggelse/aktiviteter/:id', page: ActivityPage, allow: needs('activity.read') },
  // Risk environments and networks (docs/domain.md): registers without persons; managed by coordinators and managers.
  { path: '/forebyggelse/risikomiljoer', page: EnvironmentsPage, allow: (me) => can(me, 'environment.manage'), nav: 'environments.nav' },
  { path: '/handleplaner', page: PlansDashboardPage, allow: needs('plan.read'), nav: 'plans.nav' },
  { path: '/handleplaner/ny', page: PlanNewPage, allow: needs('plan.manage') },
  { path: '/handleplaner/:id', page: PlansDashboardPage, allow: needs('plan.read') },
  { path: '/handleplaner/:id/rediger', page: PlanEditPage, allow: needs('plan.manage') },
  { path: '/handleplaner/:id/indikatorer/:indicatorId', page: IndicatorRecordsPage, allow: needs('statistics.drilldown') },
  { path: '/statistik', page: StatisticsPage, allow: needs('statistics.read'), nav: 'statistics.nav' },
  // The national view and national administration (docs/domain.md, "The national view"): aggregates and units only.
  { path: '/landstal', page: NationalStatisticsPage, allow: needs('national.statistics'), nav: 'national.nav' },
  { path: '/landstal/deltagelse', page: NationalParticipationPage, allow: needs('national.participation'), nav: 'nationalAdmin.participation.nav' },
  { path: '/landsadministration', page: NationalUnitsPage, allow: needs('national.units.manage'), nav: 'nationalAdmin.nav' },
  // The counts of the vocabularies' values in a period, labelled as at its end (docs/domain.md, "Vocabularies").
  { path: '/statistik/vaerdier', page: VocabularyCountsPage, allow: needs('statistics.read'), nav: 'vocabularies.counts.nav' },
];

/** The navigation entries the user sees. */
export function navFor(me: Me): RouteDef[] {
  return ROUTES.filter((r) => r.nav && r.allow(me));
}

/** Where the user lands after sign-in and on '/': the first entry of their navigation. */
export function landingFor(me: Me): string {
  return navFor(me)[0]?.path ?? '/forside';
}
