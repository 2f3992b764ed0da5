import { z } from 'zod';
import { Version } from './contracts.ts';

/**
 * The notifications inbox and its e-mail setting (docs/domain.md, "Tasks and notifications"). A notification only
 * points at a record; its text comes from its kind, so it carries no personal data.
 */
export const NotificationKind = z.enum(['shared', 'assigned', 'deadline', 'status_changed']);
export type NotificationKind = z.infer<typeof NotificationKind>;
export const Notification = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  createdAt: z.string(),
  read: z.boolean(),
  concernId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  taskId: z.uuid().nullable(),
  /** The record's number, when the reader may read the record. */
  number: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;
export const Inbox = z.object({ items: z.array(Notification), unread: z.number().int().min(0) });
export const UnreadCount = z.object({ unread: z.number().int().min(0) });

/** The e-mail address must look like one; e-mail on requires an address. */
export const EmailAddress = z.string().trim().max(254).regex(/^[^@\s]{1,64}@[^@\s]{1,190}$/, 'must be an e-mail address like navn@kommune.dk');
export const NotificationSettings = z.object({
  email: z.string().nullable(),
  emailEnabled: z.boolean(),
  version: z.number().int(),
  /** False when the server has no SMTP configured: e-mail is then off whatever is chosen. */
  mailAvailable: z.boolean(),
});
export const NotificationSettingsInput = z.object({
  email: EmailAddress.nullable(),
  emailEnabled: z.boolean(),
  /** 0 when the user has never saved settings. */
  version: Version.or(z.literal(0)),
});
export type NotificationSettingsInput = z.infer<typeof NotificationSettingsInput>;

/** The only text an e-mail ever carries: no names, no numbers, no record (docs/security.md, "E-mail"). */
export const MAIL_SUBJECT = 'Nyt i VINK / New in VINK';
export function mailBody(link: string | null): string {
  return [
    'Du har et nyt punkt i VINK.',
    'You have a new item in VINK.',
    '',
    link ? `Log ind for at se det: ${link}` : 'Log ind for at se det.',
  ].join('\n');
}
