// Pure: the outline ("contour") of a laid-out subtree, as bands down its depth axis, each band
// [top, bottom, lo, hi] holding the leftmost and rightmost breadth any box or connector takes there.
// Siblings are packed by comparing contours band by band, as in Reingold & Tilford, "Tidier Drawings
// of Trees" (1981) and Walker (1990), so a small subtree may sit in a wide neighbour's empty space.
// Bands are sorted by depth and never overlap; a gap between bands is empty space.

const EPS = 1e-6;

/** Return a contour of one rectangle of breadth lo..hi and depth top..bottom. */
export function band(top, bottom, lo, hi) {
  return [[top, bottom, lo, hi]];
}

/** Return the contour moved by db along the breadth axis and dd down the depth axis. */
export function shift(contour, db, dd = 0) {
  return contour.map(([top, bottom, lo, hi]) => [top + dd, bottom + dd, lo + db, hi + db]);
}

// Walk the depth ranges of two contours together, calling visit(top, bottom, bandA, bandB) for each
// stretch where at least one of them has a band (the other may be null). Both lists are sorted, so this
// is a merge: no sorting, no allocation, linear in their lengths.
function sweep(a, b, visit) {
  let i = 0;
  let j = 0;
  let at = -Infinity;
  while (i < a.length || j < b.length) {
    while (i < a.length && a[i][1] <= at + EPS) i += 1;
    while (j < b.length && b[j][1] <= at + EPS) j += 1;
    if (i >= a.length && j >= b.length) break;
    const inA = i < a.length && a[i][0] <= at + EPS;
    const inB = j < b.length && b[j][0] <= at + EPS;
    if (!inA && !inB) {
      at = Math.min(i < a.length ? a[i][0] : Infinity, j < b.length ? b[j][0] : Infinity);
      continue;
    }
    let next = Infinity;
    if (inA) next = a[i][1];
    else if (i < a.length) next = a[i][0];
    if (inB) next = Math.min(next, b[j][1]);
    else if (j < b.length) next = Math.min(next, b[j][0]);
    if (next - at > EPS) visit(at, next, inA ? a[i] : null, inB ? b[j] : null);
    at = next;
  }
}

/** Return the contour of two contours together (the union of what they cover at each depth). */
export function union(a, b) {
  const out = [];
  sweep(a, b, (top, bottom, bandA, bandB) => {
    const lo = Math.min(bandA ? bandA[2] : Infinity, bandB ? bandB[2] : Infinity);
    const hi = Math.max(bandA ? bandA[3] : -Infinity, bandB ? bandB[3] : -Infinity);
    const last = out[out.length - 1];
    if (last && Math.abs(last[1] - top) < EPS && last[2] === lo && last[3] === hi) last[1] = bottom;
    else out.push([top, bottom, lo, hi]);
  });
  return out;
}

/**
 * Return how far right contour b must move so that it stands at least `gap` to the right of contour a
 * wherever both are at the same depth (negative when b could move left); -Infinity if they never meet.
 */
export function separation(a, b, gap) {
  let need = -Infinity;
  sweep(a, b, (top, bottom, bandA, bandB) => {
    if (bandA && bandB) need = Math.max(need, bandA[3] - bandB[2] + gap);
  });
  return need;
}

/** Return the leftmost and rightmost breadth of a contour. */
export function extent(contour) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, , l, h] of contour) {
    lo = Math.min(lo, l);
    hi = Math.max(hi, h);
  }
  return { lo, hi };
}

/**
 * Return breadth offsets for a row of contours, packed as tightly as their contours allow with `gap`
 * between them. Packing from the left alone pushes small middle subtrees left; unless `spread` is false,
 * it is averaged with packing from the right, which spreads them evenly (Walker's aim) and keeps every
 * pair apart, as both packings do.
 */
export function packRow(contours, gap, { spread = true } = {}) {
  const n = contours.length;
  const fromLeft = new Array(n).fill(0);
  const fromRight = new Array(n).fill(0);
  let acc = contours[0];
  for (let i = 1; i < n; i += 1) {
    fromLeft[i] = Math.max(0, separation(acc, contours[i], gap));
    acc = union(acc, shift(contours[i], fromLeft[i]));
  }
  if (!spread) return fromLeft;
  acc = contours[n - 1];
  for (let i = n - 2; i >= 0; i -= 1) {
    fromRight[i] = Math.min(0, -separation(contours[i], acc, gap));
    acc = union(acc, shift(contours[i], fromRight[i]));
  }
  const offset = fromLeft[n - 1] - fromRight[n - 1];
  return fromLeft.map((left, i) => (left + fromRight[i] + offset) / 2);
}

/** Return the range of breadth offsets where contour i of a packed row may stand without meeting the others. */
export function freeRange(contours, offsets, i, gap) {
  let lo = -Infinity;
  let hi = Infinity;
  for (let j = 0; j < contours.length; j += 1) {
    if (j === i) continue;
    const placed = shift(contours[j], offsets[j]);
    if (j < i) lo = Math.max(lo, separation(placed, contours[i], gap));
    else hi = Math.min(hi, -separation(contours[i], placed, gap));
  }
  return { lo, hi };
}
