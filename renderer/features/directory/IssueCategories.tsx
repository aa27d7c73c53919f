import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import { ISSUE_CATEGORIES } from '#src/taxonomy.ts';
import { call } from '#renderer/bridge.ts';
import { Field, PageHeading } from '#renderer/components/forms.tsx';
import { useIssueCategories } from '#renderer/features/directory/issues.ts';

/**
 * The coordinator extends the network's issue categories (#4). A category
 * reaches every desk's directory filters and forms, and the open data.
 * Categories are never removed: referrals and records may use them.
 */
export const IssueCategoriesPage = () => {
  const categories = useIssueCategories();
  const own = categories.slice(ISSUE_CATEGORIES.length);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    if (label.trim() === '') {
      setError('Name the category');
      return;
    }
    const result = await call('network.addIssueCategory', { label });
    if (!result.ok) {
      setError(reasonText(result.reason));
      return;
    }
    setError(undefined);
    setDone(`Added “${label.trim()}”. Every desk’s directory can now use it.`);
    setLabel('');
  };
  return (
    <>
      <PageHeading>Issue categories</PageHeading>
      <p>
        The categories services, referrals and gaps are labelled with. Every network starts with the
        same list; add the ones your network needs.
      </p>
      <p role="status">{done ?? ''}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label="New category" hint="For example: Cost of living" error={error}>
          {(p) => (
            <input {...p} type="text" value={label} onChange={(e) => setLabel(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="primary">
          Add the category
        </button>
      </form>
      <h2>Added by the network</h2>
      {own.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul>
          {own.map((c) => (
            <li key={c.code}>{c.label}</li>
          ))}
        </ul>
      )}
      <h2>The standard list</h2>
      <ul className="columns">
        {ISSUE_CATEGORIES.map((c) => (
          <li key={c.code}>{c.label}</li>
        ))}
      </ul>
    </>
  );
};
