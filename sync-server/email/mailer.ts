import nodemailer from 'nodemailer';
import type { SmtpConfig } from '#server/email/config.ts';

/** A plain-text email. Bodies are composed in messages.ts, from metadata only. */
export type Email = { to: string[]; subject: string; text: string };

export type Mailer = {
  send(email: Email): Promise<void>;
  close(): void;
  readonly appUrl: string | null;
};

/** Sends through the network's SMTP server with nodemailer. */
export const createMailer = (config: SmtpConfig): Mailer => {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user !== null && {
      auth: { user: config.user, pass: config.password ?? '' },
    }),
  });
  return {
    appUrl: config.appUrl,
    send: async (email) => {
      await transport.sendMail({
        from: config.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
      });
    },
    close: () => {
      transport.close();
    },
  };
};
