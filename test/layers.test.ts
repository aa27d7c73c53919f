import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers of DESIGN.md are lint errors: arrows only point into src/.
 * Each case writes a one-line file into that layer (typed linting needs a real
 * file the TypeScript project can see), lints it with the project's own
 * config, and removes it.
 */
const eslint = new ESLint({ cwd: process.cwd() });

const importErrors = async (filePath: string, code: string): Promise<string[]> => {
  const file = join(dirname(filePath), `layer-probe-${randomUUID()}.ts`);
  writeFileSync(file, `${code}\nexport const x = 1;\n`);
  try {
    const [result] = await eslint.lintFiles([file]);
    const messages = result?.messages ?? [];
    const fatal = messages.find((m) => m.fatal === true);
    if (fatal) throw new Error(`lint could not read the probe: ${fatal.message}`);
    return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  } finally {
    rmSync(file, { force: true });
  }
};

describe('layer rules', () => {
  it.each([
    ['src/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['src/probe.ts', "import { readFileSync } from 'fs';"],
    ['src/probe.ts', "import { app } from 'electron';"],
    ['src/probe.ts', "import { useState } from 'react';"],
    ['src/probe.ts', "import { createDesk } from '#main/desk.ts';"],
    ['renderer/probe.ts', "import { createDesk } from '#main/desk.ts';"],
    ['renderer/probe.ts', "import { startServer } from '#server/start.ts';"],
    ['renderer/probe.ts', "import { join } from 'node:path';"],
    ['renderer/probe.ts', "import { ipcRenderer } from 'electron';"],
    ['main/probe.ts', "import { App } from '#renderer/app/App.tsx';"],
    ['main/probe.ts', "import { startServer } from '#server/start.ts';"],
    ['sync-server/probe.ts', "import { createDesk } from '#main/desk.ts';"],
    ['sync-server/probe.ts', "import { app } from 'electron';"],
    ['main/store/probe.ts', "import { newId } from '../../src/ids.ts';"],
  ])('%s: %s is an error', async (file, code) => {
    expect(await importErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/probe.ts', "import { z } from 'zod';"],
    ['renderer/probe.ts', "import { newId } from '#src/ids.ts';"],
    ['main/probe.ts', "import { newId } from '#src/ids.ts';"],
    ['sync-server/probe.ts', "import { newId } from '#src/ids.ts';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
