// Pure: a tree (tree.js) and its expanded set -> box positions and connector polylines.
// Each subtree is laid out around its root's centre and packed beside its siblings by its bounding
// extents (a simplified tidy tree: parents centred over their children, no two boxes overlapping).
// Compact mode stacks a wide row of leaf children in columns; staff units sit beside the stem.

export const DEFAULTS = {
  width: 208,
  height: 92,
  gapBreadth: 24,
  gapDepth: 60,
  staffGap: 28,
  compactAt: 20,
  compactIndent: 24,
  compactGap: 12,
  margin: 32,
  orientation: "td",
  isStaff: () => false,
};

/** Return true when a unit may be drawn beside the unit it serves rather than below it. */
export function isStaffUnit(data, lines = []) {
  if (data.shared) return true;
  const staffKinds = ["structure", "joint_body", "capacity"];
  return staffKinds.includes(data.kind) && lines.some((line) => line.from === data.key || line.to === data.key);
}

function measure(node, expanded, o) {
  const { B, D, gB, gD } = o;
  const rec = { node, left: -B / 2, right: B / 2, bottom: D, kids: [], staff: [], compact: [], bandTop: 0 };
  const kids = expanded.has(node.key) ? node.children : [];
  if (!kids.length) return rec;
  const leaf = (child) => !(expanded.has(child.key) && child.children.length);
  let staff = kids.filter((child) => o.isStaff(child.data) && leaf(child));
  let regular = kids.filter((child) => !staff.includes(child));
  if (!regular.length) [regular, staff] = [staff, []];
  let y = D;
  staff.forEach((child, index) => {
    const row = Math.floor(index / 2);
    const side = index % 2 ? -1 : 1;
    const dy = D + o.staffGap + row * (D + o.staffGap);
    const dx = side * (o.staffGap + B / 2);
    rec.staff.push({ node: child, dx, dy });
    rec.left = Math.min(rec.left, dx - B / 2);
    rec.right = Math.max(rec.right, dx + B / 2);
    y = Math.max(y, dy + D);
  });
  y += gD;
  rec.bandTop = y;
  if (regular.length >= o.compactAt && regular.every(leaf)) {
    const cols = Math.max(2, Math.ceil(Math.sqrt((regular.length * D) / B)));
    const rows = Math.ceil(regular.length / cols);
    const step = B + o.compactIndent + gB;
    const total = cols * step - gB;
    regular.forEach((child, index) => {
      const col = Math.floor(index / rows);
      const row = index % rows;
      const colLeft = -total / 2 + col * step;
      const dx = colLeft + o.compactIndent + B / 2;
      rec.compact.push({ node: child, dx, dy: y + row * (D + o.compactGap), spine: colLeft + o.compactIndent / 2 });
    });
    rec.left = Math.min(rec.left, -total / 2);
    rec.right = Math.max(rec.right, total / 2);
    rec.bottom = y + rows * (D + o.compactGap) - o.compactGap;
    return rec;
  }
  const measured = regular.map((child) => measure(child, expanded, o));
  const centres = [0];
  for (let i = 1; i < measured.length; i += 1) {
    centres.push(centres[i - 1] + measured[i - 1].right + gB - measured[i].left);
  }
  const shift = -(centres[0] + centres[centres.length - 1]) / 2;
  measured.forEach((child, i) => {
    const dx = centres[i] + shift;
    rec.kids.push({ rec: child, dx, dy: y });
    rec.left = Math.min(rec.left, dx + child.left);
    rec.right = Math.max(rec.right, dx + child.right);
    rec.bottom = Math.max(rec.bottom, y + child.bottom);
  });
  return rec;
}

