// Pure: a tree (tree.js) and its expanded set -> box positions and connector polylines.
// A tidy tree: each subtree keeps its contour (contour.js) and siblings are pushed apart only as far
// as their contours require, parents centred over their children, no two boxes overlapping.
// Compact mode stacks the leaf children of a wide row in columns; staff units sit beside the stem; a unit
// that also reports to one or two of its siblings stands next to them (between the two), and one that also
// reports to its parent's sibling stands between its two parents, a level below them.

import { band, extent, freeRange, packRow, shift, union } from "./contour.js";

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
  coParents: new Map(),
};

/** Return true when a unit may be drawn beside the unit it serves rather than below it. */
export function isStaffUnit(data, lines = []) {
  if (data.shared) return true;
  const staffKinds = ["structure", "joint_body", "capacity"];
  return staffKinds.includes(data.kind) && lines.some((line) => line.from === data.key || line.to === data.key);
}

/** Return, for each unit with an "also reports to" line, the keys of the units it also reports to. */
export function coParentsOf(lines = []) {
  const out = new Map();
  for (const line of lines) {
    if (line.type !== "also_reports_to" || line.from === line.to) continue;
    if (!out.has(line.from)) out.set(line.from, new Set());
    out.get(line.from).add(line.to);
  }
  return out;
}

// Pre-order index of every unit and the index range of its subtree, so a unit can tell on which side
// of its parent's subtree another unit stands.
function spans(roots) {
  const span = new Map();
  let next = 0;
  // A stack of [node, its span, index of its next child]: no arrays copied per node (this ran on every layout).
  const stack = [];
  for (const root of roots) {
    const rootSpan = [next, next];
    next += 1;
    span.set(root.key, rootSpan);
    stack.push([root, rootSpan, 0]);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, nodeSpan, index] = top;
      if (index < node.children.length) {
        top[2] = index + 1;
        const child = node.children[index];
        const childSpan = [next, next];
        next += 1;
        span.set(child.key, childSpan);
        stack.push([child, childSpan, 0]);
      } else {
        nodeSpan[1] = next - 1;
        stack.pop();
      }
    }
  }
  return span;
}

// A tree's spans do not change: they are kept for the next layout of the same tree.
const spansByTree = new WeakMap();
function spansOf(tree) {
  if (!spansByTree.has(tree)) spansByTree.set(tree, spans(tree.roots));
  return spansByTree.get(tree);
}

// Put each unit that also reports to siblings next to them (between the first two), and a unit whose
// second parent stands elsewhere at the end of its siblings nearest that parent; return the new order
// and, for each unit placed between siblings, those siblings.
function orderBySecondParents(children, coParents, parentKey, span) {
  const order = [...children];
  const between = new Map();
  const range = span.get(parentKey);
  for (const child of children) {
    const wanted = coParents.get(child.key);
    if (!wanted) continue;
    const rest = order.filter((other) => other !== child);
    const at = rest.flatMap((other, index) => (wanted.has(other.key) ? [index] : []));
    if (!at.length) {
      const outside = (s) => s && range && (s[0] > range[1] || s[1] < range[0]);
      const sides = [...wanted].map((key) => span.get(key)).filter(outside);
      if (!sides.length) continue;
      const right = sides[0][0] > range[1];
      order.splice(0, order.length, ...(right ? [...rest, child] : [child, ...rest]));
      continue;
    }
    between.set(child.key, at.slice(0, 2).map((index) => rest[index]));
    rest.splice(at[0] + 1, 0, child);
    order.splice(0, order.length, ...rest);
  }
  return { order, between };
}

function measure(node, expanded, o) {
  let rec = o.records.get(node);
  if (!rec) {
    rec = measureAnew(node, expanded, o);
    o.records.set(node, rec);
  }
  return rec;
}

