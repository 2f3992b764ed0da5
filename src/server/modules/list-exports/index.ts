/** Exports of a list to Excel (docs/architecture.md, "Exports of a list"): routes only; no other module uses it. */
export { listExportsRoutes } from './routes.ts';
