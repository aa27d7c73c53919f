import { useState } from 'react';
import { useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import { referralActionSchema } from '#src/contract.ts';
import type { ReferralActionInput } from '#src/contract.ts';
import { DECLINE_REASON_LABEL, DECLINE_REASONS } from '#src/referral/lifecycle.ts';
import type { DeclineReason } from '#src/referral/lifecycle.ts';
import { londonDate, londonInstant, londonTime } from '#src/calendar/working-days.ts';
import {
  CONTACT_METHOD_LABEL,
  CONTACT_METHODS,
  contactTimeProblem,
  type ContactMethod,
} from '#src/referral/first-contact.ts';
import { reasonText } from '#src/reasons.ts';
import { ErrorSummary, Field, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { maxLengthsWhere } from '#src/field-words.ts';

/**
 * The forms for lifecycle steps that need words: decline (with its coded
 * reason), unable to contact, close with an outcome, withdraw, and a note.
 * Each is checked with the contract's own schema before it goes to the desk.
 */

export type Act = (input: ReferralActionInput) => Promise<boolean>;

/** Checks the input with the contract's schema; the errors by field, or none. */
const check = (input: ReferralActionInput): FieldErrors | null => {
  const parsed = referralActionSchema.safeParse(input);
  return parsed.success ? null : zodFieldErrors(parsed.error.issues);
};

type TextStep = {
  action: 'unable-to-contact' | 'close' | 'withdraw' | 'note';
  heading: string;
  label: string;
  hint: string;
  submit: string;
};

export const TEXT_STEPS: Record<TextStep['action'], TextStep> = {
  'unable-to-contact': {
    action: 'unable-to-contact',
    heading: 'Could not contact the client',
    label: 'What you tried',
    hint: 'For example: phoned three times on different days, left a message. The referrer sees this. Do not include new personal details.',
    submit: 'Close: unable to contact',
  },
  close: {
    action: 'close',
    heading: 'Close with an outcome',
    label: 'Outcome',
    hint: 'What happened for the client, in a sentence or two. The referrer sees this.',
    submit: 'Close the referral',
  },
  withdraw: {
    action: 'withdraw',
    heading: 'Withdraw this referral',
    label: 'Why you are withdrawing it',
    hint: 'For example: the client found help elsewhere. The other agency sees this.',
    submit: 'Withdraw the referral',
  },
  note: {
    action: 'note',
    heading: 'Add a note',
    label: 'Note',
    hint: 'Both agencies see notes on a referral.',
    submit: 'Add note',
  },
};

const inputFor = (action: TextStep['action'], text: string): ReferralActionInput =>
  action === 'close' ? { action, outcome: text } : { action, text };

/** One text box and a button: unable to contact, close, withdraw, note. */
export const TextStepForm = ({
  draftKey,
  step,
  act,
  busy,
  onCancel,
}: {
  /** Names the referral and step, so the words outlive a lock (#5). */
  draftKey: string;
  step: TextStep;
  act: Act;
  busy: boolean;
  onCancel?: () => void;
}) => {
  const [text, setText] = useDraft(`${draftKey}/text`, '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const field = step.action === 'close' ? 'outcome' : 'text';
  const limit = maxLengthsWhere<'outcome' | 'text'>(referralActionSchema, 'action', step.action)[
    field
  ];

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const input = inputFor(step.action, text);
    const problems = check(input);
    setErrors(problems ?? {});
    if (problems !== null) return;
    if (await act(input)) setText('');
  };

  return (
    <form className="step-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>{step.heading}</h3>
      <ErrorSummary errors={errors} labels={{ [field]: step.label }} />
      <Field label={step.label} hint={step.hint} error={errors[field]} limit={limit}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {step.submit}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
};

/** Decline with a coded reason; words are required when the reason is "other". */
export const DeclineForm = ({
  draftKey,
  act,
  busy,
  onCancel,
}: {
  /** Names the referral, so the decline outlives a lock (#5). */
  draftKey: string;
  act: Act;
  busy: boolean;
  onCancel: () => void;
}) => {
  const [reason, setReason] = useDraft<DeclineReason | null>(`${draftKey}/reason`, null);
  const [text, setText] = useDraft(`${draftKey}/text`, '');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (reason === null) {
      setErrors({ reason: 'Choose why the referral is declined' });
      return;
    }
    const input: ReferralActionInput = { action: 'decline', reason, text };
    const problems = check(input);
    setErrors(problems ?? {});
    if (problems === null) await act(input);
  };

  return (
    <form className="step-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>Decline this referral</h3>
      <ErrorSummary errors={errors} labels={{ reason: 'Why', text: 'More about why' }} />
      <fieldset className={errors.reason ? 'field field-error' : 'field'}>
        <legend>Why are you declining it?</legend>
        {errors.reason && (
          <p className="error-message">
            <span className="visually-hidden">Error: </span>
            {errors.reason}
          </p>
        )}
        <div className="checkboxes">
          {DECLINE_REASONS.map((r) => (
            <label key={r}>
              <input
                type="radio"
                name="decline-reason"
                value={r}
                checked={reason === r}
                onChange={() => {
                  setReason(r);
                }}
              />
              {DECLINE_REASON_LABEL[r]}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label="More about why"
        hint={
          reason === 'other'
            ? 'Needed for "another reason". The referrer sees this, so they can send the client elsewhere.'
            : 'Optional. The referrer sees this, so they can send the client elsewhere.'
        }
        error={errors.text}
        limit={maxLengthsWhere<'text'>(referralActionSchema, 'action', 'decline').text}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Decline the referral
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};

/**
 * First contact with the client: how, and when (#12). Often made away from
 * the desk, so the date and time can be set back; they start at now. The
 * desk and the server both refuse a time in the future or before the
 * referral was sent; saying so here first saves a round trip.
 */
export const FirstContactForm = ({
  draftKey,
  sentAt,
  act,
  busy,
  onCancel,
}: {
  draftKey: string;
  sentAt: string;
  act: Act;
  busy: boolean;
  onCancel: () => void;
}) => {
  const [method, setMethod] = useDraft<ContactMethod | null>(`${draftKey}/method`, null);
  const [date, setDate] = useDraft(`${draftKey}/date`, londonDate(new Date()));
  const [time, setTime] = useDraft(`${draftKey}/time`, londonTime(new Date()));
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (method === null) found.method = 'Choose how the client was contacted';
    const contactedAt = londonInstant(date, time);
    if (contactedAt === null) found.date = 'Give the date and time of the contact';
    else {
      const problem = contactTimeProblem(contactedAt, sentAt, new Date());
      if (problem !== null) found.date = reasonText(problem);
    }
    setErrors(found);
    if (method === null || contactedAt === null || Object.keys(found).length > 0) return;
    await act({ action: 'record-contact', method, contactedAt });
  };

  return (
    <form className="step-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>Record first contact with the client</h3>
      <ErrorSummary errors={errors} labels={{ method: 'How', date: 'When' }} />
      <fieldset className={errors.method ? 'field field-error' : 'field'}>
        <legend>How did you contact them?</legend>
        {errors.method && (
          <p className="error-message">
            <span className="visually-hidden">Error: </span>
            {errors.method}
          </p>
        )}
        <div className="checkboxes">
          {CONTACT_METHODS.map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="contact-method"
                value={m}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                }}
              />
              {CONTACT_METHOD_LABEL[m][0]?.toUpperCase()}
              {CONTACT_METHOD_LABEL[m].slice(1)}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label="Date of the contact"
        hint="If you reached them away from your desk, set the day and time it happened. Not before the referral was sent, and not in the future."
        error={errors.date}
      >
        {(props) => (
          <input
            {...props}
            type="date"
            value={date}
            min={londonDate(sentAt)}
            max={londonDate(new Date())}
            onChange={(e) => {
              setDate(e.target.value);
            }}
          />
        )}
      </Field>
      <Field label="Time of the contact">
        {(props) => (
          <input
            {...props}
            type="time"
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Record first contact
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
