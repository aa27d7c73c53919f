import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { fieldErrors } from '#src/field-words.ts';

/** Field errors by field name, from the contract's schemas. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * Field errors in plain words: importing `#src/field-words.ts` makes every
 * problem a schema does not word itself come out in words (#12).
 */
export const zodFieldErrors = fieldErrors;

/** From this many characters, a field says its limit under the label as well. */
const SAY_LIMIT_FROM = 300;

type FieldProps = {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** The most characters the schema takes (`maxLengthOf`): given to the control as maxlength. */
  limit?: number | undefined;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: true;
    maxLength?: number;
  }) => ReactNode;
};

/** A labelled control with its hint and error, wired for screen readers. */
export const Field = ({ label, hint: given, error, limit, children }: FieldProps) => {
  const sayLimit =
    limit !== undefined && limit >= SAY_LIMIT_FROM
      ? `Up to ${limit.toLocaleString('en-GB')} characters.`
      : undefined;
  const hint =
    given && sayLimit
      ? `${given}${/[.!?]$/.test(given) ? '' : '.'} ${sayLimit}`
      : (given ?? sayLimit);
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error-message" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(limit === undefined ? {} : { maxLength: limit }),
      })}
    </div>
  );
};

/** Lists what is wrong at the top of a form and takes focus, so nobody misses it. */
export const ErrorSummary = ({
  errors,
  labels,
}: {
  errors: FieldErrors;
  labels: Record<string, string>;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter((e): e is [string, string] => e[1] !== undefined);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
  }, [entries.length]);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>There is a problem</h2>
      <ul>
        {entries.map(([key, message]) => (
          <li key={key}>
            {labels[key] ? `${labels[key]}: ` : ''}
            {message}
          </li>
        ))}
      </ul>
    </div>
  );
};

/** A message from the desk (a reason in words), announced to screen readers. */
export const Problem = ({ message }: { message: string | null }) =>
  message === null ? null : (
    <div className="problem" role="alert">
      {message}
    </div>
  );

/** The page's heading; takes focus when the page opens so screen readers announce it. */
export const PageHeading = ({ children }: { children: ReactNode }) => {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
};
