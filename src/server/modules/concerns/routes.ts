import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import {
  BehaviourIndicator, ChildReportInput, Concern, ConcernInput, ReligionOverrideCount, ConcernSummary, InfohusInput, InfohusResult, PoliceCheckInput, ShareInput, ShareResult,
} from '../../../shared/intake.ts';
import { ConcernListQuery } from './contracts.ts';
import { ConcernPage, ConcernPageQuery } from '../../../shared/lists.ts';
import { concerns } from './service.ts';
import { ConcernCorrectionInput, ConcernRecord } from '../../../shared/corrections.ts';
import { InfohusCorrectionInput } from '../../../shared/flow-corrections.ts';

/** The concern as its page shows it: the concern, and the unit's record of its flow (null for police and partners). */
const ConcernWithRecord = Concern.extend({ record: ConcernRecord.nullable() });

/** Concerns (docs/domain.md, steps 2–4): registration with observed behaviour, the triage queue, police check, Infohus. */
export async function concernsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['concerns'];
  api.get('/behaviour-indicators', { schema: { tags, response: { 200: z.array(BehaviourIndicator) } } }, (req) =>
    req.scoped((s) => concerns.indicators(s)));
  api.post('/concerns', { schema: { tags, body: ConcernInput, response: { 201: Concern } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => concerns.create(s, req.body))));
  // The queue's filters are not personal data (the case page's filters are ids), so the list is a GET.
  api.get('/concerns', { schema: { tags, querystring: ConcernListQuery, response: { 200: z.array(ConcernSummary) } } }, (req) =>
    req.scoped((s) => concerns.list(s, req.query)));
  api.get('/concerns/page', { schema: { tags, querystring: ConcernPageQuery, response: { 200: ConcernPage } } }, (req) =>
    req.scoped((s) => concerns.page(s, req.query)));
  api.get('/concerns/religion-overrides', { schema: { tags, response: { 200: ReligionOverrideCount } } }, (req) =>
    req.scoped((s) => concerns.religionOverrides(s)));
  api.get('/concerns/:id', { schema: { tags, params: IdParams, response: { 200: ConcernWithRecord } } }, (req) =>
    req.scoped((s) => concerns.get(s, req.params.id)));
  api.patch('/concerns/:id', {
    schema: { tags, params: IdParams, body: ConcernCorrectionInput, response: { 200: z.object({ concern: ConcernWithRecord, changed: z.array(z.string()) }) } },
  }, (req) => req.scoped((s) => concerns.correct(s, req.params.id, req.body)));
  api.patch('/concerns/:id/infohus', {
    schema: { tags, params: IdParams, body: InfohusCorrectionInput, response: { 200: z.object({ concern: ConcernWithRecord, changed: z.array(z.string()) }) } },
  }, (req) => req.scoped((s) => concerns.correctInfohus(s, req.params.id, req.body)));
  api.post('/concerns/:id/share', { schema: { tags, params: IdParams, body: ShareInput, response: { 200: ShareResult } } }, (req) =>
    req.scoped((s) => concerns.share(s, req.params.id, req.body)));
  api.post('/concerns/:id/police-check', { schema: { tags, params: IdParams, body: PoliceCheckInput, response: { 200: Concern } } }, (req) =>
    req.scoped((s) => concerns.policeCheck(s, req.params.id, req.body)));
  api.post('/concerns/:id/infohus', { schema: { tags, params: IdParams, body: InfohusInput, response: { 200: InfohusResult } } }, (req) =>
    req.scoped((s) => concerns.assess(s, req.params.id, req.body)));
  api.post('/concerns/:id/child-report', { schema: { tags, params: IdParams, body: ChildReportInput, response: { 200: Concern } } }, (req) =>
    req.scoped((s) => concerns.recordChildReport(s, req.params.id, req.body)));
}
