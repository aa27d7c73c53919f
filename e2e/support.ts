import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Desk, DeskOptions } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { startWebHost } from '#main/web/host.ts';
import type { WebHost } from '#main/web/host.ts';
import { rendererBuildDir } from '#main/web/build-dir.ts';

/** Where browser tests leave screenshots: kept by CI as artefacts, ignored by git. */
export const ARTEFACTS = resolve(import.meta.dirname, '..', 'test-results', 'e2e');
/** Built there by global-setup.ts (vite.renderer.config.ts), as `npm start` does. */
export const RENDERER = rendererBuildDir(resolve(import.meta.dirname, '..'));

export type WebDesk = { desk: Desk; host: WebHost; dir: string; close(): Promise<void> };

/** One adviser's workstation in web mode: its own data folder, desk and host. */
export const startWebDesk = async (
  serverUrl: string,
  options: Pick<DeskOptions, 'clock' | 'keychain' | 'rekeyHooks'> = { keychain: 'off' },
): Promise<WebDesk> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-e2e-desk-'));
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: serverUrl, deviceName: 'e2e', ...options },
    { retryMinMs: 100, retryMaxMs: 500 },
  );
  const host = await startWebHost({ desk, rendererDir: RENDERER });
  return {
    desk,
    host,
    dir,
    close: async () => {
      await host.close();
      await desk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
};

/** WCAG 2.2 AA, checked by axe on the page as it stands. */
export const expectAccessible = async (page: Page): Promise<void> => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
};
