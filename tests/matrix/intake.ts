/** Routes walked by tests/matrix-intake.int.test.ts (calls, concerns, person matching and CPR reveal). */
export const COVERED: string[] = [
  'POST /api/v1/calls',
  'GET /api/v1/calls',
  'GET /api/v1/calls/:id',
  'POST /api/v1/calls/:id/forward',
  'POST /api/v1/persons/matches',
  'POST /api/v1/persons/:id/cpr/reveal',
  'GET /api/v1/behaviour-indicators',
  'POST /api/v1/concerns',
  'GET /api/v1/concerns',
  'GET /api/v1/concerns/:id',
  'POST /api/v1/concerns/:id/share',
  'POST /api/v1/concerns/:id/police-check',
  'POST /api/v1/concerns/:id/infohus',
];
