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
  // Points of the cubic Bezier curve: its middle first, then others a label may move to when that is taken.
  const at = (t) => {
    const u = 1 - t;
    const weights = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    const coordinate = (i) => weights[0] * start[i] + weights[1] * c1[i] + weights[2] * c2[i] + weights[3] * end[i];
    return { x: round(coordinate(0)), y: round(coordinate(1)) };
  };
  const spots = [0.5, 0.35, 0.65, 0.25, 0.75].map(at);
  const controls = [start, c1, c2, end];
  return { d: curveData(controls), controls, label: spots[0], spots };
}

const curveData = (controls) => {
  const [p0, p1, p2, p3] = controls.map(([x, y]) => `${round(x)} ${round(y)}`);
  return `M ${p0} C ${p1}, ${p2}, ${p3}`;
};

const lerp = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

// De Casteljau: the control points of the curve's part from t = 0 to `t`, and of the part from `t` to 1.
function splitCurve([p0, p1, p2, p3], t) {
  const [a, b, c] = [lerp(p0, p1, t), lerp(p1, p2, t), lerp(p2, p3, t)];
  const [d, e] = [lerp(a, b, t), lerp(b, c, t)];
  const f = lerp(d, e, t);
  return [
    [p0, a, d, f],
    [f, e, c, p3],
  ];
}

// Between the chord and the control polygon: close enough to a curve's length to keep dashes in step.
function curveLength([p0, p1, p2, p3]) {
  const gap = (a, b) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  return (gap(p0, p1) + gap(p1, p2) + gap(p2, p3) + gap(p0, p3)) / 2;
}

/**
 * Split a curve from `connect` into pieces of at most about `most` pixels: [{d, offset, controls}], where `offset`
 * is the length before the piece, its dashes' phase. A dashed stroke is dashed along its whole length even where
 * off screen, so one line across a 10k chart had cost a second of painting; a piece off screen is not drawn. A
 * piece of 8,000 px holds 800 dashes.
 */
export function curvePieces(curve, most = 8000) {
  const count = Math.ceil(curveLength(curve.controls) / most);
  if (count <= 1) return [{ d: curve.d, offset: 0, controls: curve.controls }];
  const pieces = [];
  let rest = curve.controls;
  let offset = 0;
  for (let index = 0; index < count - 1; index += 1) {
    const [piece, after] = splitCurve(rest, 1 / (count - index));
    pieces.push(pieceOf(piece, offset));
    offset += curveLength(piece);
    rest = after;
  }
  pieces.push(pieceOf(rest, offset));
  return pieces;
}

// A piece's path data is written when asked for: a line across a 10k chart is a hundred pieces, of which the
// screen shows a few, and writing them all had been an eighth of a toggle's drawing.
const pieceOf = (controls, offset) => ({
  controls,
  offset: round(offset),
  get d() {
    return curveData(controls);
  },
});

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
