/** Routes walked by tests/matrix-gaps.int.test.ts (staff directory, a case's courses and history). */
export const COVERED: string[] = [
  'GET /api/v1/directory',
  'GET /api/v1/cases/:id/courses',
  'GET /api/v1/cases/:id/history',
];
