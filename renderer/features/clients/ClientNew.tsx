import { PageHeading } from '#renderer/components/forms.tsx';
import { ClientForm } from '#renderer/features/clients/ClientForm.tsx';

export const ClientNew = () => (
  <>
    <PageHeading>Add a client</PageHeading>
    <p>
      Only the name is needed now. Their details stay on this computer unless they agree to a
      referral.
    </p>
    <ClientForm client={null} />
  </>
);
