import { z } from 'zod';
import { stored } from '#src/wire/text.ts';

/**
 * The receiving agency's inbox (#3): the colleagues a referral can be given
 * to. Names and roles only, for the people of the caller's own agency.
 */
export const colleagueSchema = z.object({
  id: z.uuid(),
  name: stored(),
  role: z.enum(['adviser', 'lead']),
});
export type Colleague = z.infer<typeof colleagueSchema>;

export const colleaguesResponseSchema = z.object({ colleagues: z.array(colleagueSchema) });
