/**
 * The consents module's public face: the check behind a disclosure on the basis 'consent' (cases and concerns call
 * it) (the routes are registered in ../registry.ts). It imports the cases module (for the case reach), so the cases module reaches it only here.
 */
export { requireValidConsentInTrx } from './service.ts';
