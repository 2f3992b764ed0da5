import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { Inbox, NotificationSettings, NotificationSettingsInput, UnreadCount } from '../../../shared/notifications.ts';
import { notifications } from './service.ts';

const tags = ['notifications'];
const IdParams = z.object({ id: z.uuid() });

/** The signed-in user's inbox, unread count and e-mail setting (docs/domain.md, "Tasks and notifications"). */
export async function notificationsRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const mailAvailable = Boolean(deps.ctx.config.SMTP_URL);
  api.get('/notifications', { schema: { tags, response: { 200: Inbox } } }, (req) => req.scoped((s) => notifications.inbox(s)));
  api.get('/notifications/unread', { schema: { tags, response: { 200: UnreadCount } } }, (req) => req.scoped((s) => notifications.unread(s)));
  api.post('/notifications/read-all', { schema: { tags, body: z.object({}).optional(), response: { 204: z.null() } } }, async (req, reply) => {
    await req.scoped((s) => notifications.markAllRead(s));
    return reply.code(204).send(null);
  });
  api.post('/notifications/:id/read', { schema: { tags, params: IdParams, body: z.object({}).optional(), response: { 204: z.null() } } }, async (req, reply) => {
    await req.scoped((s) => notifications.markRead(s, req.params.id));
    return reply.code(204).send(null);
  });
  api.get('/notifications/settings', { schema: { tags, response: { 200: NotificationSettings } } }, (req) =>
    req.scoped((s) => notifications.settings(s, mailAvailable)));
  api.put('/notifications/settings', { schema: { tags, body: NotificationSettingsInput, response: { 200: NotificationSettings } } }, (req) =>
    req.scoped((s) => notifications.saveSettings(s, req.body, mailAvailable)));
}
