import fc from 'fast-check';

/**
 * Hostile input for the fuzz tests of every boundary (#12): the server's
 * routes and the desk's channels. Values of the wrong type, huge and tiny
 * numbers, odd Unicode (NUL, lone surrogates, bidi overrides, combining
 * marks), deep nesting, prototype keys, bad ids and dates. `mutated` puts
 * them inside an otherwise valid request, so they reach past the first
 * check; `hostileBody` sends bytes that are not JSON at all.
 */

/**
 * encodeURIComponent that does not throw on a lone surrogate: it is sent as
 * its three (invalid UTF-8) bytes, one more bad encoding for the receiver.
 */
export const percentEncode = (s: string): string => {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
};

/** A value as the text a sender would put in a URL or form: strings as they are. */
export const asText = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);

/** The fuzz budget: fixed seed and few runs in CI; `npm run fuzz` sets both. */
export const fuzzSettings = (): { seed: number; runs: number } => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261212);
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  return { seed, runs: Math.max(1, Math.round(scale)) };
};

/** Characters a database or a parser may choke on: NUL, lone surrogates, controls. */
const POISON = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u0007\u001B[31m\u0008',
];

const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  'e\u0301\u0301\u0301\u0301',
  '\u0007\u001B[31m\u0008',
  '\r\n\r\nX-Injected: 1',
  '👩🏽‍⚕️🏳️‍🌈',
  'ＡＢＣ１２３',
  '%00%ZZ%E0%A4%A',
  '../../../etc/passwd',
  "'; drop table referrals; --",
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
];

const ODD_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
  '0',
  '-1',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '3f2504e0-4f89-11d3-9a0c-0305e82c3301\u0000',
  '3f2504e0-4f89-11d3-9a0c-0305e82c3301 ',
];

/** Text nobody should have to handle, and some that is merely unusual. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...POISON) },
    { weight: 4, arbitrary: fc.constantFrom(...ODD_TEXT, ...ODD_IDS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('x', '\u0000', 'é', '😀', ' '), fc.constantFrom(201, 5_001, 70_000))
        .map(([c, n]) => c.repeat(n)),
    },
  );

const hostileNumber = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 31), 2 ** 31, 5e-324),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
  );

/** Arrays or objects nested `depth` deep. */
const nested = (depth: number, asArray: boolean): unknown => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) v = asArray ? [v] : { a: v };
  return v;
};

/** Any JSON value a hostile sender might put where something else was expected. */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: hostileText() },
    { weight: 2, arbitrary: hostileNumber() },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
    { weight: 1, arbitrary: fc.array(hostileText(), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        nested(200, true),
        nested(200, false),
        Array.from({ length: 1000 }, () => 'x'),
        JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );

type Path = (string | number)[];

const pathsOf = (v: unknown, at: Path = []): Path[] => {
  const here = [at];
  if (Array.isArray(v)) return here.concat(v.flatMap((x, i) => pathsOf(x, [...at, i])));
  if (v !== null && typeof v === 'object')
    return here.concat(Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k])));
  return here;
};

const getAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    root,
  );

const setAt = (root: unknown, path: Path, value: unknown, remove: boolean): unknown => {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy: unknown[] = [...(root as unknown[])];
    if (remove && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)], rest, value, remove);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  const key = String(head);
  if (remove && rest.length === 0)
    return Object.fromEntries(Object.entries(copy).filter(([k]) => k !== key));
  copy[key] = setAt(copy[key], rest, value, remove);
  return copy;
};

/**
 * A valid `sample` with one to three hostile changes: a field (at any depth)
 * replaced by a hostile value, removed, or an unknown field added.
 */
export const mutated = (sample: unknown): fc.Arbitrary<unknown> => {
  const paths = pathsOf(sample);
  const leaves = paths.filter((p) => {
    const v = getAt(sample, p);
    return v === null || typeof v !== 'object';
  });
  const strings = leaves.filter((p) => typeof getAt(sample, p) === 'string');
  const one = fc.oneof(
    // A valid text with poison inside: it passes format checks and reaches deep.
    ...(strings.length > 0
      ? [
          {
            weight: 6,
            arbitrary: fc
              .tuple(fc.constantFrom(...strings), fc.constantFrom(...POISON), fc.boolean())
              .map(([p, poison, atEnd]) => (s: unknown) => {
                const v = String(getAt(s, p));
                return setAt(s, p, atEnd ? `${v}${poison}` : `${poison}${v}`, false);
              }),
          },
        ]
      : []),
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...(leaves.length > 0 ? leaves : paths)), hostileValue())
        .map(
          ([p, v]) =>
            (s: unknown) =>
              setAt(s, p, v, false),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...paths), hostileValue()).map(
        ([p, v]) =>
          (s: unknown) =>
            setAt(s, p, v, false),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...paths.filter((p) => p.length > 0).concat([[]]))
        .map((p) => (s: unknown) => (p.length === 0 ? s : setAt(s, p, undefined, true))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('extra', '__proto__', 'constructor', ''), hostileValue())
        .map(
          ([k, v]) =>
            (s: unknown) =>
              s !== null && typeof s === 'object' && !Array.isArray(s)
                ? (JSON.parse(JSON.stringify({ ...s, [k]: v })) as unknown)
                : s,
        ),
    },
  );
  return fc
    .array(one, { minLength: 1, maxLength: 3 })
    .map((changes) => changes.reduce<unknown>((s, change) => change(s), sample));
};

/** A raw request body that is not what the route expects: bad JSON, bad UTF-8, huge, nested. */
export const hostileBody = (): fc.Arbitrary<string | Buffer> =>
  fc.oneof(
    fc.constantFrom<string | Buffer>(
      '',
      '{',
      '{"a":',
      'null',
      '[]',
      '[1,2,3]',
      '"just a string"',
      '12',
      'true',
      '{"a":1,"a":2}',
      '\uFEFF{}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"__proto__":{"x":1}}',
      '['.repeat(20_000) + ']'.repeat(20_000),
      '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
      `{"x":"${'y'.repeat(300 * 1024)}"}`,
      Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
      Buffer.alloc(64, 0),
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  );

export const hostileContentType = (): fc.Arbitrary<string | undefined> =>
  fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/jsonx',
    '',
    undefined,
  );

/** A path segment that is not the id the route wants, sometimes badly percent-encoded. */
export const hostileSegment = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...ODD_IDS.map(percentEncode)),
    fc.constantFrom(
      '%',
      '%zz',
      '%E0%A4%A',
      '%00',
      '%C0%AF',
      '..',
      '%2e%2e',
      'a%2Fb',
      'x'.repeat(2000),
    ),
    hostileText().map(percentEncode),
    fc.uuid(),
  );

/** A query string of hostile keys and values, or raw broken bytes. */
export const hostileQuery = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .array(fc.tuple(fc.constantFrom(...keys, 'x', '__proto__'), hostileValue()), {
        maxLength: 4,
      })
      .map((pairs) =>
        pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(asText(v))}`).join('&'),
      ),
    fc.constantFrom(
      '%',
      'a=%zz',
      'a[b][c][d]=1',
      'limit=1&limit=2',
      `${keys[0] ?? 'q'}=%E0%A4%A`,
      '&&&=',
    ),
  );
