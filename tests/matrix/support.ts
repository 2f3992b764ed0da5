/** Routes walked by tests/matrix-support.int.test.ts (offers, courses, follow-ups, tasks). */
export const COVERED: string[] = [
  'POST /api/v1/cases/:id/offers',
  'GET /api/v1/cases/:id/offers',
  'POST /api/v1/offers/:id/response',
  'POST /api/v1/cases/:id/courses',
  'GET /api/v1/courses/mine',
  'GET /api/v1/courses/:id',
  'POST /api/v1/courses/:id/end',
  'POST /api/v1/courses/:id/sessions',
  'GET /api/v1/courses/:id/sessions',
  'GET /api/v1/cases/:id/follow-ups',
  'POST /api/v1/follow-ups/:id/answer',
  'GET /api/v1/tasks/mine',
];
