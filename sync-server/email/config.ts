/**
 * SMTP settings from the environment (README, "Email"). Without
 * HANDOVER_SMTP_HOST the server sends no email at all.
 */
export type SmtpConfig = {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  /** The From address, e.g. "Handover <handover@network.example>". */
  from: string;
  /** The address staff open Handover at, for links in emails; optional. */
  appUrl: string | null;
};

export const smtpConfigFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
): SmtpConfig | null => {
  const host = env.HANDOVER_SMTP_HOST?.trim();
  if (!host) return null;
  const secure = env.HANDOVER_SMTP_SECURE === '1' || env.HANDOVER_SMTP_SECURE === 'true';
  const port = Number(env.HANDOVER_SMTP_PORT ?? (secure ? 465 : 587));
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error('HANDOVER_SMTP_PORT must be a port number');
  }
  return {
    host,
    port,
    secure,
    user: env.HANDOVER_SMTP_USER ?? null,
    password: env.HANDOVER_SMTP_PASSWORD ?? null,
    from: env.HANDOVER_SMTP_FROM ?? `Handover <handover@${host}>`,
    appUrl: env.HANDOVER_APP_URL ?? null,
  };
};
