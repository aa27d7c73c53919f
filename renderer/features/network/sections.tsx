import type { ReactNode } from 'react';
import { AuditPage } from '#renderer/features/network/AuditPage.tsx';
import { FiguresPage } from '#renderer/features/network/FiguresPage.tsx';
import { OrganisationsPage } from '#renderer/features/network/OrganisationsPage.tsx';
import { OverduePage } from '#renderer/features/network/OverduePage.tsx';
import { TwoFactorRulePage } from '#renderer/features/network/TwoFactorRulePage.tsx';
import { GapsList } from '#renderer/features/directory/GapsList.tsx';
import { ReviewList } from '#renderer/features/directory/Reviews.tsx';
import { BulletinsPage } from '#renderer/features/directory/Bulletins.tsx';
import { DirectorySettingsPage } from '#renderer/features/directory/DirectorySettings.tsx';
import { JoinRequestsPage } from '#renderer/features/directory/JoinRequests.tsx';
import { IssueCategoriesPage } from '#renderer/features/directory/IssueCategories.tsx';

/**
 * The coordinator's area of the desk (#6): one entry per screen, shown in
 * this order in the coordinator's navigation at `#/network/<id>` (and
 * `#/network/<id>/<uuid>` for one item, passed to the page as `id`). Adding a
 * screen is one line here. Each page checks nothing about roles itself: the
 * server refuses what the user may not do.
 */
export type NetworkSection = {
  id: string;
  label: string;
  Page: (props: { id?: string | undefined }) => ReactNode;
};

export const NETWORK_SECTIONS: readonly NetworkSection[] = [
  { id: 'organisations', label: 'Organisations', Page: OrganisationsPage },
  { id: 'join-requests', label: 'Asking to join', Page: JoinRequestsPage },
  { id: 'overdue', label: 'Overdue referrals', Page: OverduePage },
  { id: 'figures', label: 'Figures', Page: FiguresPage },
  { id: 'gaps', label: 'Gaps in provision', Page: GapsList },
  { id: 'reviews', label: 'Reviews due', Page: ReviewList },
  { id: 'news', label: 'News', Page: BulletinsPage },
  { id: 'directory-settings', label: 'Review period and posting', Page: DirectorySettingsPage },
  { id: 'issue-categories', label: 'Issue categories', Page: IssueCategoriesPage },
  { id: 'audit', label: 'Audit log', Page: AuditPage },
  { id: 'two-factor', label: 'Two-factor rule', Page: TwoFactorRulePage },
];
