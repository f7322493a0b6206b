/**
 * Which image variants a wanted variant can run, and how close each is: 0 is an exact match,
 * larger numbers are older instruction sets (picked only when nothing closer exists).
 */

// Each entry runs everything before it in the list.
const ORDERED_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  arm: ['v5', 'v6', 'v7', 'v8'],
  // '' is the amd64 baseline (v1), which images leave out.
  amd64: ['', 'v2', 'v3', 'v4'],
};

/** arm64 variants `v8.N` / `v9.N` as comparable numbers; v9.N implements v8.(N+5). */
function arm64Level(variant: string): { major: number; minor: number } | undefined {
  const match = /^v(\d+)(?:\.(\d+))?$/.exec(variant);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0) };
}

function arm64Distance(wanted: string, candidate: string): number | undefined {
  const want = arm64Level(wanted);
  const have = arm64Level(candidate);
  if (want === undefined || have === undefined) return wanted === candidate ? 0 : undefined;
  const wantKey = want.major * 100 + want.minor;
  const haveKey = have.major * 100 + have.minor;
  if (have.major === want.major) return have.minor <= want.minor ? wantKey - haveKey : undefined;
  if (want.major === 9 && have.major === 8)
    return have.minor <= want.minor + 5 ? wantKey - haveKey : undefined;
  return undefined;
}

/** Distance from the wanted variant to a candidate's, or undefined if the candidate cannot run. */
export function variantDistance(architecture: string, wanted: string, candidate: string): number | undefined {
  if (wanted === candidate) return 0;
  if (architecture === 'arm64') return arm64Distance(wanted, candidate);
  const order = ORDERED_VARIANTS[architecture];
  if (order !== undefined) {
    const want = order.indexOf(wanted);
    const have = order.indexOf(candidate);
    return want >= 0 && have >= 0 && have <= want ? want - have : undefined;
  }
  // Unknown architectures: an image without a variant is generic enough for any host variant.
  return candidate === '' ? 1 : undefined;
}
