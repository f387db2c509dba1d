// Pure geometry for secondary lines: where a line leaves one box, where it meets the other, and the
// curve between them; and the rounded polylines of tree connectors. Rectangles are {left, top, width,
// height} in one coordinate space.

const MIN_BEND = 24;

function round(value) {
  return Math.round(value * 10) / 10;
}

// Pick the pair of facing edges with the widest gap, so the line crosses open space.
function anchors(a, b) {
  const gaps = {
    down: b.top - (a.top + a.height),
    up: a.top - (b.top + b.height),
    right: b.left - (a.left + a.width),
    left: a.left - (b.left + b.width),
  };
  const side = Object.keys(gaps).reduce((best, key) => (gaps[key] > gaps[best] ? key : best), "down");
  const midX = (r) => r.left + r.width / 2;
  const midY = (r) => r.top + r.height / 2;
  switch (side) {
    case "up":
      return { start: [midX(a), a.top], end: [midX(b), b.top + b.height], axis: [0, -1] };
    case "right":
      return { start: [a.left + a.width, midY(a)], end: [b.left, midY(b)], axis: [1, 0] };
    case "left":
      return { start: [a.left, midY(a)], end: [b.left + b.width, midY(b)], axis: [-1, 0] };
    default:
      return { start: [midX(a), a.top + a.height], end: [midX(b), b.top], axis: [0, 1] };
  }
}

/** Return the SVG path data of a curve from box a to box b, where its label goes, and other `spots` on it. */
export function connect(a, b) {
  const { start, end, axis } = anchors(a, b);
  const along = Math.abs((end[0] - start[0]) * axis[0] + (end[1] - start[1]) * axis[1]);
  const bend = Math.max(MIN_BEND, along / 2);
  const c1 = [start[0] + axis[0] * bend, start[1] + axis[1] * bend];
  const c2 = [end[0] - axis[0] * bend, end[1] - axis[1] * bend];
  const points = [start, c1, c2, end].map(([x, y]) => `${round(x)} ${round(y)}`);
  // Points of the cubic Bezier curve: its middle first, then others a label may move to when that is taken.
  const at = (t) => {
    const u = 1 - t;
    const weights = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    const coordinate = (i) => weights[0] * start[i] + weights[1] * c1[i] + weights[2] * c2[i] + weights[3] * end[i];
    return { x: round(coordinate(0)), y: round(coordinate(1)) };
  };
  const spots = [0.5, 0.35, 0.65, 0.25, 0.75].map(at);
  return { d: `M ${points[0]} C ${points[1]}, ${points[2]}, ${points[3]}`, label: spots[0], spots };
}

/** Return the SVG path data of a polyline with rounded corners of radius r. */
export function roundedPath(points, r = 8) {
  if (points.length < 2) return "";
  const fmt = (v) => Math.round(v * 10) / 10;
  let d = `M${fmt(points[0][0])} ${fmt(points[0][1])}`;
  for (let i = 1; i < points.length - 1; i += 1) {
    const [px, py] = points[i - 1];
    const [x, y] = points[i];
    const [nx, ny] = points[i + 1];
    const inLen = Math.hypot(x - px, y - py);
    const outLen = Math.hypot(nx - x, ny - y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    if (!k) {
      d += `L${fmt(x)} ${fmt(y)}`;
      continue;
    }
    const ax = x - ((x - px) / inLen) * k;
    const ay = y - ((y - py) / inLen) * k;
    const bx = x + ((nx - x) / outLen) * k;
    const by = y + ((ny - y) / outLen) * k;
    d += `L${fmt(ax)} ${fmt(ay)}Q${fmt(x)} ${fmt(y)} ${fmt(bx)} ${fmt(by)}`;
  }
  const [lx, ly] = points[points.length - 1];
  return `${d}L${fmt(lx)} ${fmt(ly)}`;
}
