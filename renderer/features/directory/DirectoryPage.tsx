import { PageHeading } from '#renderer/components/forms.tsx';
import { ServiceSearch } from '#renderer/features/directory/ServiceSearch.tsx';
import { GapLink } from '#renderer/features/directory/GapLink.tsx';
import { ReviewReminder } from '#renderer/features/directory/Reviews.tsx';

export const DirectoryPage = () => (
  <>
    <PageHeading>Service directory</PageHeading>
    <p>
      Every service in the network. To refer someone, open the client and choose “Refer to a
      service”.
    </p>
    <ReviewReminder />
    <GapLink />
    <ServiceSearch />
  </>
);
