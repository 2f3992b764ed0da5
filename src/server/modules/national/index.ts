/** The national module's public face (docs/domain.md, "The national view"). */
export { nationalRoutes } from './routes.ts';
export { nationalSystemRepo } from './repo.ts';
