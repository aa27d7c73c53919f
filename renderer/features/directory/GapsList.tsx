import { reasonText } from '#src/reasons.ts';
import type { Gap } from '#src/wire/provision.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';

const loadGaps = () => call('provision.networkGaps', {});

/** Gaps counted by a key, most first: where the network most needs help. */
const countBy = (gaps: readonly Gap[], key: (g: Gap) => string): [string, number][] => {
  const counts = new Map<string, number>();
  for (const g of gaps) counts.set(key(g), (counts.get(key(g)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

const Counts = ({ caption, rows }: { caption: string; rows: [string, number][] }) => (
  <table>
    <caption>{caption}</caption>
    <thead>
      <tr>
        <th scope="col">{caption.replace('Gaps by ', '').replace(/^./, (c) => c.toUpperCase())}</th>
        <th scope="col">Gaps</th>
      </tr>
    </thead>
    <tbody>
      {rows.map(([label, n]) => (
        <tr key={label}>
          <th scope="row">{label}</th>
          <td>{n}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/**
 * The coordinator's list of gaps in provision (#4): what advisers could find
 * no service for, by issue and area, newest first. No client details.
 */
export const GapsList = () => {
  const [found] = useDeskQuery(loadGaps, ['sync', 'session']);
  const issueLabel = useIssueLabel();
  if (found === null) return <p className="loading">Loading…</p>;
  if (!found.ok) return <Problem message={reasonText(found.reason)} />;
  const gaps = found.value;
  return (
    <>
      <PageHeading>Gaps in provision</PageHeading>
      <p>
        Each time an adviser finds no service in the network that can take a client, they can record
        it here: the issue, the area and why. No client details are recorded.
      </p>
      {gaps.length === 0 ? (
        <p>No gaps recorded yet.</p>
      ) : (
        <>
          <Counts caption="Gaps by issue" rows={countBy(gaps, (g) => issueLabel(g.issue))} />
          <Counts caption="Gaps by area" rows={countBy(gaps, (g) => g.area.toUpperCase())} />
          <h2>Every gap, newest first</h2>
          <ul className="gaps">
            {gaps.map((g) => (
              <li key={g.id}>
                <strong>{issueLabel(g.issue)}</strong>, {g.area}: {g.why}
                <span className="hint">
                  {' '}
                  ({g.organisationName}, {formatTime(g.recordedAt)})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
};