function measureAnew(node, expanded, o) {
  const { B, D, gB, gD } = o;
  const rec = { node, contour: band(0, D, -B / 2, B / 2), bottom: D, kids: [], staff: [], compact: [], bridges: [], bandTop: 0 };
  const kids = expanded.has(node.key) ? node.children.filter((child) => !o.bridged.has(child.key)) : [];
  if (!kids.length) return rec;
  const leaf = (child) => !(expanded.has(child.key) && child.children.length);
  const siblingKeys = new Set(kids.map((child) => child.key));
  const drawnBetween = (child) => [...(o.coParents.get(child.key) || [])].some((key) => siblingKeys.has(key));
  let staff = kids.filter((child) => o.isStaff(child.data) && leaf(child) && !drawnBetween(child));
  let regular = kids.filter((child) => !staff.includes(child));
  if (!regular.length) [regular, staff] = [staff, []];
  let y = D;
  staff.forEach((child, index) => {
    const row = Math.floor(index / 2);
    const side = index % 2 ? -1 : 1;
    const dy = D + o.staffGap + row * (D + o.staffGap);
    const dx = side * (o.staffGap + B / 2);
    rec.staff.push({ node: child, dx, dy });
    // The row's band runs from the stem to the box, so nothing is packed across the staff connector.
    rec.contour = union(rec.contour, band(dy, dy + D, Math.min(0, dx - B / 2), Math.max(0, dx + B / 2)));
    y = Math.max(y, dy + D);
  });
  y += gD;
  rec.bandTop = y;
  const bus = y - gD / 2;
  // The stem runs from the box down to the bus.
  rec.contour = union(rec.contour, band(D, bus, -1, 1));
  // A wide row stacks its leaf children in columns (a block packed like one more subtree), so a
  // department with 25 offices and a few branches is a few boxes wide, not 25.
  const partners = new Set(regular.flatMap((child) => [...(o.coParents.get(child.key) || [])]));
  const stackable = (child) => leaf(child) && !drawnBetween(child) && !partners.has(child.key);
  let stacked = regular.length >= o.compactAt ? regular.filter(stackable) : [];
  if (stacked.length < 2) stacked = [];
  const rowNodes = regular.filter((child) => !stacked.includes(child));
  const { order, between } = orderBySecondParents(rowNodes, o.coParents, node.key, o.span);
  const items = rowItems(order, expanded, o);
  const contours = items.map((item) => shift(item.contour, 0, y));
  const block = stacked.length ? compactBlock(stacked, o) : null;
  if (block) contours.unshift(shift(block.contour, 0, y));
  const offsets = packRow(contours, gB);
  const first = block ? 1 : 0;
  const slot = (i) => first + items.findIndex((item) => item.index === i);
  order.forEach((child, i) => {
    const pair = between.get(child.key);
    if (!pair) return;
    const target = pair.reduce((sum, partner) => sum + offsets[slot(order.indexOf(partner))], 0) / pair.length;
    const { lo, hi } = freeRange(contours, offsets, slot(i), gB);
    offsets[slot(i)] = Math.min(hi, Math.max(lo, target));
  });
  const centre = -(offsets[0] + offsets[offsets.length - 1]) / 2;
  // Where the connectors leave the bus: each subtree's centre, and each stacked column's spine.
  const drops = [0];
  if (block) {
    const dx = offsets[0] + centre;
    for (const item of block.items) {
      rec.compact.push({ node: item.node, dx: dx + item.dx, dy: y + item.dy, spine: dx + item.spine });
      drops.push(dx + item.spine);
    }
    rec.contour = union(rec.contour, shift(contours[0], dx));
    rec.bottom = Math.max(rec.bottom, y + block.height);
  }
  items.forEach((item, i) => {
    const dx = offsets[first + i] + centre;
    rec.contour = union(rec.contour, shift(contours[first + i], dx));
    rec.bottom = Math.max(rec.bottom, y + (item.drop || 0) + item.rec.bottom);
    if (item.from === undefined) {
      rec.kids.push({ rec: item.rec, dx, dy: y });
      drops.push(dx);
      return;
    }
    const fromDx = offsets[slot(item.from)] + centre;
    rec.bridges.push({ rec: item.rec, dx, dy: y + item.drop, from: order[item.from].key, fromDx, fromTop: y, bus: y + item.drop - o.gD / 2 });
  });
  rec.contour = union(rec.contour, band(bus - 1, y, Math.min(...drops), Math.max(...drops)));
  return rec;
}

