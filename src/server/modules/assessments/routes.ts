import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Assessment, AssessmentInput, Instrument, InstrumentIdParams, Progression } from '../../../shared/assessments.ts';
import { assessments } from './service.ts';

/** Assessments on the national assessment tool (docs/domain.md, step 6). */
export async function assessmentsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['assessments'];
  api.get('/assessment-instruments/:id', { schema: { tags, params: InstrumentIdParams, response: { 200: Instrument } } }, (req) =>
    req.scoped((s) => assessments.getInstrument(s, req.params.id)));
  api.post('/cases/:id/assessments', { schema: { tags, params: IdParams, body: AssessmentInput, response: { 201: Assessment } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => assessments.record(s, req.params.id, req.body))));
  api.get('/cases/:id/assessments', { schema: { tags, params: IdParams, response: { 200: z.array(Assessment) } } }, (req) =>
    req.scoped((s) => assessments.list(s, req.params.id)));
  api.get('/cases/:id/assessments/progression', { schema: { tags, params: IdParams, response: { 200: Progression } } }, (req) =>
    req.scoped((s) => assessments.progression(s, req.params.id)));
}
