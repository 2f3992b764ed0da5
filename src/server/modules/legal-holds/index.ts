/** The legal-holds module's public face: access requests place and lift their hold in their own transaction. */
export { placeAccessRequestHoldInTrx, liftAccessRequestHoldsInTrx, accessRequestHoldInTrx } from './service.ts';
export { legalHoldsRoutes } from './routes.ts';
