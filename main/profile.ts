import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What the desk remembers outside the encrypted store, to prefill the sign-in
 * screen: the network's address and the last email used; and which user id
 * each email that signed in here has, to find its store offline. Nothing secret.
 */
const profileSchema = z.object({
  serverUrl: z.string(),
  email: z.string(),
  /** Whose store on this computer belongs to which email (lower case), for signing in offline (#5). */
  stores: z.record(z.string(), z.string()).optional(),
});
export type Profile = z.infer<typeof profileSchema>;

const file = (dataDir: string): string => join(dataDir, 'profile.json');

export const readProfile = (dataDir: string): Profile | null => {
  try {
    const parsed = profileSchema.safeParse(JSON.parse(readFileSync(file(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export const writeProfile = (dataDir: string, profile: Profile): void => {
  const target = file(dataDir);
  writeFileSync(`${target}.tmp`, JSON.stringify(profile), { mode: 0o600 });
  renameSync(`${target}.tmp`, target);
};
