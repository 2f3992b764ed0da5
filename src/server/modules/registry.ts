import type { RegisterRoutes } from '../http/route-types.ts';
import { healthRoutes } from './health/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { userRoutes } from './users/routes.ts';
import { personRoutes } from './persons/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { auditRoutes } from './audit-log/routes.ts';
import { callsRoutes } from './calls/routes.ts';
import { concernsRoutes } from './concerns/routes.ts';
import { assessmentsRoutes } from './assessments/routes.ts';
import { offersRoutes } from './offers/routes.ts';
import { coursesRoutes } from './courses/routes.ts';
import { followupsRoutes } from './followups/routes.ts';
import { tasksRoutes } from './tasks/routes.ts';
import { preventionRoutes } from './prevention/routes.ts';
import { plansRoutes } from './plans/routes.ts';
import { reportsRoutes } from './reports/routes.ts';
import { directoryRoutes } from './directory/index.ts';
import { overviewRoutes } from './overview/routes.ts';
import { retentionRoutes } from './retention/index.ts';
import { legalHoldsRoutes } from './legal-holds/index.ts';
import { accessRequestsRoutes } from './access-requests/index.ts';
import { snoopingRoutes } from './snooping/routes.ts';
import { consentRoutes } from './consents/routes.ts';
import { biasRoutes } from './bias/routes.ts';
import { casePageRoutes } from './casepage/routes.ts';
import { documentsRoutes } from './documents/routes.ts';
import { meetingsRoutes } from './meetings/routes.ts';
import { closuresRoutes } from './closures/index.ts';
import { supportPlanRoutes } from './support-plan/index.ts';
import { familyRoutes } from './family/routes.ts';
import { caseSummaryRoutes } from './case-summary/routes.ts';
import { supervisionRoutes } from './supervision/index.ts';
import { notificationsRoutes } from './notifications/routes.ts';
import { handoverRoutes } from './handover/routes.ts';
import { workloadRoutes } from './workload/routes.ts';
import { transfersRoutes } from './transfers/index.ts';
import { environmentsRoutes } from './environments/index.ts';
import { psychiatryRoutes } from './psychiatry/index.ts';
import { historyRoutes } from './history/index.ts';
import { transitionsRoutes } from './transitions/index.ts';
import { knownPersonsRoutes } from './known-persons/index.ts';
import { nationalRoutes } from './national/index.ts';
import { listExportsRoutes } from './list-exports/index.ts';
import { vocabulariesRoutes } from './vocabularies/index.ts';

/**
 * The module registry: every module's routes, in registration order. http/app.ts registers this list under /api/v1;
 * adding a module is one line here (docs/architecture.md, "Adding a module").
 */
export const MODULE_ROUTES: readonly RegisterRoutes[] = [
  healthRoutes, authRoutes, userRoutes, personRoutes, caseRoutes, auditRoutes, callsRoutes, concernsRoutes, assessmentsRoutes,
  offersRoutes, coursesRoutes, followupsRoutes, tasksRoutes, preventionRoutes, plansRoutes, reportsRoutes, directoryRoutes,
  overviewRoutes, retentionRoutes, legalHoldsRoutes, accessRequestsRoutes, snoopingRoutes, consentRoutes, biasRoutes, casePageRoutes, documentsRoutes, meetingsRoutes,
  closuresRoutes, supportPlanRoutes, familyRoutes, caseSummaryRoutes, supervisionRoutes,
  notificationsRoutes, handoverRoutes, workloadRoutes, transfersRoutes,
  environmentsRoutes, psychiatryRoutes, historyRoutes, transitionsRoutes,
  knownPersonsRoutes,
  nationalRoutes,
  listExportsRoutes,
  vocabulariesRoutes,
];