// A unit that also reports to its parent's sibling (a unit two departments share) stands between the
// two, a level below them: a "bridge" taken out of its parent's subtree into the parent's row. Returns, by
// the row's index of the parent, the bridged units and on which side of the parent the sibling stands.
function bridgesOf(order, expanded, o) {
  const inRow = new Map(order.map((node, i) => [node.key, i]));
  const out = new Map();
  order.forEach((parent, i) => {
    if (!expanded.has(parent.key)) return;
    for (const child of parent.children) {
      const other = [...(o.coParents.get(child.key) || [])].find((key) => inRow.has(key) && key !== parent.key);
      if (other === undefined) continue;
      o.bridged.add(child.key);
      if (!out.has(i)) out.set(i, []);
      out.get(i).push({ node: child, right: inRow.get(other) > i });
    }
  });
  return out;
}

// The row's subtrees in order, each bridge beside its parent on the side of its other parent: {rec, contour,
// index} for a subtree, {rec, contour, from, drop} for a bridge (from: its parent's index, drop: how far
// below the row's top it stands). A bridge's contour holds the drop from its parent's bus.
function rowItems(order, expanded, o) {
  const bridges = bridgesOf(order, expanded, o);
  const measured = order.map((child) => measure(child, expanded, o));
  const items = [];
  measured.forEach((rec, index) => {
    const drop = rec.bandTop || o.D + o.gD;
    const bridge = ({ node }) => {
      const own = measure(node, expanded, o);
      const contour = union(shift(own.contour, 0, drop), band(drop - o.gD / 2 - 1, drop, -1, 1));
      return { rec: own, contour, from: index, drop };
    };
    const mine = bridges.get(index) || [];
    items.push(...mine.filter((b) => !b.right).map(bridge), { rec, contour: rec.contour, index });
    items.push(...mine.filter((b) => b.right).map(bridge));
  });
  return items;
}

// Leaf children in columns, each column hanging from a spine on its left: positions relative to the
// block's centre and top, and the block's contour.
function compactBlock(children, o) {
  const { B, D, gB } = o;
  const cols = Math.max(2, Math.ceil(Math.sqrt((children.length * D) / B)));
  const rows = Math.ceil(children.length / cols);
  const used = Math.ceil(children.length / rows);
  const step = B + o.compactIndent + gB;
  const total = used * step - gB;
  const items = children.map((node, index) => {
    const colLeft = -total / 2 + Math.floor(index / rows) * step;
    const dy = (index % rows) * (D + o.compactGap);
    return { node, dx: colLeft + o.compactIndent + B / 2, dy, spine: colLeft + o.compactIndent / 2 };
  });
  const height = rows * (D + o.compactGap) - o.compactGap;
  return { items, height, contour: band(0, height, -total / 2, total / 2) };
}

// A connector as the layout returns it: its points in one flat array [x0, y0, x1, y1, ...] (`flat`), as pairs
// on demand (`points`). A 10k chart has 10k connectors: an array for each of their points had been most of what a
// toggle's layout made, and the garbage collector's work in it.
class Link {
  constructor(from, to, kind, flat) {
    this.from = from;
    this.to = to;
    this.kind = kind;
    this.flat = flat;
  }

  get points() {
    const pairs = [];
    for (let i = 0; i < this.flat.length; i += 2) pairs.push([this.flat[i], this.flat[i + 1]]);
    return pairs;
  }
}

