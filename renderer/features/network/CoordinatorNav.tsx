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
  'recovery-key',
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

const Nav = ({ route }: { route: Route }) => (
  <nav aria-label="Main" className="main-nav">
    {NETWORK_SECTIONS.map((s) => (
      <Link
        key={s.id}
        to={{ name: 'network', section: s.id }}
        current={route.name === 'network' && route.section === s.id}
        label={s.label}
      />
    ))}
    <Link
      to={{ name: 'directory' }}
      current={route.name === 'directory' || route.name === 'service'}
      label="Directory"
    />
    <Link to={{ name: 'account' }} current={route.name === 'account'} label="Account" />
  </nav>
);

/** The page for a network route (an unknown section has already become the first). */
export const NetworkPage = ({ section, id }: { section: string; id?: string | undefined }) => {
  const found = NETWORK_SECTIONS.find((s) => s.id === section) ?? NETWORK_SECTIONS[0];
  if (found === undefined) return null;
  const { Page } = found;
  return <Page key={`${section}/${id ?? ''}`} id={id} />;
};
