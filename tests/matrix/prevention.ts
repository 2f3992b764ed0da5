/** Routes walked by tests/matrix-prevention.int.test.ts (activities, surveys staff and public side, citizen forum). */
export const COVERED: string[] = [
  'POST /api/v1/activities',
  'GET /api/v1/activities',
  'GET /api/v1/activities/:id',
  'PATCH /api/v1/activities/:id',
  'POST /api/v1/surveys',
  'GET /api/v1/surveys/:id/results',
  'GET /api/v1/surveys/:id/qr',
  'GET /api/v1/public/surveys/:token',
  'POST /api/v1/public/surveys/:token/responses',
  'POST /api/v1/forum/members',
  'PATCH /api/v1/forum/members/:id',
  'GET /api/v1/forum/members',
];
