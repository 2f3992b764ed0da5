/** Routes walked by tests/matrix-reports.int.test.ts (the yearly report to the committee). */
export const COVERED: string[] = [
  'POST /api/v1/reports/year',
  'GET /api/v1/reports/jobs/:jobId',
  'GET /api/v1/reports/jobs/:jobId/pdf',
  'GET /api/v1/reports/jobs/:jobId/xlsx',
];
