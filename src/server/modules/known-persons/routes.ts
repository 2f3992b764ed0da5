import type { Api, RouteDeps } from '../../http/route-types.ts';
import { KnownPersonAnswer, KnownPersonQuestion, KnownPersonSettings, KnownPersonSettingsInput } from '../../../shared/known-persons.ts';
import { knownPersons, syncCprIndex } from './service.ts';

/**
 * "Is this person already known?" across units (docs/domain.md, "Already known elsewhere"). The CPR number travels in
 * the body of a POST, never in the URL. The index is brought up to date (system path) before the scoped question.
 */
export async function knownPersonsRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const tags = ['known-persons'];
  const box = deps.ctx.secretBox;
  api.post('/known-persons/questions', { schema: { tags, body: KnownPersonQuestion, response: { 200: KnownPersonAnswer } } }, async (req) => {
    await syncCprIndex({ db: deps.ctx.db, clock: deps.ctx.clock, secretBox: box });
    return req.scoped((s) => knownPersons.ask(s, box, req.body));
  });
  api.get('/known-persons/settings', { schema: { tags, response: { 200: KnownPersonSettings } } }, (req) => req.scoped((s) => knownPersons.settings(s)));
  api.put('/known-persons/settings', { schema: { tags, body: KnownPersonSettingsInput, response: { 200: KnownPersonSettings } } }, (req) =>
    req.scoped((s) => knownPersons.saveSettings(s, req.body)));
}
