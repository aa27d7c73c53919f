/**
 * A URL's path as a file path, or null (#12): a malformed percent-encoding
 * ("/%E0%A4%A") made `decodeURIComponent` throw, which the web-mode host
 * answered with a 500; NUL ("%00") is no file name anywhere. The one decoder
 * for paths that name files: the web host's and the app protocol's.
 */
export const decodedPath = (pathname: string): string | null => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
};
