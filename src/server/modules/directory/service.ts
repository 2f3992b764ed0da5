import type { Scope } from '../../access/scope.ts';
import type { Role } from '../../../shared/roles.ts';
import type { DirectoryEntry, DirectoryQuery } from './contracts.ts';
import { directoryReachSql } from './policy.ts';

interface DirectoryRow {
  id: string;
  display_name: string;
  role: Role;
  organisation: string | null;
  unit_name: string;
}

/** LIKE wildcards typed by the user are matched literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const directory = {
  /**
   * Active colleagues the actor may pick (a police liaison to share a concern with, a mentor for a course, a case
   * member, a user to search the audit log by). Names, roles and organisations of staff, not citizen data: a granted
   * look-up is not audited; a role without directory.read gets an audited 403 like everywhere else.
   */
  async list(s: Scope, q: DirectoryQuery): Promise<DirectoryEntry[]> {
    const reaches = s.requireRole('directory.read', { action: 'search', recordType: 'user', criterion: 'directory' });
    const params: unknown[] = [];
    let where = `u.disabled_at IS NULL AND ${directoryReachSql(reaches, s.actor, params)}`;
    if (q.role) where += ` AND u.role = $${params.push(q.role)}`;
    if (q.q) {
      const word = `$${params.push(`${escapeLike(q.q.toLowerCase())}%`)}`;
      where += ` AND (lower(u.display_name) LIKE ${word} OR lower(u.display_name) LIKE ('% ' || ${word})
                      OR lower(coalesce(u.organisation, '')) LIKE ${word} OR lower(coalesce(u.organisation, '')) LIKE ('% ' || ${word}))`;
    }
    const r = await s.tx.query<DirectoryRow>(
      `SELECT u.id, u.display_name, u.role, u.organisation, un.name AS unit_name
         FROM users u JOIN units un ON un.id = u.unit_id
        WHERE ${where} ORDER BY u.display_name, u.id LIMIT 200`,
      params,
    );
    return r.rows.map((u) => ({ id: u.id, displayName: u.display_name, role: u.role, organisation: u.organisation, unitName: u.unit_name }));
  },
};
