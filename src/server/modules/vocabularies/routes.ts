import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import {
  VocabularyAddInput, VocabularyAdmin, VocabularyCounts, VocabularyCountsQuery, VocabularyEntry, VocabularyEntryParams, VocabularyParams, VocabularyPatch,
} from '../../../shared/vocabularies.ts';
import { vocabularies } from './service.ts';

/** Vocabularies (docs/domain.md, "Vocabularies"): read by every form, kept by the administrator, and their counts. */
export async function vocabulariesRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['vocabularies'];
  api.get('/vocabularies/:vocabulary', { schema: { tags, params: VocabularyParams, response: { 200: z.array(VocabularyEntry) } } }, (req) =>
    req.scoped((s) => vocabularies.entries(s, req.params.vocabulary)));
  api.get('/vocabularies/:vocabulary/admin', { schema: { tags, params: VocabularyParams, response: { 200: VocabularyAdmin } } }, (req) =>
    req.scoped((s) => vocabularies.admin(s, req.params.vocabulary)));
  api.post('/vocabularies/:vocabulary', {
    schema: { tags, params: VocabularyParams, body: VocabularyAddInput, response: { 201: VocabularyEntry } },
  }, async (req, reply) => {
    const entry = await req.scoped((s) => vocabularies.add(s, req.params.vocabulary, req.body));
    return reply.code(201).send(entry);
  });
  api.patch('/vocabularies/:vocabulary/:code', {
    schema: { tags, params: VocabularyEntryParams, body: VocabularyPatch, response: { 200: VocabularyEntry } },
  }, (req) => req.scoped((s) => vocabularies.change(s, req.params.vocabulary, req.params.code, req.body)));
  api.get('/vocabulary-counts', { schema: { tags, querystring: VocabularyCountsQuery, response: { 200: VocabularyCounts } } }, (req) =>
    req.scoped((s) => vocabularies.counts(s, req.query.from, req.query.to)));
}
