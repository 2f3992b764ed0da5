import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import {
  Activity, ActivityInput, ActivityPatch, ActivityQuery, ForumMember, ForumMemberInput, ForumMemberList, ForumMemberPatch, PublicSurvey, PublicTokenParams,
  Survey, SurveyInput, SurveyQr, SurveyResponseInput, SurveyResults, SurveySummary,
} from '../../../shared/prevention.ts';
import { WindowQuota } from './quota.ts';
import { activities, forum, publicSurveys, surveys } from './service.ts';

/**
 * Requests per minute per client address on the public survey routes (each route counts on its own). Strict, since
 * anyone may call them; a whole class answering from one school network stays under it within a minute or two.
 */
export const PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE = 30;

/**
 * Answer tickets one client address may fetch for one survey per hour. Each ticket lets one answer in
 * (prevention/repo.ts), so this bounds the answers one address can add to a survey whose share agreeing feeds a plan
 * target, while a class on a shared school network (one address) still gets a page each, reloads included.
 */
export const PUBLIC_SURVEY_TICKETS_PER_HOUR = 60;

/** Prevention work (docs/domain.md, "Prevention work"): activities, anonymous surveys, the citizen forum. No personal data. */
export async function preventionRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const { ctx } = deps;

  // --- activities ---
  let tags = ['prevention'];
  api.post('/activities', { schema: { tags, body: ActivityInput, response: { 201: Activity } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => activities.create(s, req.body))));
  // Filters are a year and kinds, never personal data, so the list is a GET with a query string.
  api.get('/activities', { schema: { tags, querystring: ActivityQuery, response: { 200: z.array(Activity) } } }, (req) =>
    req.scoped((s) => activities.list(s, req.query)));
  api.get('/activities/:id', { schema: { tags, params: IdParams, response: { 200: Activity } } }, (req) =>
    req.scoped((s) => activities.get(s, req.params.id)));
  api.patch('/activities/:id', { schema: { tags, params: IdParams, body: ActivityPatch, response: { 200: Activity } } }, (req) =>
    req.scoped((s) => activities.update(s, req.params.id, req.body)));

  // --- surveys (staff side) ---
  tags = ['surveys'];
  api.post('/surveys', { schema: { tags, body: SurveyInput, response: { 201: Survey } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => surveys.create(s, req.body))));
  api.get('/surveys/:id/results', { schema: { tags, params: IdParams, response: { 200: SurveyResults } } }, (req) =>
    req.scoped((s) => surveys.results(s, req.params.id)));
  api.get('/activities/:id/surveys', { schema: { tags, params: IdParams, response: { 200: z.array(SurveySummary) } } }, (req) =>
    req.scoped((s) => surveys.ofActivity(s, req.params.id)));
  api.get('/surveys/:id/qr', { schema: { tags, params: IdParams, response: { 200: SurveyQr } } }, (req) =>
    req.scoped((s) => surveys.qr(s, req.params.id, ctx.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`)));

  // --- surveys (public side: no sign-in, no cookie, nothing stored about who answers) ---
  // Abuse limits that a client cannot reset by changing what it sends (docs/security.md, threat model: someone on the
  // internet): every answer needs a single-use ticket from the survey page (one page, one answer), tickets and
  // requests are counted per client address (req.ip), never per cookie or ticket, and the counts live in memory only.
  const publicLimit = {
    max: PUBLIC_SURVEY_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (req: { ip: string }) => `survey:${req.ip}`,
  };
  const tickets = new WindowQuota(PUBLIC_SURVEY_TICKETS_PER_HOUR, 60 * 60_000);
  api.get('/public/surveys/:token', {
    config: { public: true, rateLimit: publicLimit },
    schema: { tags, params: PublicTokenParams, response: { 200: PublicSurvey } },
  }, (req) => publicSurveys.find(ctx, req.params.token, () => tickets.take(`${req.ip} ${req.params.token}`, ctx.clock.now())));
  api.post('/public/surveys/:token/responses', {
    config: { public: true, rateLimit: publicLimit },
    schema: { tags, params: PublicTokenParams, body: SurveyResponseInput, response: { 201: z.object({ received: z.literal(true) }) } },
  }, async (req, reply) => reply.status(201).send(await publicSurveys.respond(ctx, req.params.token, req.body)));

  // --- citizen forum ---
  tags = ['forum'];
  api.post('/forum/members', { schema: { tags, body: ForumMemberInput, response: { 201: ForumMember } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => forum.create(s, req.body))));
  api.patch('/forum/members/:id', { schema: { tags, params: IdParams, body: ForumMemberPatch, response: { 200: ForumMember } } }, (req) =>
    req.scoped((s) => forum.update(s, req.params.id, req.body)));
  api.get('/forum/members', { schema: { tags, response: { 200: ForumMemberList } } }, (req) => req.scoped((s) => forum.list(s)));
}
