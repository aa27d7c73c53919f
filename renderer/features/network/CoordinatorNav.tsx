import type { Route } from '#renderer/app/router.ts';
import { useEffect, useRef } from 'react';
import { href, useRouter } from '#renderer/app/router.ts';
import { NETWORK_SECTIONS } from '#renderer/features/network/sections.tsx';

/** Routes a coordinator's desk shows; anything else (casework) opens their first screen. */
const COORDINATOR_ROUTES: ReadonlySet<Route['name']> = new Set([
  'network',
  'directory',
  'service',
  'directory-page',
  'account',
]);

const FIRST: Route = { name: 'network', section: NETWORK_SECTIONS[0]?.id ?? 'organisations' };

/**
 * A coordinator holds no casework (#6): the clients and referral screens are
 * not theirs, so an address for one (or the desk's default) opens the
 * network area instead.
 */
export const coordinatorRoute = (route: Route): Route =>
  !COORDINATOR_ROUTES.has(route.name)
    ? FIRST
    : route.name === 'network' && !NETWORK_SECTIONS.some((s) => s.id === route.section)
      ? FIRST
      : route;

const Link = ({ to, current, label }: { to: Route; current: boolean; label: string }) => (
  <a href={href(to)} {...(current ? { 'aria-current': 'page' as const } : {})}>
    {label}
  </a>
);

/**
 * The coordinator's navigation: the network's screens, then the directory and
 * their account. It mounts when the coordinator's desk opens (sign-in or
 * unlock), which starts them on their first network screen rather than on
 * whatever page the computer last showed, perhaps someone else's.
 */
export const CoordinatorNav = ({ route }: { route: Route }) => {
  const go = useRouter((s) => s.go);
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    if (route.name !== 'network') go(FIRST);
  }, [go, route.name]);
  return <Nav route={route} />;
};

/**
 * The coordinator's screens in groups (#12): eleven network screens, the
 * directory and the account do not fit one line, and wrapped they filled four
 * and pushed the page sideways. A side menu in groups keeps every screen one
 * click away (and every link visible) at any width.
 */
const GROUPS: readonly { id: string; label: string; sections: readonly string[] }[] = [
  { id: 'agencies', label: 'Agencies', sections: ['organisations', 'join-requests'] },
  { id: 'referrals', label: 'Referrals', sections: ['overdue', 'figures', 'gaps'] },
  {
    id: 'directory',
    label: 'Directory',
    sections: ['reviews', 'news', 'directory-settings', 'issue-categories'],
  },
  { id: 'oversight', label: 'Oversight and rules', sections: ['audit', 'two-factor'] },
];

/** A screen added to NETWORK_SECTIONS but to no group still has a place: "More". */
const grouped = new Set(GROUPS.flatMap((g) => g.sections));
const MORE = NETWORK_SECTIONS.filter((s) => !grouped.has(s.id)).map((s) => s.id);
const ALL_GROUPS =
  MORE.length === 0 ? GROUPS : [...GROUPS, { id: 'more', label: 'More', sections: MORE }];

const Nav = ({ route }: { route: Route }) => (
  <nav aria-label="Main" className="side-nav">
    {ALL_GROUPS.map((g) => (
      <div key={g.id} className="nav-group">
        <p className="nav-group-label" id={`nav-${g.id}`}>
          {g.label}
        </p>
        <ul aria-labelledby={`nav-${g.id}`}>
          {g.id === 'directory' && (
            <li>
              <Link
                to={{ name: 'directory' }}
                current={route.name === 'directory' || route.name === 'service'}
                label="Directory"
              />
            </li>
          )}
          {g.sections.map((id) => {
            const s = NETWORK_SECTIONS.find((x) => x.id === id);
            return s === undefined ? null : (
              <li key={s.id}>
                <Link
                  to={{ name: 'network', section: s.id }}
                  current={route.name === 'network' && route.section === s.id}
                  label={s.label}
                />
              </li>
            );
          })}
        </ul>
      </div>
    ))}
    <ul aria-label="Your account">
      <li>
        <Link to={{ name: 'account' }} current={route.name === 'account'} label="Account" />
      </li>
    </ul>
  </nav>
);

/** The page for a network route (an unknown section has already become the first). */
export const NetworkPage = ({ section, id }: { section: string; id?: string | undefined }) => {
  const found = NETWORK_SECTIONS.find((s) => s.id === section) ?? NETWORK_SECTIONS[0];
  if (found === undefined) return null;
  const { Page } = found;
  return <Page key={`${section}/${id ?? ''}`} id={id} />;
};