// A box as the layout returns it, at first with its place across (x) and down (y) the tree: layoutTree moves
// it in place to chart coordinates once the tree's extent is known.
function addBox(out, o, key, across, down, depth, role) {
  out.boxes.push({ key, x: across, y: down, w: o.width, h: o.height, depth, role });
}

function place(rec, cx, top, o, out) {
  const { B, D, gD } = o;
  const key = rec.node.key;
  addBox(out, o, key, cx - B / 2, top, rec.node.depth, out.role.get(key) || "tree");
  for (const { node, dx, dy } of rec.staff) {
    const scx = cx + dx;
    const mid = top + dy + D / 2;
    out.role.set(node.key, "staff");
    addBox(out, o, node.key, scx - B / 2, top + dy, node.depth, "staff");
    const edge = dx > 0 ? scx - B / 2 : scx + B / 2;
    out.links.push(new Link(key, node.key, "staff", [cx, top + D, cx, mid, edge, mid]));
  }
  const bus = top + rec.bandTop - gD / 2;
  for (const { node, dx, dy, spine } of rec.compact) {
    const ccx = cx + dx;
    const mid = top + dy + D / 2;
    addBox(out, o, node.key, ccx - B / 2, top + dy, node.depth, "compact");
    const flat = [cx, top + D, cx, bus, cx + spine, bus, cx + spine, mid, ccx - B / 2, mid];
    out.links.push(new Link(key, node.key, "compact", flat));
  }
  for (const { rec: child, dx, dy } of rec.kids) {
    const ccx = cx + dx;
    out.links.push(new Link(key, child.node.key, "tree", [cx, top + D, cx, bus, ccx, bus, ccx, top + dy]));
    place(child, ccx, top + dy, o, out);
  }
  placeBridges(rec.bridges, cx, top, o, out);
}

// A bridge hangs from its parent's bus, extended sideways to it.
function placeBridges(bridges, cx, top, o, out) {
  for (const { rec: child, dx, dy, from, fromDx, fromTop, bus } of bridges) {
    const ccx = cx + dx;
    const pcx = cx + fromDx;
    const flat = [pcx, top + fromTop + o.D, pcx, top + bus, ccx, top + bus, ccx, top + dy];
    out.links.push(new Link(from, child.node.key, "bridge", flat));
    out.role.set(child.node.key, "bridge");
    place(child, ccx, top + dy, o, out);
  }
}

// What a layout measured, by layout: its tree, settings, expanded set (a copy) and each subtree's record.
const measuredBy = new WeakMap();
const SETTING_KEYS = Object.keys(DEFAULTS).filter((key) => !["isStaff", "coParents"].includes(key));

// The subtree records of `previous` that still hold: all but those of units whose fold changed, of units with a
// second parent (their place depends on their parent's row), and of those units' ancestors. They are handed on,
// not copied (a 10k chart has 10k): a layout is built upon once, and later ones built on it start afresh.
function recordsFrom(previous, tree, expanded, settings) {
  const before = previous && measuredBy.get(previous);
  if (!before?.records || before.tree !== tree || SETTING_KEYS.some((key) => before.settings[key] !== settings[key])) {
    return new Map();
  }
  const { records } = before;
  before.records = null;
  const drop = (key) => {
    for (let node = tree.byKey.get(key); node && records.has(node); node = node.parent) records.delete(node);
  };
  for (const key of expanded) if (!before.expanded.has(key)) drop(key);
  for (const key of before.expanded) if (!expanded.has(key)) drop(key);
  for (const key of settings.coParents.keys()) drop(key);
  return records;
}

