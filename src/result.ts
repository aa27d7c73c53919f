/**
 * Expected failures travel as reason codes, never as exceptions. Exceptions
 * are for bugs. Reason codes become words in one place: `reasonText` in
 * `reasons.ts`.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<R extends string> = {
  readonly ok: false;
  readonly reason: R;
  /** Optional non-personal detail for the user (e.g. which field was wrong). */
  readonly detail?: string;
};
export type Result<T, R extends string> = Ok<T> | Err<R>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <R extends string>(reason: R, detail?: string): Err<R> =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
