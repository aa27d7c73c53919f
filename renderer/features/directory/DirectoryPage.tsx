import { PageHeading } from '#renderer/components/forms.tsx';
import { ServiceSearch } from '#renderer/features/directory/ServiceSearch.tsx';

export const DirectoryPage = () => (
  <>
    <PageHeading>Service directory</PageHeading>
    <p>
      Every service in the network. To refer someone, open the client and choose “Refer to a
      service”.
    </p>
    <ServiceSearch />
  </>
);
