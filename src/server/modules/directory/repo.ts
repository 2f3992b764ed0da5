import { reachSql, repository, type ReachRules } from '../../access/scope.ts';
import type { Role } from '../../../shared/roles.ts';
import type { DirectoryEntry, DirectoryQuery } from './contracts.ts';

/**
 * The directory module's repository: its only SQL, a read of users and units (docs/architecture.md, "Where SQL
 * lives"). It selects the directory columns only: never password hashes, TOTP secrets, recovery codes or usernames.
 */

interface DirectoryRow {
  id: string;
  display_name: string;
  role: Role;
  organisation: string | null;
  unit_name: string;
}

/**
 * Who the staff directory shows the actor, for the reach 'unit' of directory.read: the active staff of the actor's
 * own unit, plus the police liaisons and partners of units in the same police district — the people a unit works
 * with in its Infohus (retsplejeloven § 115 cooperation is organised per police district). Staff of other
 * municipalities' prevention units are not listed: a case is never handed to them through VINK. Alias u for users,
 * un for the user's unit; no other reach lists anyone.
 */
const DIRECTORY_RULES: ReachRules = {
  unit: (u, units) => `(${u}.unit_id = ANY(${units}::uuid[])
    OR (${u}.role IN ('police_liaison', 'partner')
        AND un.police_district_id IN (SELECT own.police_district_id FROM units own WHERE own.id = ANY(${units}::uuid[]))))`,
};

/** LIKE wildcards typed by the user are matched literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The staff directory in the actor's scope. */
export const directoryRepo = repository((tx, s) => ({
  /**
   * Active colleagues the actor may pick. Names, roles and organisations of staff, not citizen data: a granted
   * look-up is not audited; a role without directory.read gets an audited 403 like everywhere else.
   */
  async list(q: DirectoryQuery): Promise<DirectoryEntry[]> {
    const reaches = s.requireRole('directory.read', { action: 'search', recordType: 'user', criterion: 'directory' });
    const params: unknown[] = [];
    let where = `u.disabled_at IS NULL AND ${reachSql(reaches, s.actor, params, 'u', DIRECTORY_RULES)}`;
    if (q.role) where += ` AND u.role = $${params.push(q.role)}`;
    if (q.q) {
      const word = `$${params.push(`${escapeLike(q.q.toLowerCase())}%`)}`;
      where += ` AND (lower(u.display_name) LIKE ${word} OR lower(u.display_name) LIKE ('% ' || ${word})
                      OR lower(coalesce(u.organisation, '')) LIKE ${word} OR lower(coalesce(u.organisation, '')) LIKE ('% ' || ${word}))`;
    }
    const r = await tx.query<DirectoryRow>(
      `SELECT u.id, u.display_name, u.role, u.organisation, un.name AS unit_name
         FROM users u JOIN units un ON un.id = u.unit_id
        WHERE ${where} ORDER BY u.display_name, u.id LIMIT 200`,
      params,
    );
    return r.rows.map((u) => ({ id: u.id, displayName: u.display_name, role: u.role, organisation: u.organisation, unitName: u.unit_name }));
  },
}));
