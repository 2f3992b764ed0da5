import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import {
  CaseDetail, CaseInput, CasePatch, CaseSummary, Disclosure, DisclosureInput, IdParams, LegalBasis, MemberInput, MemberRelation, Note, NoteInput,
} from '../../../shared/contracts.ts';
import { CaseReopenInput, CaseTransitionInput } from '../../../shared/case-workflow.ts';
import { CaseCourse, CaseHistory } from './contracts.ts';
import { cases } from './service.ts';
import { CasePage, CasePageQuery } from '../../../shared/lists.ts';

export async function caseRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['cases'];
  api.post('/cases', { schema: { tags, body: CaseInput, response: { 201: CaseSummary } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => cases.create(s, req.body))));
  // No unpaged case list: GET /cases/page is the one list, with a true total and no silent cap (issue 12, item 2).
  api.get('/cases/page', { schema: { tags, querystring: CasePageQuery, response: { 200: CasePage } } }, (req) =>
    req.scoped((s) => cases.page(s, req.query)));
  api.get('/cases/:id', { schema: { tags, params: IdParams, response: { 200: CaseDetail } } }, (req) =>
    req.scoped((s) => cases.get(s, req.params.id)));
  api.patch('/cases/:id', { schema: { tags, params: IdParams, body: CasePatch, response: { 200: CaseSummary } } }, (req) =>
    req.scoped((s) => cases.update(s, req.params.id, req.body)));
  api.post('/cases/:id/transition', { schema: { tags, params: IdParams, body: CaseTransitionInput, response: { 200: CaseDetail } } }, (req) =>
    req.scoped((s) => cases.transition(s, req.params.id, req.body)));
  api.post('/cases/:id/reopen', { schema: { tags, params: IdParams, body: CaseReopenInput, response: { 200: CaseDetail } } }, (req) =>
    req.scoped((s) => cases.reopen(s, req.params.id, req.body)));
  api.post('/cases/:id/members', {
    schema: {
      tags, params: IdParams, body: MemberInput,
      response: { 201: z.object({ caseId: z.uuid(), userId: z.uuid(), relation: MemberRelation, legalBasis: LegalBasis.nullable() }) },
    },
  }, async (req, reply) => reply.status(201).send(await req.scoped((s) => cases.addMember(s, req.params.id, req.body))));
  api.get('/cases/:id/history', { schema: { tags, params: IdParams, response: { 200: CaseHistory } } }, (req) =>
    req.scoped((s) => cases.history(s, req.params.id)));
  // The case page's course list; POST /cases/:id/courses (starting one) lives in the courses module.
  api.get('/cases/:id/courses', { schema: { tags, params: IdParams, response: { 200: z.array(CaseCourse) } } }, (req) =>
    req.scoped((s) => cases.listCourses(s, req.params.id)));
  api.get('/cases/:id/notes', { schema: { tags, params: IdParams, response: { 200: z.array(Note) } } }, (req) =>
    req.scoped((s) => cases.listNotes(s, req.params.id)));
  api.post('/cases/:id/notes', { schema: { tags, params: IdParams, body: NoteInput, response: { 201: Note } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => cases.addNote(s, req.params.id, req.body))));
  api.get('/cases/:id/disclosures', { schema: { tags, params: IdParams, response: { 200: z.array(Disclosure) } } }, (req) =>
    req.scoped((s) => cases.listDisclosures(s, req.params.id)));
  api.post('/cases/:id/disclosures', { schema: { tags, params: IdParams, body: DisclosureInput, response: { 201: Disclosure } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => cases.disclose(s, req.params.id, req.body))));
}
