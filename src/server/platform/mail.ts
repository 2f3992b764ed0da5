import nodemailer from 'nodemailer';
import type { Config } from './config.ts';

/**
 * Outgoing e-mail through the SMTP server in SMTP_URL (docs/security.md, "E-mail"). Only notification jobs send mail,
 * never a request, and what they send is fixed text without personal data (src/shared/notifications.ts mailBody).
 */
export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
  close(): void;
}

/** A mailer for the configured SMTP server, or null when none is configured (e-mail off). */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): Mailer | null {
  if (!config.SMTP_URL) return null;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from: config.SMTP_FROM, to, subject, text });
    },
    close: () => transport.close(),
  };
}
