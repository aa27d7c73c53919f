import type { Db } from '#server/db/db.ts';

/**
 * One LISTEN connection per channel and process, shared by everyone here who
 * wants to hear other processes' NOTIFYs (PostgreSQL only: on PGlite the
 * server is the only process). Every `listen` is matched by one `stop`; the
 * connection opens with the first and closes with the last. Payloads are
 * handed on as parsed JSON; one that is not JSON is dropped, never thrown.
 */
export class SharedListen {
  #listening: Promise<() => Promise<void>> | null = null;
  #users = 0;

  constructor(
    private readonly db: Db,
    private readonly channel: string,
    private readonly onPayload: (json: unknown) => void,
  ) {}

  async listen(): Promise<void> {
    if (this.db.kind !== 'postgres') return;
    this.#users += 1;
    this.#listening ??= this.db.listen(this.channel, (payload) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        return;
      }
      this.onPayload(parsed);
    });
    try {
      await this.#listening;
    } catch (error) {
      this.#users -= 1;
      this.#listening = null;
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.db.kind !== 'postgres' || this.#users === 0) return;
    this.#users -= 1;
    if (this.#users > 0) return;
    const listening = this.#listening;
    this.#listening = null;
    if (listening) await (await listening)();
  }
}