/**
 * Lay out the visible part of a tree; return {boxes: Map key -> {x, y, w, h, depth, role}, list, links, width, height}
 * (each link {from, to, kind, flat, points}).
 * `options.previous`, a layout of the same tree with the same options (staff and second parents included), lets
 * subtrees whose folds did not change keep their measures: a toggle then measures only its unit's ancestors.
 */
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
  o.span = o.coParents.size ? spansOf(tree) : new Map();
  o.bridged = new Set();
  // Records of subtrees hidden now stay, so that opening them again finds them.
  o.records = recordsFrom(options.previous, tree, expanded, settings);
  const out = { boxes: [], links: [], role: new Map() };
  const hasKids = (root) => expanded.has(root.key) && root.children.length;
  // Separate trees are packed by their contours too, with a wider gap so they read as separate.
  const items = rowItems(tree.roots.filter(hasKids), expanded, o);
  const offsets = items.length ? packRow(items.map((item) => item.contour), o.gB * 3, { spread: false }) : [];
  let cursor = 0;
  const bridges = [];
  items.forEach((item, i) => {
    if (item.from === undefined) place(item.rec, offsets[i], 0, o, out);
    else {
      const fromDx = offsets[items.findIndex((other) => other.index === item.from)];
      const parentKey = items.find((other) => other.index === item.from).rec.node.key;
      bridges.push({ rec: item.rec, dx: offsets[i], dy: item.drop, from: parentKey, fromDx, fromTop: 0, bus: item.drop - o.gD / 2 });
    }
    cursor = Math.max(cursor, offsets[i] + extent(item.contour).hi + o.gB * 3);
  });
  placeBridges(bridges, 0, 0, o, out);
  // Units whose place is not stated (loose roots) stand in a block of columns beside the trees,
  // so twenty of them do not stretch the chart into one long row.
  const loose = tree.roots.filter((root) => !hasKids(root));
  const cols = Math.max(1, Math.ceil(Math.sqrt((loose.length * o.D) / o.B)));
  const rows = Math.ceil(loose.length / cols);
  loose.forEach((root, index) => {
    const col = Math.floor(index / rows);
    const row = index % rows;
    const b = cursor + col * (o.B + o.gB);
    addBox(out, o, root.key, b, row * (o.D + o.compactGap), 0, "loose");
  });
  let minB = Infinity;
  let maxB = -Infinity;
  let maxD = 0;
  for (const box of out.boxes) {
    minB = Math.min(minB, box.x);
    maxB = Math.max(maxB, box.x + o.B);
    maxD = Math.max(maxD, box.y + o.D);
  }
  if (!out.boxes.length) minB = maxB = 0;
  const m = settings.margin;
  const [x0, y0] = leftRight ? [m, m - minB] : [m - minB, m];
  const boxes = new Map();
  const list = out.boxes;
  for (const box of list) {
    const [across, down] = [box.x, box.y];
    box.x = leftRight ? down + x0 : across + x0;
    box.y = leftRight ? across + y0 : down + y0;
    boxes.set(box.key, box);
  }
  // The links' points were made for this layout alone: moved in place, as a 10k chart has 10k of them.
  const links = out.links;
  for (const { flat } of links) {
    for (let i = 0; i < flat.length; i += 2) {
      const b = flat[i];
      const d = flat[i + 1];
      flat[i] = leftRight ? d + x0 : b + x0;
      flat[i + 1] = leftRight ? b + y0 : d + y0;
    }
  }
  const [width, height] = leftRight ? [maxD + 2 * m, maxB - minB + 2 * m] : [maxB - minB + 2 * m, maxD + 2 * m];
  const layout = { boxes, list, links, width, height, orientation: settings.orientation };
  measuredBy.set(layout, { tree, settings, expanded: new Set(expanded), records: o.records });
  return layout;
}

/** Return the boxes that intersect a rectangle {x, y, w, h} (in layout coordinates). */
export function boxesIn(layout, rect) {
  return layout.list.filter(
    (box) => box.x < rect.x + rect.w && box.x + box.w > rect.x && box.y < rect.y + rect.h && box.y + box.h > rect.y,
  );
}
