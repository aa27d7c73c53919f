/**
 * Whether a network address would carry passwords and client details in the
 * clear over someone else's network: plain http to anywhere but this
 * computer. The desk refuses such an address unless the user says so.
 */
const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isInsecureRemote = (origin: string): boolean => {
  const url = new URL(origin);
  if (url.protocol === 'https:') return false;
  return !(LOCAL.has(url.hostname) || url.hostname.startsWith('127.'));
};
