import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

/**
 * Keeps issue #12's class of bug fixed: no schema in src/ — wire bodies,
 * the desk's IPC contract, forms, casework — accepts a string that no
 * database can keep (NUL: PostgreSQL refuses it; an unpaired surrogate:
 * not UTF-8). Every exported zod schema is walked down to its string
 * leaves, and each leaf is fed values it otherwise accepts with NUL or a
 * lone surrogate added at the start, middle and end: each must be refused.
 * A leaf that accepts none of the seeds below is reported, so no leaf
 * passes for want of a value to try.
 */

const SRC = join(process.cwd(), 'src');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|fixture)\.tsx?$/.test(entry.name) ? [path] : [];
  });

/** Valid-looking values of every kind of string field in src/. */
const SEEDS = [
  'a',
  'abc',
  'Riverside Foodbank',
  'x-abc',
  'NR1',
  'NR1 1AA',
  'ABC',
  'A',
  '123456',
  'debt',
  '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee',
  'a@b.org',
  'https://example.org/a',
  '2026-01-01',
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00.000Z',
  '12:00',
  '12:00:00',
  'QUJDRA==',
  'ABCD',
  'ABCDE-FGHJK-LMNPQ-RSTUV',
];
const POISONS = ['\u0000', '\uD800', '\uDC00'];

const spoiled = (seed: string): string[] =>
  POISONS.flatMap((p) => [
    p + seed,
    seed + p,
    seed.slice(0, Math.ceil(seed.length / 2)) + p + seed.slice(Math.ceil(seed.length / 2)),
  ]);

type Def = Record<string, unknown> & { type: string };
type Schema = z.ZodType & { _zod: { def: Def } };

const isSchema = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && '_zod' in v && 'safeParse' in v;

/** Every string leaf of `schema`, with where it is. */
const stringLeaves = (schema: Schema, path: string, seen: Set<unknown>): [string, Schema][] => {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  const down = (child: unknown, at: string): [string, Schema][] =>
    isSchema(child) ? stringLeaves(child, at, seen) : [];
  switch (def.type) {
    case 'string':
    case 'template_literal':
      return [[path, schema]];
    case 'object': {
      const shape = def['shape'] as Record<string, unknown>;
      return [
        ...Object.entries(shape).flatMap(([key, child]) => down(child, `${path}.${key}`)),
        ...down(def['catchall'], `${path}.*`),
      ];
    }
    case 'array':
    case 'set':
      return down(def['element'] ?? def['valueType'], `${path}[]`);
    case 'record':
    case 'map':
      return [...down(def['keyType'], `${path}{key}`), ...down(def['valueType'], `${path}{}`)];
    case 'union':
      return (def['options'] as unknown[]).flatMap((o, i) => down(o, `${path}|${i}`));
    case 'intersection':
      return [...down(def['left'], path), ...down(def['right'], path)];
    case 'tuple':
      return [
        ...(def['items'] as unknown[]).flatMap((o, i) => down(o, `${path}[${i}]`)),
        ...down(def['rest'], `${path}[…]`),
      ];
    case 'pipe':
      return [...down(def['in'], path), ...down(def['out'], path)];
    case 'lazy':
      return down((def['getter'] as () => unknown)(), path);
    default:
      return 'innerType' in def ? down(def['innerType'], path) : [];
  }
};

/** Schemas a module exports, also inside exported plain objects (the contract's channels). */
const exportedSchemas = (value: unknown, path: string, depth: number): [string, Schema][] => {
  if (isSchema(value)) return [[path, value]];
  if (depth === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => exportedSchemas(v, `${path}.${k}`, depth - 1));
};

/** Kinds of value that hold any text at all, unchecked: refused in src/ schemas. */
const UNCHECKED = new Set(['unknown', 'any', 'custom']);
const uncheckedLeaves = (schema: Schema, path: string, seen: Set<unknown>): string[] => {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  if (UNCHECKED.has(def.type)) return [path];
  const children = [
    def['innerType'],
    def['element'],
    def['keyType'],
    def['valueType'],
    def['in'],
    def['out'],
    def['left'],
    def['right'],
    def['catchall'],
    ...Object.values((def['shape'] as Record<string, unknown> | undefined) ?? {}),
    ...((def['options'] as unknown[] | undefined) ?? []),
    ...((def['items'] as unknown[] | undefined) ?? []),
  ];
  return children.flatMap((c) => (isSchema(c) ? uncheckedLeaves(c, path, seen) : []));
};

const modules = await Promise.all(
  sourceFiles(SRC).map(async (file) => ({
    file: relative(process.cwd(), file),
    exports: (await import(pathToFileURL(file).href)) as Record<string, unknown>,
  })),
);
const schemas = modules.flatMap(({ file, exports }) =>
  Object.entries(exports).flatMap(([name, value]) => exportedSchemas(value, `${file}:${name}`, 3)),
);

describe('no schema in src/ keeps text that cannot be stored', () => {
  it('finds the schemas to check', () => {
    // The contract's channels and the wire bodies: well over a hundred.
    expect(schemas.length).toBeGreaterThan(150);
  });

  it('every string field refuses NUL and unpaired surrogates', () => {
    const accepting: string[] = [];
    const untried: string[] = [];
    for (const [where, schema] of schemas) {
      for (const [path, leaf] of stringLeaves(schema, where, new Set())) {
        const takes = SEEDS.filter((s) => leaf.safeParse(s).success);
        if (takes.length === 0) untried.push(path);
        const bad = takes.flatMap(spoiled).filter((v) => leaf.safeParse(v).success);
        if (bad.length > 0) accepting.push(`${path} takes ${JSON.stringify(bad[0])}`);
      }
    }
    expect(accepting).toEqual([]);
    expect(untried).toEqual([]);
  });

  it('no field takes any value unchecked (z.unknown, z.any, z.custom)', () => {
    const unchecked = schemas.flatMap(([where, schema]) =>
      uncheckedLeaves(schema, where, new Set()),
    );
    expect([...new Set(unchecked)]).toEqual([]);
  });
});
