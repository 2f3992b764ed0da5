/** The notifications module's public face: the scheduler's deadline notifications and e-mail job. */
export { notifyDeadlinesInTrx, sendNotificationMailOnce } from './service.ts';
