/** The documents module's public face: its routes (modules/registry.ts). Other modules do not reach documents yet. */
export { documentsRoutes } from './routes.ts';
