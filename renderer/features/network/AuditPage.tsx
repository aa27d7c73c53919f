import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { AuditSearch } from '#src/account-forms.ts';
import { contract } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { auditAboutText } from '#src/audit-about.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { AUDIT_WORDS, auditWords } from '#renderer/features/network/audit-words.ts';

const LABELS = {
  action: 'What was done',
  userId: 'Who did it',
  from: 'From (date)',
  to: 'To (date)',
  entityId: 'About (a referral, account or service id)',
};
const LIMITS = maxLengths<string>(contract['network.audit'].request);

const loadPeople = () => call('account.users', {});

/** Only the fields the person filled in: an empty search lists the latest entries. */
const searchOf = (form: Record<keyof typeof LABELS, string>): AuditSearch => ({
  ...(form.action !== '' && { action: form.action }),
  ...(form.userId !== '' && { userId: form.userId }),
  ...(form.from !== '' && { from: form.from }),
  ...(form.to !== '' && { to: form.to }),
  ...(form.entityId !== '' && { entityId: form.entityId }),
});

/**
 * Searching the audit log: a coordinator searches the whole network's, a
 * lead their agency's part (the server decides which). Entries name who did
 * what and when, never a client's details.
 */
export const AuditLogSearch = () => {
  const [form, setForm] = useState({ action: '', userId: '', from: '', to: '', entityId: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [query, setQuery] = useState<AuditSearch>({});
  // A new query object on every search, so searching again reloads.
  const load = useCallback(() => call('network.audit', query), [query]);
  const [found] = useDeskQuery(load, ['session']);
  const [people] = useDeskQuery(loadPeople, ['session']);
  const change = (key: keyof typeof form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const request = searchOf(form);
    const parsed = contract['network.audit'].request.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setQuery(parsed.data);
  };
  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form onSubmit={submit} noValidate className="search">
        <Field label={LABELS.action} error={errors.action} limit={LIMITS.action}>
          {(p) => (
            <select {...p} value={form.action} onChange={(e) => change('action')(e.target.value)}>
              <option value="">Anything</option>
              {Object.entries(AUDIT_WORDS).map(([action, words]) => (
                <option key={action} value={action}>
                  {words}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.userId} error={errors.userId} limit={LIMITS.userId}>
          {(p) => (
            <select {...p} value={form.userId} onChange={(e) => change('userId')(e.target.value)}>
              <option value="">Anyone</option>
              {people?.ok === true &&
                people.value.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.email})
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.from} error={errors.from} limit={LIMITS.from}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.from}
              onChange={(e) => change('from')(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.to} error={errors.to} limit={LIMITS.to}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.to}
              onChange={(e) => change('to')(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.entityId} error={errors.entityId} limit={LIMITS.entityId}>
          {(p) => (
            <input
              {...p}
              type="text"
              spellCheck={false}
              value={form.entityId}
              onChange={(e) => change('entityId')(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          Search the audit log
        </button>
      </form>
      {found === null ? (
        <p className="loading">Loading…</p>
      ) : !found.ok ? (
        <Problem message={reasonText(found.reason)} />
      ) : found.value.length === 0 ? (
        <p role="status">Nothing in the audit log matches that search.</p>
      ) : (
        <table>
          <caption>
            {found.value.length === 1 ? '1 entry' : `${String(found.value.length)} entries`}, newest
            first
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">About</th>
            </tr>
          </thead>
          <tbody>
            {found.value.map((e) => (
              <tr key={e.n}>
                <td>{formatTime(e.at)}</td>
                <td>{e.actorName ?? 'Someone not signed in'}</td>
                <td>{auditWords(e.action)}</td>
                <td>{e.about ? auditAboutText(e.about, formatTime) : (e.entityId ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};

/** The coordinator's audit screen: the whole network's log. */
export const AuditPage = () => (
  <>
    <PageHeading>Audit log</PageHeading>
    <p>
      Every sign-in, account change and look at or change to a referral is written here, and the log
      cannot be quietly changed. Search it by what was done, who did it, or when.
    </p>
    <AuditLogSearch />
  </>
);
