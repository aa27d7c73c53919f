import { PageHeading } from '#renderer/components/forms.tsx';
import { ServiceSearch } from '#renderer/features/directory/ServiceSearch.tsx';
import { GapLink } from '#renderer/features/directory/GapLink.tsx';

export const DirectoryPage = () => (
  <>
    <PageHeading>Service directory</PageHeading>
    <p>
      Every service in the network. To refer someone, open the client and choose “Refer to a
      service”.
    </p>
    <GapLink />
    <ServiceSearch />
  </>
);
