import { useCallback, useState } from 'react';
import { ISSUE_CATEGORIES } from '#src/taxonomy.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { ServiceList } from '#renderer/features/directory/ServiceList.tsx';

type Props = { onChoose?: (service: Service) => void; chooseLabel?: string };

/** Searches the directory cached on this computer: works offline. */
export const ServiceSearch = ({ onChoose, chooseLabel }: Props) => {
  const [text, setText] = useState('');
  const [issue, setIssue] = useState<IssueCode | ''>('');
  const load = useCallback(
    () => call('directory.search', { text, issue: issue === '' ? null : issue }),
    [text, issue],
  );
  const [services] = useDeskQuery(load, ['directory']);

  return (
    <>
      <search className="search filters">
        <div>
          <label htmlFor="service-search">Search the directory</label>
          <input
            id="service-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="service-issue">Issue</label>
          <select
            id="service-issue"
            value={issue}
            onChange={(e) => setIssue(e.target.value as IssueCode | '')}
          >
            <option value="">Any issue</option>
            {ISSUE_CATEGORIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </search>
      <p role="status" className="hint">
        {services === null
          ? ''
          : `${services.length} ${services.length === 1 ? 'service' : 'services'} found`}
      </p>
      {services !== null && (
        <ServiceList
          services={services}
          {...(onChoose ? { onChoose } : {})}
          {...(chooseLabel ? { chooseLabel } : {})}
        />
      )}
    </>
  );
};
