/** The psychiatry module's public face: its routes (docs/domain.md, "The psychiatry pathway"). */
export { psychiatryRoutes } from './routes.ts';
