import { useEffect, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import { bulletinInputSchema } from '#src/wire/bulletins.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';

const loadBulletins = () => call('bulletins.list', {});
const EVERY_MINUTE = 60_000;

/** The news, asked again after each sync and every minute, so unread markers stay current. */
const useBulletins = () => {
  const [list, reload] = useDeskQuery(loadBulletins, ['sync', 'directory']);
  useEffect(() => {
    const timer = setInterval(() => void reload(), EVERY_MINUTE);
    return () => clearInterval(timer);
  }, [reload]);
  return [list, reload] as const;
};

/** "News" in the main navigation, with how many bulletins this user has not read. */
export const BulletinsNavLink = ({ current }: { current: boolean }) => {
  const [list] = useBulletins();
  const unread = list?.bulletins.filter((b) => b.unread).length ?? 0;
  return (
    <a
      href={href({ name: 'directory-page', page: 'news' })}
      {...(current ? { 'aria-current': 'page' as const } : {})}
    >
      News
      {unread > 0 && (
        <span className="badge">
          {unread}
          <span className="visually-hidden"> unread</span>
        </span>
      )}
    </a>
  );
};

const LABELS = { title: 'Title', body: 'The news' };
const LIMITS = maxLengths<keyof typeof LABELS>(bulletinInputSchema);

const PostForm = ({ onPosted }: { onPosted: () => void }) => {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    const parsed = bulletinInputSchema.safeParse({ title, body });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('bulletins.post', { title, body });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    setProblem(null);
    setTitle('');
    setBody('');
    setDone('Posted. Every desk in the network shows it.');
    onPosted();
  };
  return (
    <section aria-labelledby="post-news">
      <h2 id="post-news">Post news to the network</h2>
      <p className="hint">
        For example a new service, a change of opening hours or a closure. Never about a client.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <p role="status">{done ?? ''}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label={LABELS.title} error={errors.title} limit={LIMITS.title}>
          {(p) => (
            <input {...p} type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Field label={LABELS.body} error={errors.body} limit={LIMITS.body}>
          {(p) => (
            <textarea {...p} rows={5} value={body} onChange={(e) => setBody(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="primary">
          Post the news
        </button>
      </form>
    </section>
  );
};

/**
 * The network's bulletin board (#4): news for every desk, newest first,
 * with what this user had not read marked. Opening it marks it all read.
 */
export const BulletinsPage = () => {
  const [list, reload] = useBulletins();
  // What was unread when the page opened keeps its marker for this visit.
  const [unreadAtOpen, setUnreadAtOpen] = useState<ReadonlySet<string> | null>(null);
  const markedFor = useRef(false);
  useEffect(() => {
    if (list === null || markedFor.current) return;
    markedFor.current = true;
    const unread = new Set(list.bulletins.filter((b) => b.unread).map((b) => b.id));
    void call('bulletins.markRead', {}).then(() => setUnreadAtOpen(unread));
  }, [list]);
  if (list === null) return <p className="loading">Loading…</p>;
  return (
    <>
      <PageHeading>News from the network</PageHeading>
      {list.offline && (
        <p className="notice">
          The network cannot be reached: this is the news as it was when last fetched.
        </p>
      )}
      {list.canPost && <PostForm onPosted={() => void reload()} />}
      {list.bulletins.length === 0 ? (
        <p>No news yet.</p>
      ) : (
        <ul className="bulletins">
          {list.bulletins.map((b) => (
            <li key={b.id}>
              <article aria-labelledby={`bulletin-${b.id}`}>
                <h2 id={`bulletin-${b.id}`}>
                  {b.title}
                  {(unreadAtOpen?.has(b.id) ?? b.unread) && (
                    <span className="tag tag-sent"> New</span>
                  )}
                </h2>
                <p className="hint">
                  {b.authorName}
                  {b.organisationName === null
                    ? ', network coordinator'
                    : `, ${b.organisationName}`}{' '}
                  · {formatTime(b.postedAt)}
                </p>
                <p className="prose">{b.body}</p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
