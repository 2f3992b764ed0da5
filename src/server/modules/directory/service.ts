import type { Scope } from '../../access/scope.ts';
import type { DirectoryEntry, DirectoryQuery } from './contracts.ts';
import { directoryRepo } from './repo.ts';

export const directory = {
  /**
   * Active colleagues the actor may pick: a police liaison to share a concern with, a mentor for a course, a case
   * member, a user to search the audit log by (see directoryRepo.list for who is listed and why).
   */
  async list(s: Scope, q: DirectoryQuery): Promise<DirectoryEntry[]> {
    return directoryRepo(s).list(q);
  },
};
