import { useCallback, useEffect } from 'react';
import type { ReactNode } from 'react';
import { useRouter, href } from '#renderer/app/router.ts';
import type { Route } from '#renderer/app/router.ts';
import type { Me } from '#src/wire/api.ts';
import { useSession } from '#renderer/app/session.ts';
import { useDeskEvents } from '#renderer/app/events.ts';
import { call } from '#renderer/bridge.ts';
import { SignIn } from '#renderer/features/session/SignIn.tsx';
import { Unlock } from '#renderer/features/session/Unlock.tsx';
import { ClientsPage } from '#renderer/features/clients/ClientsPage.tsx';
import { ClientNew } from '#renderer/features/clients/ClientNew.tsx';
import { ClientPage } from '#renderer/features/clients/ClientPage.tsx';
import { ClientEdit } from '#renderer/features/clients/ClientEdit.tsx';
import { CaseNew } from '#renderer/features/casework/CaseNew.tsx';
import { CasePage } from '#renderer/features/casework/CasePage.tsx';
import { RecoveryKeyBanner, RecoveryKeyPage } from '#renderer/features/casework/RecoveryKey.tsx';
import { BackupsPage } from '#renderer/features/casework/BackupsPage.tsx';
import { RetentionPage } from '#renderer/features/casework/RetentionPage.tsx';
import { SecurityPage } from '#renderer/features/casework/SecurityPage.tsx';
import { useActivityReports } from '#renderer/features/session/useActivityReports.ts';
import { ImportPage } from '#renderer/features/clients/ImportPage.tsx';
import { LockButton } from '#renderer/features/casework/LockButton.tsx';
import { ReferPage } from '#renderer/features/referrals/ReferPage.tsx';
import { RedirectPage } from '#renderer/features/referrals/RedirectPage.tsx';
import { UpdatesNavLink, UpdatesPage } from '#renderer/features/referrals/UpdatesPage.tsx';
import { ReferralsPage } from '#renderer/features/referrals/ReferralsPage.tsx';
import { ReferralPage } from '#renderer/features/referrals/ReferralPage.tsx';
import { DirectoryPage } from '#renderer/features/directory/DirectoryPage.tsx';
import { ServicePage } from '#renderer/features/directory/ServicePage.tsx';
import { DirectoryPages } from '#renderer/features/directory/pages.tsx';
import { BulletinsNavLink } from '#renderer/features/directory/Bulletins.tsx';
import { AccountPage } from '#renderer/features/account/AccountPage.tsx';
import { AgreementBanner } from '#renderer/features/account/AgreementBanner.tsx';
import { AccountNotices } from '#renderer/features/account/Notices.tsx';
import {
  CoordinatorNav,
  coordinatorRoute,
  NetworkPage,
} from '#renderer/features/network/CoordinatorNav.tsx';
import { SetAsideLink, SetAsidePage } from '#renderer/features/sync/SetAsidePage.tsx';

const Page = ({ route, me }: { route: Route; me: Me }) => {
  switch (route.name) {
    case 'clients':
      return <ClientsPage />;
    case 'client-new':
      return <ClientNew />;
    case 'client':
      return <ClientPage key={route.id} id={route.id} />;
    case 'client-edit':
      return <ClientEdit key={route.id} id={route.id} />;
    case 'case-new':
      return <CaseNew key={route.clientId} clientId={route.clientId} />;
    case 'case':
      return <CasePage key={route.id} id={route.id} />;
    case 'recovery-key':
      return <RecoveryKeyPage />;
    case 'backups':
      return <BackupsPage />;
    case 'retention':
      return <RetentionPage />;
    case 'security':
      return <SecurityPage />;
    case 'client-import':
      return <ImportPage />;
    case 'account':
      return <AccountPage me={me} />;
    case 'refer':
      return <ReferPage key={route.clientId} clientId={route.clientId} />;
    case 'referrals':
      return <ReferralsPage key={route.direction} direction={route.direction} />;
    case 'redirect':
      return <RedirectPage id={route.referralId} />;
    case 'updates':
      return <UpdatesPage />;
    case 'outbox':
      return <SetAsidePage />;
    case 'referral':
      return <ReferralPage key={route.id} id={route.id} />;
    case 'directory':
      return <DirectoryPage />;
    case 'service':
      return <ServicePage key={route.id} id={route.id} />;
    case 'directory-page':
      return (
        <DirectoryPages key={`${route.page}/${route.id ?? ''}`} page={route.page} id={route.id} />
      );
    case 'network':
      return <NetworkPage section={route.section} id={route.id} />;
  }
};

