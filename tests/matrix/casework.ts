/** Routes walked by tests/matrix-casework.int.test.ts (case workflow, disclosures, assessments). */
export const COVERED: string[] = [
  'POST /api/v1/cases/:id/transition',
  'POST /api/v1/cases/:id/reopen',
  'POST /api/v1/cases/:id/disclosures',
  'GET /api/v1/cases/:id/disclosures',
  'GET /api/v1/assessment-instruments/:id',
  'POST /api/v1/cases/:id/assessments',
  'GET /api/v1/cases/:id/assessments',
  'GET /api/v1/cases/:id/assessments/progression',
];
