/**
 * The vocabularies module's public face (docs/domain.md, "Vocabularies"): its routes, and the runtime check other
 * modules make of a field that names a vocabulary entry.
 */
export { vocabulariesRoutes } from './routes.ts';
export { onlineAndCategory, requireActive, requireKnown } from './service.ts';
