import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import {
  BudgetLine, BudgetLineInput, CaseloadInput, CaseloadTable, Dashboard, DashboardQuery, IndicatorInput, IndicatorRecords, IndicatorRecordsParams,
  IndicatorRecordsQuery, MilestoneDecision, MilestoneDecisionInput, PlanDetail, PlanTrack, PlanUpdate, ReportTexts, ReportTextsInput, ReportTextsParams, TrackInput, PlanIndicator, PlanInput, PlanSummary, SpendingEntry, SpendingInput,
} from '../../../shared/plans.ts';
import { plans } from './service.ts';

/** Action plans, their indicators and budgets, the dashboard and drill-down, and the caseload statistics. */
export async function plansRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['plans'];
  api.post('/plans', { schema: { tags, body: PlanInput, response: { 201: PlanDetail } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => plans.create(s, req.body))));
  api.get('/plans', { schema: { tags, response: { 200: z.array(PlanSummary) } } }, (req) => req.scoped((s) => plans.list(s)));
  api.get('/plans/:id', { schema: { tags, params: IdParams, response: { 200: PlanDetail } } }, (req) => req.scoped((s) => plans.get(s, req.params.id)));
  api.patch('/plans/:id', { schema: { tags, params: IdParams, body: PlanUpdate, response: { 200: PlanDetail } } }, (req) =>
    req.scoped((s) => plans.update(s, req.params.id, req.body)));
  api.post('/plans/:id/tracks', { schema: { tags, params: IdParams, body: TrackInput, response: { 201: PlanTrack } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => plans.addTrack(s, req.params.id, req.body))));
  api.post('/plans/:id/indicators', { schema: { tags, params: IdParams, body: IndicatorInput, response: { 201: PlanIndicator } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => plans.addIndicator(s, req.params.id, req.body))));
  api.post('/plans/:id/budget-lines', { schema: { tags, params: IdParams, body: BudgetLineInput, response: { 201: BudgetLine } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => plans.addBudgetLine(s, req.params.id, req.body))));
  api.post('/budget-lines/:id/spending', { schema: { tags, params: IdParams, body: SpendingInput, response: { 201: SpendingEntry } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => plans.addSpending(s, req.params.id, req.body))));
  api.post('/plans/:id/milestone-decisions', { schema: { tags, params: IdParams, body: MilestoneDecisionInput, response: { 201: MilestoneDecision } } },
    async (req, reply) => reply.status(201).send(await req.scoped((s) => plans.recordMilestoneDecision(s, req.params.id, req.body))));
  api.get('/plans/:id/milestone-decisions', { schema: { tags, params: IdParams, response: { 200: z.array(MilestoneDecision) } } }, (req) =>
    req.scoped((s) => plans.milestoneDecisions(s, req.params.id)));
  api.get('/plans/:id/report-texts/:year', { schema: { tags, params: ReportTextsParams, response: { 200: ReportTexts } } }, (req) =>
    req.scoped((s) => plans.reportTexts(s, req.params.id, req.params.year)));
  api.put('/plans/:id/report-texts/:year', { schema: { tags, params: ReportTextsParams, body: ReportTextsInput, response: { 200: ReportTexts } } }, (req) =>
    req.scoped((s) => plans.saveReportTexts(s, req.params.id, req.params.year, req.body)));
  api.get('/plans/:id/dashboard', { schema: { tags, params: IdParams, querystring: DashboardQuery, response: { 200: Dashboard } } }, (req) =>
    req.scoped((s) => plans.dashboard(s, req.params.id, req.query.year)));
  api.get('/plans/:id/indicators/:indicatorId/records', {
    schema: { tags, params: IndicatorRecordsParams, querystring: IndicatorRecordsQuery, response: { 200: IndicatorRecords } },
  }, (req) => req.scoped((s) => plans.indicatorRecords(s, req.params.id, req.params.indicatorId, req.query.year)));
  // A POST because the criteria may grow to include personal attributes; none belong in a URL.
  api.post('/statistics/caseload', { schema: { tags: ['statistics'], body: CaseloadInput, response: { 200: CaseloadTable } } }, (req) =>
    req.scoped((s) => plans.caseload(s, req.body)));
}
