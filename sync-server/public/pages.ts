import { isReceiving } from '#src/directory/receiving.ts';
import type { ServiceHit } from '#src/directory/search.ts';
import { ISSUE_CATEGORIES, issueLabelIn, type IssueCategory } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';
import { html, type Html } from '#server/public/html.ts';

/** The public directory's pages, in plain words for a member of the public. */

const ukDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const formatDate = (d: string): string => ukDate.format(new Date(`${d}T12:00:00Z`));

export const servicePath = (id: string): string => `/directory/services/${id}`;

const receivingTag = (s: Service, today: string): Html =>
  isReceiving(s.receiving, today)
    ? html`<span class="tag">Taking new referrals</span>`
    : s.receiving.state === 'paused' && s.receiving.until !== null
      ? html`<span class="tag paused"
          >Not taking new referrals until ${formatDate(s.receiving.until)}</span
        >`
      : html`<span class="tag paused">Not taking new referrals at the moment</span>`;

export type SearchForm = { q: string; issue: string; area: string };

export const searchPage = (
  form: SearchForm,
  hits: ServiceHit[] | null,
  today: string,
  /** The network's categories: the standard list and the coordinator's additions (#4). */
  categories: readonly IssueCategory[] = ISSUE_CATEGORIES,
): Html => {
  const issueLabel = issueLabelIn(categories);
  return html` <h1>Find help near you</h1>
    <p>
      Free and local services for money, housing, benefits, food and more. Search, then read about a
      service to see how to get help.
    </p>
    <form method="get" action="/directory" role="search">
      <label for="q">What do you need help with?</label>
      <p class="hint" id="q-hint">For example: debt, eviction, food, benefits</p>
      <input type="search" id="q" name="q" value="${form.q}" aria-describedby="q-hint" />
      <label for="issue">Type of help</label>
      <select id="issue" name="issue">
        <option value="">Any</option>
        ${categories.map(
          (c) =>
            html`<option value="${c.code}" ${c.code === form.issue ? html` selected` : ''}>
              ${c.label}
            </option>`,
        )}
      </select>
      <label for="area">Your postcode (optional)</label>
      <p class="hint" id="area-hint">
        Only the first part is used, to show services for your area.
      </p>
      <input
        type="text"
        id="area"
        name="area"
        value="${form.area}"
        autocomplete="postal-code"
        aria-describedby="area-hint"
      />
      <button type="submit">Search</button>
    </form>
    ${
      hits === null
        ? ''
        : html`<h2>${hits.length === 1 ? '1 service found' : `${hits.length} services found`}</h2>
            <ul class="services">
              ${hits.map(
                ({ service: s }) =>
                  html`<li>
                    <h3><a href="${servicePath(s.id)}">${s.name}</a></h3>
                    <p class="org">${s.organization_name}</p>
                    <p>${receivingTag(s, today)}</p>
                    <p>${s.description}</p>
                    <p class="hint">
                      Helps with:
                      ${s.issues.map(issueLabel).join(', ')}${s.accepts_self_referral ? ' · You can contact them yourself through this site' : ''}
                    </p>
                  </li>`,
              )}
            </ul>`
    }
    <p class="hint">
      Run a service for people in this area and not listed here?
      <a href="/directory/join">Ask for your agency to join the network</a>.
    </p>`;
};

export const servicePage = (
  s: Service,
  today: string,
  categories: readonly IssueCategory[] = ISSUE_CATEGORIES,
): Html => {
  const issueLabel = issueLabelIn(categories);
  const rows: [string, string][] = [
    ['Helps with', s.issues.map(issueLabel).join(', ')],
    ['Who it is for', s.eligibility_description],
    [
      'Ages',
      s.minimum_age === null && s.maximum_age === null
        ? ''
        : s.maximum_age === null
          ? `${s.minimum_age ?? 0} and over`
          : `${s.minimum_age ?? 0} to ${s.maximum_age}`,
    ],
    ['Areas', s.areas.length === 0 ? 'Anywhere in the network' : s.areas.join(', ')],
    ['How to get help', s.application_process],
    ['Cost', s.fees_description],
    ['Languages', s.languages.map((l) => l.name).join(', ')],
    [
      'Opening times',
      s.schedules
        .map((o) =>
          [
            o.description,
            o.byday,
            o.opens_at && o.closes_at ? `${o.opens_at.slice(0, 5)}–${o.closes_at.slice(0, 5)}` : '',
          ]
            .filter((x) => x !== '')
            .join(' '),
        )
        .join('; '),
    ],
    ['Phone', s.phone ?? ''],
    ['Email', s.email ?? ''],
    ['Website', s.url ?? ''],
    [
      'Address',
      s.locations
        .map((l) => [l.address_1, l.city, l.postal_code].filter(Boolean).join(', '))
        .join('; '),
    ],
  ];
  const canSelfRefer = s.accepts_self_referral && isReceiving(s.receiving, today);
  return html` <h1>${s.name}</h1>
    <p class="org">${s.organization_name}</p>
    <p>${receivingTag(s, today)}</p>
    <p>${s.description}</p>
    <dl>
      ${rows
        .filter(([, v]) => v !== '')
        .map(
          ([k, v]) =>
            html`<div>
              <dt>${k}</dt>
              <dd>${v}</dd>
            </div>`,
        )}
    </dl>
    ${
      canSelfRefer
        ? html`<p>
            <a href="${servicePath(s.id)}/refer">Ask ${s.organization_name} to contact you</a>
          </p>`
        : s.accepts_self_referral
          ? html`<p>
              This service is not taking new requests through this site at the moment. You can still
              use the contact details above.
            </p>`
          : html`<p>
              This service takes referrals from advice agencies. Contact a local advice service to
              be referred.
            </p>`
    }
    <p><a href="/directory">Back to search</a></p>`;
};

export const notFoundPage = (): Html =>
  html` <h1>Page not found</h1>
    <p>That service is not in the directory. It may have closed or moved.</p>
    <p><a href="/directory">Search the directory</a></p>`;