const SyncLine = () => {
  const sync = useSession((s) => s.sync);
  const words = sync.online
    ? sync.waiting === 0
      ? 'Connected to the network'
      : `Connected · sending ${sync.waiting}`
    : sync.waiting === 0
      ? 'Offline: working from this computer'
      : `Offline: ${sync.waiting} waiting to send`;
  return (
    <p role="status" className={sync.online ? 'sync online' : 'sync offline'}>
      {words}
    </p>
  );
};

const NavLink = ({
  to,
  current,
  children,
}: {
  to: Route;
  current: boolean;
  children: ReactNode;
}) => (
  <a href={href(to)} {...(current ? { 'aria-current': 'page' as const } : {})}>
    {children}
  </a>
);

const Shell = () => {
  const asked = useRouter((s) => s.route);
  const { session, inboxCount, refreshSync, set } = useSession();
  const reload = useCallback(() => refreshSync(), [refreshSync]);
  useEffect(() => {
    void reload();
  }, [reload]);
  useDeskEvents(['sync', 'referrals'], reload);
  // The agency's auto-lock counts idle time from the last key press or pointer use (#5).
  useActivityReports();
  if (session?.state !== 'ready') return null;
  const { me } = session;
  // A coordinator's desk is the network area (#6): no casework screens.
  const coordinator = me.user.role === 'coordinator';
  const route = coordinator ? coordinatorRoute(asked) : asked;
  const signOut = async () => {
    set(await call('session.signOut', {}));
  };
  const page = (
    <main id="main" tabIndex={-1}>
      <RecoveryKeyBanner />
      <AgreementBanner key={route.name} />
      <AccountNotices key={`notices-${route.name}`} onAccountPage={route.name === 'account'} />
      <Page route={route} me={me} />
    </main>
  );
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <span className="product">Handover</span>
          <span className="who">
            {me.user.name}, {me.organisation?.name ?? 'network coordinator'} · {me.network.name}
          </span>
        </div>
        <SyncLine />
        <SetAsideLink />
        <LockButton />
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {coordinator ? (
        // The coordinator's many screens sit in a side menu, in groups (#12).
        <div className="with-side-nav">
          <CoordinatorNav route={route} />
          {page}
        </div>
      ) : (
        <>
          <nav aria-label="Main" className="main-nav">
            <NavLink
              to={{ name: 'clients' }}
              current={[
                'clients',
                'client',
                'client-new',
                'refer',
                'client-edit',
                'case-new',
                'case',
              ].includes(route.name)}
            >
              Clients
            </NavLink>
            <NavLink
              to={{ name: 'referrals', direction: 'incoming' }}
              current={route.name === 'referrals' && route.direction === 'incoming'}
            >
              Referrals in
              {inboxCount > 0 && (
                <span className="badge">
                  {inboxCount}
                  <span className="visually-hidden"> new</span>
                </span>
              )}
            </NavLink>
            <NavLink
              to={{ name: 'referrals', direction: 'outgoing' }}
              current={route.name === 'referrals' && route.direction === 'outgoing'}
            >
              Referrals out
            </NavLink>
            <UpdatesNavLink current={route.name === 'updates'} />
            <NavLink
              to={{ name: 'directory' }}
              current={route.name === 'directory' || route.name === 'service'}
            >
              Directory
            </NavLink>
            <BulletinsNavLink current={route.name === 'directory-page' && route.page === 'news'} />
            <NavLink to={{ name: 'backups' }} current={route.name === 'backups'}>
              Backups
            </NavLink>
            <NavLink to={{ name: 'security' }} current={route.name === 'security'}>
              Security
            </NavLink>
            <NavLink to={{ name: 'account' }} current={route.name === 'account'}>
              Account
            </NavLink>
          </nav>
          {page}
        </>
      )}
    </>
  );
};

export const App = () => {
  const { session, refresh } = useSession();
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useDeskEvents(['session'], refresh);
  if (session === null) return <p className="loading">Starting Handover…</p>;
  switch (session.state) {
    case 'signed-out':
      return <SignIn session={session} />;
    case 'locked':
      return <Unlock session={session} />;
    case 'ready':
      return <Shell />;
  }
};
