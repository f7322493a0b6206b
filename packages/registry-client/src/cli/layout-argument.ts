/** `DIR` or `DIR:NAME` (skopeo's oci: syntax); a ':' in the directory path itself needs the NAME form. */
export function splitLayoutArgument(argument: string): { dir: string; name?: string } {
  const colon = argument.lastIndexOf(':');
  if (colon <= 0 || argument.slice(colon + 1).includes('/')) return { dir: argument };
  return { dir: argument.slice(0, colon), name: argument.slice(colon + 1) };
}
