/** The directory module's public face: the staff directory's route and contracts. */
export { directoryRoutes } from './routes.ts';
export { DirectoryEntry, DirectoryQuery } from './contracts.ts';
