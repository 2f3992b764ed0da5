import type { ComponentType } from 'react';
import type { Role } from '../api/auth.ts';
import type { PageProps } from './router.tsx';
import { UsersPage } from '../features/admin/UsersPage.tsx';
import { CallFormPage } from '../features/calls/CallFormPage.tsx';
import { CaseListPage } from '../features/cases/CaseListPage.tsx';
import { CasePage } from '../features/cases/CasePage.tsx';
import { ConcernPage } from '../features/concerns/ConcernPage.tsx';
import { IntakePage } from '../features/concerns/IntakePage.tsx';
import { QueuePage } from '../features/concerns/QueuePage.tsx';
import { AuditLogPage } from '../features/dpo/AuditLogPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { MentorCoursePage } from '../features/mentor/MentorCoursePage.tsx';
import { MyCoursesPage } from '../features/mentor/MyCoursesPage.tsx';
import { SearchPage } from '../features/search/SearchPage.tsx';
import { TodayPage } from '../features/today/TodayPage.tsx';
import { IndicatorRecordsPage } from '../features/plans/IndicatorRecordsPage.tsx';
import { PlansDashboardPage } from '../features/plans/PlansDashboardPage.tsx';
import { ActivityFormPage } from '../features/prevention/ActivityFormPage.tsx';
import { ActivityPage } from '../features/prevention/ActivityPage.tsx';
import { PreventionPage } from '../features/prevention/PreventionPage.tsx';
import { StatisticsPage } from '../features/statistics/StatisticsPage.tsx';

/**
 * The route table. Paths carry opaque ids only — never names, CPR numbers or search text — so nothing personal
 * reaches browser history, logs or Referer headers. `roles` lists who may open the page; `nav` puts it in the main
 * navigation (in table order) for those roles. The server enforces access regardless; this only hides what a role
 * cannot use. Pages never import this table (it imports them): they get their params as PageProps from the router
 * and the user's landing page from session.ts.
 */
export interface RouteDef {
  path: string;
  page: ComponentType<PageProps>;
  roles: readonly Role[];
  /** Translation key of the navigation label; absent for pages reached by links only. */
  nav?: string;
}

const CASEWORK: readonly Role[] = ['adviser', 'coordinator', 'police_liaison', 'partner', 'manager'];

export const ROUTES: readonly RouteDef[] = [
  { path: '/opgaver', page: TodayPage, roles: ['adviser', 'coordinator', 'police_liaison', 'mentor', 'manager'], nav: 'nav.today' },
  { path: '/opkald/ny', page: CallFormPage, roles: ['adviser', 'coordinator'], nav: 'nav.newCall' },
  { path: '/opkald/:id/videresend', page: IntakePage, roles: ['adviser', 'coordinator'] },
  { path: '/henvendelser/ny', page: IntakePage, roles: ['adviser', 'coordinator'], nav: 'nav.newConcern' },
  { path: '/henvendelser', page: QueuePage, roles: ['coordinator', 'adviser', 'police_liaison', 'partner', 'manager'], nav: 'nav.concerns' },
  { path: '/henvendelser/:id', page: ConcernPage, roles: ['coordinator', 'adviser', 'police_liaison', 'partner', 'manager'] },
  { path: '/sager', page: CaseListPage, roles: [...CASEWORK, 'mentor'], nav: 'nav.cases' },
  { path: '/sager/:id', page: CasePage, roles: [...CASEWORK, 'mentor'] },
  { path: '/mine-forloeb', page: MyCoursesPage, roles: ['mentor'], nav: 'nav.mentor' },
  { path: '/mine-forloeb/:id', page: MentorCoursePage, roles: ['mentor'] },
  { path: '/soeg', page: SearchPage, roles: ['adviser', 'coordinator', 'manager'], nav: 'nav.search' },
  { path: '/admin/brugere', page: UsersPage, roles: ['admin'], nav: 'nav.users' },
  { path: '/dpo/log', page: AuditLogPage, roles: ['dpo'], nav: 'nav.auditLog' },
  { path: '/forside', page: HomePage, roles: ['analyst'], nav: 'nav.home' },
  // Prevention work, action plans and statistics (no personal data, except the drill-down's case links).
  { path: '/forebyggelse', page: PreventionPage, roles: ['adviser', 'coordinator', 'manager'], nav: 'prevention.nav' },
  { path: '/forebyggelse/aktiviteter/ny', page: ActivityFormPage, roles: ['adviser', 'coordinator'] },
  { path: '/forebyggelse/aktiviteter/:id', page: ActivityPage, roles: ['adviser', 'coordinator', 'manager'] },
  { path: '/handleplaner', page: PlansDashboardPage, roles: ['manager', 'coordinator', 'analyst', 'admin'], nav: 'plans.nav' },
  { path: '/handleplaner/:id', page: PlansDashboardPage, roles: ['manager', 'coordinator', 'analyst', 'admin'] },
  { path: '/handleplaner/:id/indikatorer/:indicatorId', page: IndicatorRecordsPage, roles: ['manager', 'coordinator'] },
  { path: '/statistik', page: StatisticsPage, roles: ['analyst', 'manager', 'coordinator'], nav: 'statistics.nav' },
];

/** The navigation entries a role sees. */
export function navFor(role: Role): RouteDef[] {
  return ROUTES.filter((r) => r.nav && r.roles.includes(role));
}

/** Where a role lands after sign-in and on '/': the first entry of its navigation. */
export function landingFor(role: Role): string {
  return navFor(role)[0]?.path ?? '/forside';
}
