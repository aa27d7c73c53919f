import type { z } from 'zod';
import { hasInvalidText } from '#src/wire/text.ts';

/**
 * The one reader of the public pages' form bodies and queries (#12). Whatever
 * arrives — a form, JSON, a top-level array, nested objects, a repeated field
 * — each field becomes one string checked with its schema from
 * `src/wire/text.ts`, and reading never throws. Text with characters no one
 * can keep (NUL, control characters) is not stored: those characters are
 * taken out, the rest is shown again, and the field says why.
 */
export type FormShape = Record<string, z.ZodType<string, string>>;
export type FormValues<S extends FormShape> = { [K in keyof S]: string };

export const INVISIBLE_CHARACTERS =
  'This had invisible characters that cannot be kept (they can come with pasted text). They have been taken out: check it, then send again.';

// eslint-disable-next-line no-control-regex -- taking out control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Takes out what `line` and `text` refuse (new lines and tabs stay, for `text`). */
const keepable = (s: string): string => s.replace(CONTROL, '').replace(LONE_SURROGATE, '');

const fieldsOf = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};

const firstString = (value: unknown): string => {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : '';
};

export const readForm = <S extends FormShape>(
  shape: S,
  body: unknown,
): { values: FormValues<S>; invalidText: (keyof S & string)[] } => {
  const fields = fieldsOf(body);
  const values: Partial<FormValues<S>> = {};
  const invalidText: (keyof S & string)[] = [];
  for (const key of Object.keys(shape) as (keyof S & string)[]) {
    const schema = shape[key] as z.ZodType<string, string>;
    const raw = Object.hasOwn(fields, key) ? firstString(fields[key]) : '';
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      values[key] = parsed.data;
      continue;
    }
    if (hasInvalidText(parsed.error)) {
      invalidText.push(key);
      const kept = keepable(raw);
      // A one-line field gets spaces for new lines and tabs.
      values[key] =
        schema.safeParse(kept).data ?? schema.safeParse(kept.replace(/[\r\n\t]/g, ' ')).data ?? '';
    } else {
      // Too long, or not text at all: as if left empty, which the page's checks then name.
      values[key] = '';
    }
  }
  return { values: values as FormValues<S>, invalidText };
};
