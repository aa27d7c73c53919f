import { useCallback, useState } from 'react';
import { ageFromText, directoryFindSchema } from '#src/directory/find.ts';
import { fieldErrors, maxLengths } from '#src/field-words.ts';
import type { ServiceHit } from '#src/directory/search.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';
import type { Referral } from '#src/wire/referral.ts';
import { withoutDecliner } from '#src/referral/redirect.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { ServiceList } from '#renderer/features/directory/ServiceList.tsx';
import { GapLink } from '#renderer/features/directory/GapLink.tsx';
import { useIssueCategories } from '#renderer/features/directory/issues.ts';

const LIMITS = maxLengths<'text' | 'area'>(directoryFindSchema);

type Props = {
  onChoose?: (service: Service) => void;
  chooseLabel?: string;
  /** Match results against this client's age, postcode and issues. */
  clientId?: string;
  /** Offer every service, not only those taking this client's referrals (signposting). */
  chooseAny?: boolean;
  /** Filters to start from: a redirect looks where the declined referral was aimed. */
  start?: { issue?: IssueCode; area?: string; receivingNow?: boolean };
  /** A redirect (#12): the service, and agency, that ended the referral, never offered again. */
  exclude?: Referral['to'];
};

/**
 * Searches the directory cached on this computer: works offline. Filters
 * narrow the list; with a client, services they cannot use are marked with
 * the rule that excludes them.
 */
export const ServiceSearch = ({
  onChoose,
  chooseLabel,
  clientId,
  chooseAny = false,
  start,
  exclude,
}: Props) => {
  const [text, setText] = useState('');
  const [issue, setIssue] = useState<IssueCode | ''>(start?.issue ?? '');
  const [area, setArea] = useState(start?.area ?? '');
  const [age, setAge] = useState('');
  const [receivingNow, setReceivingNow] = useState(start?.receivingNow ?? false);
  const [selfReferral, setSelfReferral] = useState(false);
  const categories = useIssueCategories();

  const request = {
    text,
    issue: issue === '' ? null : issue,
    area,
    age: ageFromText(age),
    receivingNow,
    selfReferral,
    clientId: clientId ?? null,
    clientIssues: issue === '' ? [] : [issue],
  };
  const parsed = directoryFindSchema.safeParse(request);
  const problems = parsed.success ? {} : fieldErrors(parsed.error.issues);
  const textProblem = problems.text ?? null;
  const areaProblem = problems.area ?? null;
  const ageProblem = problems.age ?? null;
  // Only a valid search is sent. (The key is JSON, where a NaN age would
  // become null and widen the search to every age: so decide here, not on it.)
  const key = parsed.success ? JSON.stringify(request) : null;
  const load = useCallback(
    (): Promise<ServiceHit[] | null> =>
      // A filter that is not valid: no list, and the field says what is wrong.
      key === null
        ? Promise.resolve(null)
        : call('directory.find', JSON.parse(key) as typeof request),
    [key],
  );
  const [found] = useDeskQuery(load, ['directory']);
  const hits = found === null || exclude === undefined ? found : withoutDecliner(found, exclude);
  const leftOut = found !== null && hits !== null && found.length > hits.length;

  return (
    <>
      <search className="search filters">
        <div>
          <label htmlFor="service-search">Search the directory</label>
          <input
            id="service-search"
            type="search"
            maxLength={LIMITS.text}
            value={text}
            onChange={(e) => setText(e.target.value)}
            {...(textProblem
              ? { 'aria-invalid': true, 'aria-describedby': 'service-search-error' }
              : {})}
          />
          {textProblem && (
            <p className="error-message" id="service-search-error">
              {textProblem}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="service-issue">Issue</label>
          <select
            id="service-issue"
            value={issue}
            onChange={(e) => setIssue(e.target.value as IssueCode | '')}
          >
            <option value="">Any issue</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="service-area">Area (postcode district)</label>
          <input
            id="service-area"
            type="text"
            maxLength={LIMITS.area}
            value={area}
            onChange={(e) => setArea(e.target.value)}
            autoComplete="off"
            {...(areaProblem
              ? { 'aria-invalid': true, 'aria-describedby': 'service-area-error' }
              : {})}
          />
          {areaProblem && (
            <p className="error-message" id="service-area-error">
              {areaProblem}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="service-age">Age</label>
          <input
            id="service-age"
            type="text"
            className="short"
            inputMode="numeric"
            value={age}
            onChange={(e) => setAge(e.target.value)}
            {...(ageProblem
              ? { 'aria-invalid': true, 'aria-describedby': 'service-age-error' }
              : {})}
          />
          {ageProblem && (
            <p className="error-message" id="service-age-error">
              {ageProblem}
            </p>
          )}
        </div>
        <div className="checks">
          <div className="check">
            <input
              type="checkbox"
              id="service-receiving"
              checked={receivingNow}
              onChange={(e) => setReceivingNow(e.target.checked)}
            />
            <label htmlFor="service-receiving">Taking referrals now</label>
          </div>
          <div className="check">
            <input
              type="checkbox"
              id="service-self"
              checked={selfReferral}
              onChange={(e) => setSelfReferral(e.target.checked)}
            />
            <label htmlFor="service-self">Accepts self-referrals</label>
          </div>
        </div>
      </search>
      <p role="status" className="hint">
        {key === null
          ? 'Correct the search above to see services.'
          : hits === null
            ? ''
            : `${hits.length} ${hits.length === 1 ? 'service' : 'services'} found`}
        {key !== null &&
          leftOut &&
          exclude !== undefined &&
          ` (not counting ${exclude.organisationName}, which could not take the referral)`}
      </p>
      {key !== null && hits !== null && hits.length === 0 && <GapLink />}
      {key !== null && hits !== null && (
        <ServiceList
          hits={hits}
          {...(onChoose ? { onChoose } : {})}
          {...(chooseLabel ? { chooseLabel } : {})}
          chooseAny={chooseAny}
        />
      )}
    </>
  );
};
