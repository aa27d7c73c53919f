import { parseServerKey } from '#server/auth/secret-box.ts';
import { DataDirInUseError } from '#server/db/open.ts';
import { seedDemo } from '#server/demo.ts';
import { smtpConfigFromEnv } from '#server/email/config.ts';
import { tlsFromEnv } from '#server/http/tls-env.ts';
import { startServer } from '#server/start.ts';

/**
 * `npm run server`. Environment: PORT (8787), HOST (127.0.0.1),
 * HANDOVER_DATA_DIR (.handover/server), DATABASE_URL (PostgreSQL instead of
 * PGlite), HANDOVER_DEMO=1 (seed the demo network into an empty database),
 * HANDOVER_SECRET_KEY (32 bytes base64: seals two-factor secrets at rest).
 */
const env = process.env;
const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${env.PORT ?? ''}"`);
  process.exit(2);
}
const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
const tls = tlsFromEnv(env);
if (!tls.ok) {
  console.error(tls.problem);
  process.exit(2);
}
const secretKey = env.HANDOVER_SECRET_KEY ? parseServerKey(env.HANDOVER_SECRET_KEY) : null;
if (env.HANDOVER_SECRET_KEY && secretKey === null) {
  console.error('HANDOVER_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  process.exit(2);
}
if (secretKey === null) {
  console.warn('HANDOVER_SECRET_KEY is not set: two-factor secrets are stored unencrypted.');
}

try {
  const server = await startServer({
    port,
    host: env.HOST ?? '127.0.0.1',
    ...(databaseUrl ? { databaseUrl } : { dataDir: env.HANDOVER_DATA_DIR ?? '.handover/server' }),
    smtp: smtpConfigFromEnv(env),
    log: env.HANDOVER_LOG === '1',
    secretKey,
    ...(tls.tls && { tls: tls.tls }),
    ...(env.HANDOVER_TRUST_PROXY && { trustProxy: env.HANDOVER_TRUST_PROXY }),
  });
  if (env.HANDOVER_DEMO === '1') {
    const signIns = await seedDemo(server.db);
    if (signIns) {
      console.log('Demo network created. Sign in as (password for all: demo-password):');
      for (const s of signIns)
        console.log(`  ${s.email.padEnd(36)} ${s.role.padEnd(12)} ${s.organisation}`);
    } else {
      console.log('A network already exists: the demo data was not added.');
    }
  }
  console.log(`Handover sync server listening on ${server.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
