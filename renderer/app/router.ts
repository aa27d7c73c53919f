import { create } from 'zustand';

/**
 * A small hash router: the address says which screen is showing, so the
 * browser's Back button and bookmarks work in web mode.
 */
export type Route =
  | { name: 'clients' }
  | { name: 'client-new' }
  | { name: 'client'; id: string }
  | { name: 'client-edit'; id: string }
  | { name: 'case-new'; clientId: string }
  | { name: 'case'; id: string }
  | { name: 'recovery-key' }
  | { name: 'backups' }
  | { name: 'retention' }
  | { name: 'security' }
  | { name: 'client-import' }
  | { name: 'account' }
  | { name: 'refer'; clientId: string }
  | { name: 'referrals'; direction: 'incoming' | 'outgoing' }
  | { name: 'referral'; id: string }
  | { name: 'redirect'; referralId: string }
  | { name: 'updates' }
  | { name: 'directory' }
  | { name: 'service'; id: string }
  /** The directory's other screens (#4): a page name, and a service or client id where it needs one. */
  | { name: 'directory-page'; page: string; id?: string }
  /** The coordinator's area (#6): one route, a section per screen (features/network/sections.tsx). */
  | { name: 'network'; section: string; id?: string }
  /** Messages the network refused or could not accept, set aside (#12). */
  | { name: 'outbox' };

const ID = '([0-9a-f-]{36})';

export const parseRoute = (hash: string): Route => {
  const path = hash.replace(/^#/, '');
  let m: RegExpExecArray | null;
  if (path === '/clients/new') return { name: 'client-new' };
  if ((m = new RegExp(`^/clients/${ID}/refer$`).exec(path)) && m[1])
    return { name: 'refer', clientId: m[1] };
  if ((m = new RegExp(`^/clients/${ID}$`).exec(path)) && m[1]) return { name: 'client', id: m[1] };
  if ((m = new RegExp(`^/clients/${ID}/edit$`).exec(path)) && m[1])
    return { name: 'client-edit', id: m[1] };
  if ((m = new RegExp(`^/clients/${ID}/cases/new$`).exec(path)) && m[1])
    return { name: 'case-new', clientId: m[1] };
  if ((m = new RegExp(`^/cases/${ID}$`).exec(path)) && m[1]) return { name: 'case', id: m[1] };
  if (path === '/recovery-key') return { name: 'recovery-key' };
  if (path === '/backups') return { name: 'backups' };
  if (path === '/retention') return { name: 'retention' };
  if (path === '/security') return { name: 'security' };
  if (path === '/clients/import') return { name: 'client-import' };
  if (path === '/account') return { name: 'account' };
  if (path === '/referrals/in') return { name: 'referrals', direction: 'incoming' };
  if (path === '/referrals/out') return { name: 'referrals', direction: 'outgoing' };
  if ((m = new RegExp(`^/referrals/${ID}/redirect$`).exec(path)) && m[1])
    return { name: 'redirect', referralId: m[1] };
  if ((m = new RegExp(`^/referrals/${ID}$`).exec(path)) && m[1])
    return { name: 'referral', id: m[1] };
  if (path === '/updates') return { name: 'updates' };
  if (path === '/outbox') return { name: 'outbox' };
  if (path === '/directory') return { name: 'directory' };
  if ((m = new RegExp(`^/directory/${ID}$`).exec(path)) && m[1])
    return { name: 'service', id: m[1] };
  if ((m = new RegExp(`^/directory/([a-z-]+)(?:/${ID})?$`).exec(path)) && m[1])
    return m[2]
      ? { name: 'directory-page', page: m[1], id: m[2] }
      : { name: 'directory-page', page: m[1] };
  if ((m = new RegExp(`^/network/([a-z-]+)(?:/${ID})?$`).exec(path)) && m[1])
    return m[2] ? { name: 'network', section: m[1], id: m[2] } : { name: 'network', section: m[1] };
  return { name: 'clients' };
};

export const href = (route: Route): string => {
  switch (route.name) {
    case 'clients':
      return '#/clients';
    case 'client-new':
      return '#/clients/new';
    case 'client':
      return `#/clients/${route.id}`;
    case 'refer':
      return `#/clients/${route.clientId}/refer`;
    case 'client-edit':
      return `#/clients/${route.id}/edit`;
    case 'case-new':
      return `#/clients/${route.clientId}/cases/new`;
    case 'case':
      return `#/cases/${route.id}`;
    case 'recovery-key':
      return '#/recovery-key';
    case 'backups':
      return '#/backups';
    case 'retention':
      return '#/retention';
    case 'security':
      return '#/security';
    case 'client-import':
      return '#/clients/import';
    case 'account':
      return '#/account';
    case 'referrals':
      return route.direction === 'incoming' ? '#/referrals/in' : '#/referrals/out';
    case 'referral':
      return `#/referrals/${route.id}`;
    case 'redirect':
      return `#/referrals/${route.referralId}/redirect`;
    case 'updates':
      return '#/updates';
    case 'outbox':
      return '#/outbox';
    case 'directory':
      return '#/directory';
    case 'service':
      return `#/directory/${route.id}`;
    case 'directory-page':
      return `#/directory/${route.page}${route.id === undefined ? '' : `/${route.id}`}`;
    case 'network':
      return `#/network/${route.section}${route.id === undefined ? '' : `/${route.id}`}`;
  }
};

type RouterState = { route: Route; go: (route: Route) => void };

export const useRouter = create<RouterState>()((set) => ({
  route: parseRoute(window.location.hash),
  go: (route) => {
    window.location.hash = href(route);
    set({ route });
  },
}));

window.addEventListener('hashchange', () => {
  useRouter.setState({ route: parseRoute(window.location.hash) });
});
