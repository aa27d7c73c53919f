import { Problem } from '#renderer/components/forms.tsx';
import { GapPage } from '#renderer/features/directory/GapPage.tsx';
import { SignpostPage } from '#renderer/features/directory/Signposting.tsx';

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
    default:
      return <Missing />;
  }
};

const Missing = () => <Problem message="That page is not in the directory. Use the menu above." />;
