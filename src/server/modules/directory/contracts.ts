import { z } from 'zod';
import { Role } from '../../../shared/roles.ts';

/**
 * GET /directory query. role narrows to one role (e.g. police_liaison when sharing a concern, mentor when starting a
 * course); q matches the start of any word of the name or the organisation, case-insensitively. Staff names, not
 * citizen data, so this may be a GET.
 */
export const DirectoryQuery = z.object({
  role: Role.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export type DirectoryQuery = z.infer<typeof DirectoryQuery>;

/** A colleague one may pick: no username, no sign-in or security fields. */
export const DirectoryEntry = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: Role,
  organisation: z.string().nullable(),
  unitName: z.string(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;
