import { Problem } from '#renderer/components/forms.tsx';
import { GapPage } from '#renderer/features/directory/GapPage.tsx';
import { SignpostPage } from '#renderer/features/directory/Signposting.tsx';
import { ServiceEditPage, ServiceNewPage } from '#renderer/features/directory/ServiceEdit.tsx';
import { ReviewList } from '#renderer/features/directory/Reviews.tsx';
import { OrganisationPage } from '#renderer/features/directory/OrganisationPage.tsx';
import { BulletinsPage } from '#renderer/features/directory/Bulletins.tsx';

/**
 * The directory's screens beyond search and one service (#4), at
 * `#/directory/<page>` or `#/directory/<page>/<id>`.
 */
export const DirectoryPages = ({ page, id }: { page: string; id?: string | undefined }) => {
  switch (page) {
    case 'gap':
      return <GapPage />;
    case 'signpost':
      return id === undefined ? <Missing /> : <SignpostPage clientId={id} />;
    case 'edit':
      return id === undefined ? <Missing /> : <ServiceEditPage id={id} />;
    case 'new':
      return <ServiceNewPage />;
    case 'mine':
      return <ReviewList />;
    case 'news':
      return <BulletinsPage />;
    case 'organisation':
      return id === undefined ? <Missing /> : <OrganisationPage id={id} />;
    default:
      return <Missing />;
  }
};

const Missing = () => <Problem message="That page is not in the directory. Use the menu above." />;
