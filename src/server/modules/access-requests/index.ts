/** The access-requests module's public face: its routes (GDPR Art. 15 access requests, docs/security.md). */
export { accessRequestsRoutes } from './routes.ts';
