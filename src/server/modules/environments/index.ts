/** The environments module's public face: its routes (docs/domain.md, "Risk environments and networks"). */
export { environmentsRoutes } from './routes.ts';
