/** The transitions module's public face: its routes (docs/domain.md, "Transitions"). */
export { transitionsRoutes } from './routes.ts';
