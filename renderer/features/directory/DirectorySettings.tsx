import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import { directorySettingsSchema, type DirectorySettings } from '#src/wire/bulletins.ts';
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

const loadSettings = () => call('directory.settings', {});

const SettingsForm = ({ settings }: { settings: DirectorySettings }) => {
  const [months, setMonths] = useState(String(settings.reviewMonths));
  const [leads, setLeads] = useState(settings.leadsMayPostBulletins);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    const request = { reviewMonths: Number(months.trim() || 'NaN'), leadsMayPostBulletins: leads };
    const parsed = directorySettingsSchema.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('directory.setSettings', request);
    setDone(result.ok ? 'Saved for the whole network.' : reasonText(result.reason));
  };
  return (
    <>
      <ErrorSummary errors={errors} labels={{ reviewMonths: 'Review every' }} />
      <p role="status">{done ?? ''}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field
          label="Review every"
          hint="Months after which a service’s lead is reminded to check its details. Leads see the reminder when they next sign in."
          error={errors.reviewMonths}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              className="short"
              value={months}
              onChange={(e) => setMonths(e.target.value)}
            />
          )}
        </Field>
        <div className="checkboxes">
          <label>
            <input type="checkbox" checked={leads} onChange={(e) => setLeads(e.target.checked)} />
            Agency leads may post news to the network, not only the coordinator
          </label>
        </div>
        <button type="submit" className="primary">
          Save
        </button>
      </form>
    </>
  );
};

/** The coordinator's directory settings (#4): the review period, and who may post news. */
export const DirectorySettingsPage = () => {
  const [loaded] = useDeskQuery(loadSettings, ['session']);
  return (
    <>
      <PageHeading>Directory settings</PageHeading>
      {loaded === null ? (
        <p className="loading">Loading…</p>
      ) : !loaded.ok ? (
        <Problem message={reasonText(loaded.reason)} />
      ) : (
        <SettingsForm settings={loaded.value} />
      )}
    </>
  );
};