function place(rec, cx, top, o, out) {
  const { B, D, gD } = o;
  const key = rec.node.key;
  out.boxes.push({ key, b: cx - B / 2, d: top, depth: rec.node.depth, role: out.role.get(key) || "tree" });
  for (const { node, dx, dy } of rec.staff) {
    const scx = cx + dx;
    const mid = top + dy + D / 2;
    out.role.set(node.key, "staff");
    out.boxes.push({ key: node.key, b: scx - B / 2, d: top + dy, depth: node.depth, role: "staff" });
    const edge = dx > 0 ? scx - B / 2 : scx + B / 2;
    out.links.push({ from: key, to: node.key, kind: "staff", points: [[cx, top + D], [cx, mid], [edge, mid]] });
  }
  const bus = top + rec.bandTop - gD / 2;
  for (const { node, dx, dy, spine } of rec.compact) {
    const ccx = cx + dx;
    const mid = top + dy + D / 2;
    out.boxes.push({ key: node.key, b: ccx - B / 2, d: top + dy, depth: node.depth, role: "compact" });
    const points = [[cx, top + D], [cx, bus], [cx + spine, bus], [cx + spine, mid], [ccx - B / 2, mid]];
    out.links.push({ from: key, to: node.key, kind: "compact", points });
  }
  for (const { rec: child, dx, dy } of rec.kids) {
    const ccx = cx + dx;
    const points = [[cx, top + D], [cx, bus], [ccx, bus], [ccx, top + dy]];
    out.links.push({ from: key, to: child.node.key, kind: "tree", points });
    place(child, ccx, top + dy, o, out);
  }
}

/** Lay out the visible part of a tree; return {boxes: Map key -> {x, y, w, h, depth, role}, list, links, width, height}. */
export function layoutTree(tree, expanded, options = {}) {
  const settings = { ...DEFAULTS, ...options };
  const leftRight = settings.orientation === "lr";
  const o = {
    ...settings,
    B: leftRight ? settings.height : settings.width,
    D: leftRight ? settings.width : settings.height,
    gB: leftRight ? Math.round(settings.gapBreadth / 2) : settings.gapBreadth,
    gD: leftRight ? settings.gapDepth * 0.8 : settings.gapDepth,
  };
  const out = { boxes: [], links: [], role: new Map() };
  let cursor = 0;
  const hasKids = (root) => expanded.has(root.key) && root.children.length;
  for (const root of tree.roots.filter(hasKids)) {
    const rec = measure(root, expanded, o);
    place(rec, cursor - rec.left, 0, o, out);
    cursor += rec.right - rec.left + o.gB * 3;
  }
  // Units whose place is not stated (loose roots) stand in a block of columns beside the trees,
  // so twenty of them do not stretch the chart into one long row.
  const loose = tree.roots.filter((root) => !hasKids(root));
  const cols = Math.max(1, Math.ceil(Math.sqrt((loose.length * o.D) / o.B)));
  const rows = Math.ceil(loose.length / cols);
  loose.forEach((root, index) => {
    const col = Math.floor(index / rows);
    const row = index % rows;
    const b = cursor + col * (o.B + o.gB);
    out.boxes.push({ key: root.key, b, d: row * (o.D + o.compactGap), depth: 0, role: "loose" });
  });
  let minB = Infinity;
  let maxB = -Infinity;
  let maxD = 0;
  for (const box of out.boxes) {
    minB = Math.min(minB, box.b);
    maxB = Math.max(maxB, box.b + o.B);
    maxD = Math.max(maxD, box.d + o.D);
  }
  if (!out.boxes.length) minB = maxB = 0;
  const m = settings.margin;
  const toXY = leftRight ? ([b, d]) => [d + m, b - minB + m] : ([b, d]) => [b - minB + m, d + m];
  const boxes = new Map();
  const list = out.boxes.map((box) => {
    const [x, y] = toXY([box.b, box.d]);
    const placed = { key: box.key, x, y, w: settings.width, h: settings.height, depth: box.depth, role: box.role };
    boxes.set(box.key, placed);
    return placed;
  });
  const links = out.links.map((link) => ({ ...link, points: link.points.map(toXY) }));
  const [width, height] = leftRight ? [maxD + 2 * m, maxB - minB + 2 * m] : [maxB - minB + 2 * m, maxD + 2 * m];
  return { boxes, list, links, width, height, orientation: settings.orientation };
}

/** Return the boxes that intersect a rectangle {x, y, w, h} (in layout coordinates). */
export function boxesIn(layout, rect) {
  return layout.list.filter(
    (box) => box.x < rect.x + rect.w && box.x + box.w > rect.x && box.y < rect.y + rect.h && box.y + box.h > rect.y,
  );
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
