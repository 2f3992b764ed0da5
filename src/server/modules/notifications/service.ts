import { runAsSystem, type Scope, type SystemScope } from '../../access/scope.ts';
import type { AppContext } from '../../platform/context.ts';
import { createMailer } from '../../platform/mail.ts';
import { MAIL_SUBJECT, mailBody, type NotificationSettingsInput } from '../../../shared/notifications.ts';
import { notificationRepo, notificationSystemRepo } from './repo.ts';

const presentSettings = (r: { email: string | null; email_enabled: boolean; version: number }, mailAvailable: boolean) => ({
  email: r.email, emailEnabled: r.email_enabled, version: r.version, mailAvailable,
});

export const notifications = {
  inbox: (s: Scope) => notificationRepo(s).inbox(),
  unread: async (s: Scope) => ({ unread: await notificationRepo(s).unread() }),
  markRead: (s: Scope, id: string) => notificationRepo(s).markRead(id),
  markAllRead: (s: Scope) => notificationRepo(s).markAllRead(),
  settings: async (s: Scope, mailAvailable: boolean) => presentSettings(await notificationRepo(s).settings(), mailAvailable),
  saveSettings: async (s: Scope, input: NotificationSettingsInput, mailAvailable: boolean) =>
    presentSettings(await notificationRepo(s).saveSettings(input), mailAvailable),
};

/** Deadline notifications (a task due within 24 hours), in the scheduler's system transaction. */
export async function notifyDeadlinesInTrx(s: SystemScope): Promise<number> {
  return notificationSystemRepo(s).notifyDeadlines();
}

/**
 * The e-mail job (run by the scheduler's queued tick, never by a request): one message per user with e-mail on and
 * new unread notifications, saying only "you have a new item in VINK" and the address of VINK (docs/security.md,
 * "E-mail"). A failed send leaves the user's notifications unsent for the next run. Does nothing without SMTP_URL.
 * Answers how many messages were sent.
 */
export async function sendNotificationMailOnce(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'logger'>): Promise<number> {
  const mailer = createMailer(ctx.config);
  if (!mailer) return 0;
  try {
    return await runAsSystem(ctx, 'scheduler', async (s) => {
      const repo = notificationSystemRepo(s);
      let sent = 0;
      for (const p of await repo.pendingMail()) {
        try {
          await mailer.send(p.email, MAIL_SUBJECT, mailBody(ctx.config.PUBLIC_ORIGIN ?? null));
          await repo.markEmailed(p.ids);
          sent++;
        } catch (err) {
          const e = err as Error & { code?: string };
          ctx.logger.warn({ job: 'notification-mail', err: { name: e.name, code: e.code } }, 'notification mail not sent');
        }
      }
      return sent;
    });
  } finally {
    mailer.close();
  }
}
