import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/**
 * A headless Chromium for the browser tests: the system's Chrome/Chromium
 * when there is one (CHROME_PATH, Debian's chromium, Google Chrome), else the
 * one that ships inside the @sparticuz/chromium npm package, so `npm test`
 * works on a machine that has only Node.js.
 */
const SYSTEM_BROWSERS = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter((p): p is string => p !== undefined && p !== '');

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const launchBrowser = async (): Promise<Browser> => {
  const system = SYSTEM_BROWSERS.find((p) => existsSync(p));
  if (system !== undefined) {
    return chromium.launch({ executablePath: system, args: FLAGS, headless: true });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return chromium.launch({
    executablePath: await packaged.executablePath(),
    args: [...packaged.args, ...FLAGS],
    headless: true,
  });
};
