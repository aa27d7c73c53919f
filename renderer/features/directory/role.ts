import { useSession } from '#renderer/app/session.ts';
import type { Me } from '#src/wire/api.ts';

/** Who is at this desk, for showing only what they may do (the server decides anyway). */
export const useMe = (): Me | null => {
  const session = useSession((s) => s.session);
  return session?.state === 'ready' ? session.me : null;
};

/** Advisers and leads record signposting and gaps for their agency; coordinators hold none. */
export const recordsForAgency = (me: Me | null): boolean =>
  me !== null &&
  me.organisation !== null &&
  (me.user.role === 'adviser' || me.user.role === 'lead');
