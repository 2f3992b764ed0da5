/** The transfers module's public face (docs/domain.md, "Transfers"). */
export { transfersRoutes } from './routes.ts';
