/** The known-persons module's public face (docs/domain.md, "Already known elsewhere"). */
export { knownPersonsRoutes } from './routes.ts';
export { knownPersonQuestionsForAccessRequestInTrx, syncCprIndex } from './service.ts';
