import type { FastifyInstance } from 'fastify';

/** GET /health: the server is up and its migrations ran (it only listens after they have). */
export const healthRoutes = (app: FastifyInstance): void => {
  app.get('/health', () => ({ status: 'ok' }));
};
