import { href } from '#renderer/app/router.ts';
import { recordsForAgency, useMe } from '#renderer/features/directory/role.ts';

/** Where no service can help, the way to tell the network (#4). */
export const GapLink = () => {
  const me = useMe();
  if (!recordsForAgency(me)) return null;
  return (
    <p>
      No service in the network can take your client?{' '}
      <a href={href({ name: 'directory-page', page: 'gap' })}>Record a gap in provision</a>
    </p>
  );
};
