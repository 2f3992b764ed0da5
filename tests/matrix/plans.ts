/** Routes walked by tests/matrix-plans.int.test.ts (action plans, budgets, dashboard, drill-down, caseload statistics). */
export const COVERED: string[] = [
  'POST /api/v1/plans',
  'GET /api/v1/plans',
  'GET /api/v1/plans/:id',
  'POST /api/v1/plans/:id/indicators',
  'POST /api/v1/plans/:id/budget-lines',
  'POST /api/v1/budget-lines/:id/spending',
  'GET /api/v1/plans/:id/dashboard',
  'GET /api/v1/plans/:id/indicators/:indicatorId/records',
  'POST /api/v1/statistics/caseload',
];
