import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import {
  HotlineMembershipChange, NationalParticipation, NationalStatistics, NationalStatisticsQuery, NationalUnit, NationalUnits, NewNationalUnit,
} from '../../../shared/national.ts';
import { national } from './service.ts';
import { buildNationalWorkbook } from './xlsx.ts';

const FileBody = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });
const XlsxQuery = NationalStatisticsQuery.extend({ lang: z.enum(['da', 'en']).default('da') });

/**
 * The national view (the national analyst's suppressed aggregates and their Excel file), a unit's opt-out, and
 * national administration of units and hotline memberships (docs/domain.md, "The national view").
 */
export async function nationalRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['national'];
  api.post('/national/statistics', { schema: { tags, body: NationalStatisticsQuery, response: { 200: NationalStatistics } } }, (req) =>
    req.scoped((s) => national.statistics(s, req.body)));
  api.get('/national/statistics.xlsx', { schema: { tags, querystring: XlsxQuery, response: { 200: FileBody } } }, async (req, reply) => {
    const { lang, ...q } = req.query;
    const { table, now } = await req.scoped(async (s) => ({ table: await national.statistics(s, q), now: s.now }));
    const file = await buildNationalWorkbook(table, lang, now);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="landstal-${q.groupBy}-${q.from.slice(0, 4)}-${q.to.slice(0, 4)}.xlsx"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file);
  });
  api.get('/national/participation', { schema: { tags, response: { 200: NationalParticipation } } }, (req) =>
    req.scoped((s) => national.participation(s)));
  api.put('/national/participation', { schema: { tags, body: NationalParticipation, response: { 200: NationalParticipation } } }, (req) =>
    req.scoped((s) => national.setParticipation(s, req.body.takesPart)));
  api.get('/national/units', { schema: { tags, response: { 200: NationalUnits } } }, (req) => req.scoped((s) => national.units(s)));
  api.post('/national/units', { schema: { tags, body: NewNationalUnit, response: { 201: NationalUnit } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => national.createUnit(s, req.body))));
  api.put('/national/units/:id/hotlines/:hotlineId', {
    schema: { tags, params: z.strictObject({ id: z.uuid(), hotlineId: z.uuid() }), body: HotlineMembershipChange, response: { 200: NationalUnit } },
  }, (req) => req.scoped((s) => national.setHotlineMembership(s, req.params.id, req.params.hotlineId, req.body)));
}
