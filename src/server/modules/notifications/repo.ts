import { repository, systemRepository } from '../../access/scope.ts';
import type { Notification, NotificationKind, NotificationSettingsInput } from '../../../shared/notifications.ts';
import { errors } from '../../platform/errors.ts';

/**
 * The notifications module's repository: the only place where SQL on notifications and notification_settings lives
 * (docs/architecture.md, "Where SQL lives"). Rows are written by the database's triggers (migration 0241) for
 * shares, task assignments and case status changes, and here for deadlines; row-level security shows each user
 * their own inbox only.
 */

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  created_at: Date;
  read_at: Date | null;
  concern_id: string | null;
  case_id: string | null;
  task_id: string | null;
  number: string | null;
}

interface SettingsRow {
  email: string | null;
  email_enabled: boolean;
  version: number;
}

/** The signed-in user's own inbox and settings. */
export const notificationRepo = repository((tx, s) => ({
  /**
   * The newest 100 notifications and the unread count. The record's number is joined under row-level security, so it
   * is null for a record the reader may no longer read. No personal data; one search audit row.
   */
  async inbox(): Promise<{ items: Notification[]; unread: number }> {
    s.requireRole('notifications.read', { action: 'search', recordType: 'notification', criterion: 'inbox' });
    const r = await tx.query<NotificationRow>(
      `SELECT n.id, n.kind, n.created_at, n.read_at, n.concern_id, n.case_id, n.task_id, COALESCE(k.number, c.number) AS number
       FROM notifications n
       LEFT JOIN concerns k ON k.id = n.concern_id
       LEFT JOIN cases c ON c.id = COALESCE(n.case_id, (SELECT t.case_id FROM tasks t WHERE t.id = n.task_id))
       WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id LIMIT 100`,
      [s.actor.id],
    );
    s.audit({ action: 'search', recordType: 'notification', criterion: 'inbox' });
    return {
      items: r.rows.map((n) => ({
        id: n.id, kind: n.kind, createdAt: n.created_at.toISOString(), read: n.read_at !== null, concernId: n.concern_id,
        caseId: n.case_id, taskId: n.task_id, number: n.number,
      })),
      unread: await this.unread(),
    };
  },

  /** How many of the user's notifications are unread (the header's badge). A count; not audited. */
  async unread(): Promise<number> {
    s.requireRole('notifications.read', { action: 'search', recordType: 'notification', criterion: 'unread' });
    const r = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [s.actor.id]);
    return Number(r.rows[0]!.n);
  },

  /** Marks one of the user's notifications read; another user's answers 404. */
  async markRead(id: string): Promise<void> {
    const entry = { action: 'update' as const, recordType: 'notification', recordId: id };
    s.requireRole('notifications.read', entry);
    const r = await tx.query(`UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id`, [id, s.actor.id, s.now]);
    if (r.rows.length === 0) s.refuse(entry);
    s.audit(entry);
  },

  /** Marks all of the user's notifications read. */
  async markAllRead(): Promise<void> {
    s.requireRole('notifications.read', { action: 'update', recordType: 'notification', criterion: 'all' });
    await tx.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [s.actor.id, s.now]);
    s.audit({ action: 'update', recordType: 'notification', criterion: 'all' });
  },

  /** The user's e-mail setting (off and no address until saved). */
  async settings(): Promise<SettingsRow> {
    s.requireRole('notifications.settings', { action: 'read', recordType: 'notification_settings' });
    const r = await tx.query<SettingsRow>(`SELECT email, email_enabled, version FROM notification_settings WHERE user_id = $1`, [s.actor.id]);
    return r.rows[0] ?? { email: null, email_enabled: false, version: 0 };
  },

  /** Saves the user's e-mail setting, versioned (409 on a stale version); audited as an update of their own settings. */
  async saveSettings(input: NotificationSettingsInput): Promise<SettingsRow> {
    const entry = { action: 'update' as const, recordType: 'notification_settings', recordId: s.actor.id };
    s.requireRole('notifications.settings', entry);
    if (input.emailEnabled && !input.email) throw errors.invalidField('email', 'is required when e-mail is on');
    let r;
    if (input.version === 0) {
      r = await tx.query<SettingsRow>(
        `INSERT INTO notification_settings (user_id, email, email_enabled, version, updated_at) VALUES ($1, $2, $3, 1, $4)
         ON CONFLICT (user_id) DO NOTHING RETURNING email, email_enabled, version`,
        [s.actor.id, input.email, input.emailEnabled, s.now],
      );
    } else {
      r = await tx.query<SettingsRow>(
        `UPDATE notification_settings SET email = $2, email_enabled = $3, version = version + 1, updated_at = $4
         WHERE user_id = $1 AND version = $5 RETURNING email, email_enabled, version`,
        [s.actor.id, input.email, input.emailEnabled, s.now, input.version],
      );
    }
    if (!r.rows[0]) throw errors.staleVersion((await this.settings()).version);
    s.audit({ ...entry, criterion: `email ${input.emailEnabled ? 'on' : 'off'}` });
    return r.rows[0];
  },
}));

/** One user's unsent e-mail: the address and the notifications it covers. */
export interface PendingMail {
  user_id: string;
  email: string;
  ids: string[];
}

/** The system path: deadline notifications (scheduler) and the e-mail job. */
export const notificationSystemRepo = systemRepository((tx, s) => ({
  /** A deadline within 24 hours: one notification per open assigned task, once. Answers how many were added. */
  async notifyDeadlines(): Promise<number> {
    const r = await tx.query(
      `INSERT INTO notifications (user_id, unit_id, kind, dedupe_key, concern_id, case_id, task_id, created_at)
       SELECT t.assignee_id, t.unit_id, 'deadline', 'deadline:' || t.id || ':' || t.assignee_id, t.concern_id, t.case_id, t.id, $1
       FROM tasks t JOIN users u ON u.id = t.assignee_id AND u.disabled_at IS NULL
       WHERE t.done_at IS NULL AND t.due_at > $1 AND t.due_at <= $1::timestamptz + interval '24 hours'
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [s.now],
    );
    return r.rows.length;
  },

  /**
   * Users with e-mail on and unread notifications of the last 24 hours not yet e-mailed, claimed for this run (rows
   * locked, skipped by a concurrent run).
   */
  async pendingMail(): Promise<PendingMail[]> {
    const r = await tx.query<PendingMail>(
      `SELECT n.user_id, st.email, array_agg(n.id ORDER BY n.id) AS ids
       FROM notifications n
       JOIN notification_settings st ON st.user_id = n.user_id AND st.email_enabled AND st.email IS NOT NULL
       JOIN users u ON u.id = n.user_id AND u.disabled_at IS NULL
       WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at > $1::timestamptz - interval '24 hours'
         AND n.id IN (SELECT id FROM notifications WHERE emailed_at IS NULL FOR UPDATE SKIP LOCKED)
       GROUP BY n.user_id, st.email ORDER BY n.user_id`,
      [s.now],
    );
    if (r.rows.length) {
      s.audit({ action: 'read', outcome: 'ok', recordType: 'notification_settings', criterion: `e-mail addresses of ${r.rows.length} users for notification mail` });
    }
    return r.rows;
  },

  async markEmailed(ids: string[]): Promise<void> {
    await tx.query(`UPDATE notifications SET emailed_at = $2 WHERE id = ANY($1::uuid[])`, [ids, s.now]);
  },
}));
