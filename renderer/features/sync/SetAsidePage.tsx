import { useRef, useState } from 'react';
import type { SetAsideCommand } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { useSession } from '#renderer/app/session.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';

/** What each kind of message was, in words. */
const WHAT: Record<SetAsideCommand['type'], string> = {
  'referral.send': 'Sending a referral',
  'referral.acknowledge': 'Acknowledging a referral',
  'referral.accept': 'Accepting a referral',
  'referral.decline': 'Declining a referral',
  'referral.unable-to-contact': 'Saying the client could not be contacted',
  'referral.record-contact': 'Recording first contact with the client',
  'referral.close': 'Closing a referral with an outcome',
  'referral.withdraw': 'Withdrawing a referral',
  'referral.claim': 'Taking on a referral',
  'referral.assign': 'Giving a referral to a colleague',
  'referral.erase': 'Erasing a client’s details from a referral',
  'referral.note': 'A note on a referral',
  'service.setReceiving': 'Opening or pausing a service',
  'service.update': 'A change to a service in the directory',
  'service.confirmReview': 'Confirming a service’s details are up to date',
  'service.create': 'Adding a service to the directory',
  'gap.record': 'Recording a gap in provision',
  'signpost.record': 'Recording a signposting',
};

const KIND: Record<SetAsideCommand['kind'], string> = {
  refused: 'The network refused it.',
  rejected: 'The network said no.',
  undeliverable: 'The network could not accept it.',
};

const loadSetAside = () => call('outbox.setAside', {});

/** One message set aside: why, its words to fix, and the two ways out. */
const SetAsideItem = ({
  item,
  onDone,
}: {
  item: SetAsideCommand;
  onDone: (said: string, left: SetAsideCommand[]) => void;
}) => {
  const [text, setText] = useState(item.text ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = `set-aside-${item.mutationId}`;
  const what = WHAT[item.type];

  const act = async (action: 'resend' | 'discard') => {
    setBusy(true);
    setProblem(null);
    const result =
      action === 'discard'
        ? await call('outbox.discard', { mutationId: item.mutationId })
        : await call('outbox.resend', {
            mutationId: item.mutationId,
            ...(item.text === null ? {} : { text }),
          });
    setBusy(false);
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    onDone(action === 'discard' ? `${what}: discarded.` : `${what}: sent again.`, result.value);
  };

  return (
    <section className="set-aside" aria-labelledby={headingId}>
      <h2 id={headingId}>{what}</h2>
      <p>
        {KIND[item.kind]} {reasonText(item.reason)}
      </p>
      <p className="hint">
        Set aside <time dateTime={item.setAsideAt}>{formatTime(item.setAsideAt)}</time>
        {item.held > 0 &&
          ` · ${item.held === 1 ? '1 later message about the same thing waits' : `${item.held} later messages about the same thing wait`} for it`}
        {item.referralId !== null && (
          <>
            {' · '}
            <a href={href({ name: 'referral', id: item.referralId })}>Open the referral</a>
          </>
        )}
      </p>
      <Problem message={problem} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act('resend');
        }}
      >
        {item.text !== null && (
          <Field label="Your words" hint="Change what the network refused, then send it again.">
            {(props) => (
              <textarea
                {...props}
                rows={4}
                maxLength={5000}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Send again
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => void act('discard')}>
            Discard
          </button>
        </div>
      </form>
    </section>
  );
};

/**
 * Messages the network refused or could not accept (#12). They were set
 * aside so the rest could go; here the adviser sees why, fixes and sends
 * each again, or discards it.
 */
export const SetAsidePage = () => {
  const [items, reload] = useDeskQuery(loadSetAside, ['sync']);
  const [said, setSaid] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const refreshSync = useSession((s) => s.refreshSync);
  return (
    <>
      <PageHeading>Messages not sent</PageHeading>
      <p role="status" tabIndex={-1} ref={status}>
        {said}
      </p>
      {items === null ? null : items.length === 0 ? (
        <p>
          Nothing is set aside. Everything you did has gone to the network, or is waiting to go.
        </p>
      ) : (
        <>
          <p>
            The network did not take these, so they were set aside to let everything else through.
            Send each again (after changing its words if that is the trouble), or discard it.
          </p>
          {items.map((item) => (
            <SetAsideItem
              key={item.mutationId}
              item={item}
              onDone={(words) => {
                setSaid(words);
                status.current?.focus();
                void reload();
                void refreshSync();
              }}
            />
          ))}
        </>
      )}
    </>
  );
};

/** Beside the sync line: how many messages are set aside, linking to them. */
export const SetAsideLink = () => {
  const count = useSession((s) => s.sync.setAside);
  if (count === 0) return null;
  return (
    <a className="set-aside-link" href={href({ name: 'outbox' })}>
      {count === 1 ? '1 message not sent' : `${count} messages not sent`}
    </a>
  );
};
