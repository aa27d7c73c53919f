import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { contract } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import type { ServiceView } from '#src/directory/view.ts';
import { CAPACITY_STATUSES, type Capacity, type Receiving } from '#src/wire/directory.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { ErrorSummary, Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

export const CAPACITY_WORDS: Record<Capacity['status'], string> = {
  capacity: 'Has room for new clients',
  waitlist: 'Waiting list',
  'no-capacity': 'No room for new clients',
  'assessment-needed': 'Assessment needed first',
};

const STATES: { value: Receiving['state']; label: string; hint: string }[] = [
  { value: 'receiving', label: 'Taking referrals', hint: 'Advisers can send referrals now.' },
  {
    value: 'paused',
    label: 'Paused until a date',
    hint: 'Starts taking referrals again by itself on that date.',
  },
  { value: 'not-receiving', label: 'Not taking referrals', hint: 'Until you turn it back on.' },
];

const LABELS = {
  'receiving.until': 'Paused until',
  'receiving.reason': 'Why (shown to advisers)',
  'capacity.places': 'Places free',
};
const LIMITS = maxLengths<string>(contract['directory.setReceiving'].request);

/**
 * The lead's two clicks: choose whether the service takes referrals (and, for
 * a pause, until when), then save. The change goes through the desk's outbox,
 * so it is kept even when the network is out of reach.
 */
export const ReceivingForm = ({
  view,
  onSaved,
}: {
  view: ServiceView;
  onSaved: (next: ServiceView) => void;
}) => {
  const { service } = view;
  const [state, setState] = useState<Receiving['state']>(service.receiving.state);
  const [until, setUntil] = useState(service.receiving.until ?? '');
  const [reason, setReason] = useState(service.receiving.reason ?? '');
  const [capacity, setCapacity] = useState<Capacity['status']>(service.capacity.status);
  const [places, setPlaces] = useState(
    service.capacity.places === null ? '' : String(service.capacity.places),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const request = {
      serviceId: service.id,
      receiving: {
        state,
        until: state === 'paused' && until !== '' ? until : null,
        reason: state === 'receiving' || reason.trim() === '' ? null : reason,
      },
      capacity: { status: capacity, places: places.trim() === '' ? null : Number(places) },
    };
    const parsed = contract['directory.setReceiving'].request.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setSaving(true);
    const saved = await call('directory.setReceiving', request);
    setSaving(false);
    if (!saved.ok) setProblem(reasonText(saved.reason));
    else {
      setProblem(null);
      onSaved(saved.value);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form receiving-form">
      <h2>Change whether this service takes referrals</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <fieldset>
        <legend>Referrals</legend>
        {STATES.map((s) => (
          <div className="radio" key={s.value}>
            <input
              type="radio"
              name="receiving-state"
              id={`receiving-${s.value}`}
              value={s.value}
              checked={state === s.value}
              onChange={() => setState(s.value)}
              aria-describedby={`receiving-${s.value}-hint`}
            />
            <label htmlFor={`receiving-${s.value}`}>{s.label}</label>
            <p className="hint" id={`receiving-${s.value}-hint`}>
              {s.hint}
            </p>
          </div>
        ))}
      </fieldset>
      {state === 'paused' && (
        <Field
          label={LABELS['receiving.until']}
          error={errors['receiving.until']}
          limit={LIMITS['receiving.until']}
        >
          {(p) => (
            <input {...p} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          )}
        </Field>
      )}
      {state !== 'receiving' && (
        <Field
          label={LABELS['receiving.reason']}
          error={errors['receiving.reason']}
          limit={LIMITS['receiving.reason']}
        >
          {(p) => (
            <input {...p} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      )}
      <Field label="Room for new clients" error={errors['capacity.status']}>
        {(p) => (
          <select
            {...p}
            value={capacity}
            onChange={(e) => setCapacity(e.target.value as Capacity['status'])}
          >
            {CAPACITY_STATUSES.map((c) => (
              <option key={c} value={c}>
                {CAPACITY_WORDS[c]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={LABELS['capacity.places']}
        hint="Optional. Leave empty if you do not count places."
        error={errors['capacity.places'] === undefined ? undefined : 'Enter a whole number'}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            inputMode="numeric"
            value={places}
            onChange={(e) => setPlaces(e.target.value)}
            className="short"
          />
        )}
      </Field>
      <button type="submit" disabled={saving}>
        Save
      </button>
    </form>
  );
};
