/** The meetings module's public face: its routes (modules/registry.ts). */
export { meetingsRoutes } from './routes.ts';
