// A download's Content-Disposition: the Chinese name for browsers that read RFC 5987, and a plain
// ASCII one for those that do not.
export const attachment = (name: string, asciiFallback: string) =>
  `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
