// DOM: draw a layout as absolutely positioned boxes in one transformed layer, with connectors,
// secondary lines and succession arrows in SVG beneath. Only boxes that meet the viewport are in
// the DOM (virtualization), so a chart of thousands of units stays fast. Computes no layout.

import { boundsOf, boundsOfFlat, createCulling } from "./culling.js";
import { connect, curvePieces, roundedPath } from "./geometry.js";
import { placeLabels } from "./labels.js";
import { hasChildren } from "./tree.js";

const SVG = "http://www.w3.org/2000/svg";
const OVERSCAN = 240;
// Chart pixels on a side of the squares that group connectors, each group drawn while on screen (culling.js).
const CONNECTOR_CELL = 2000;

function svgEl(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function el(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined && text !== null && text !== "") node.textContent = text;
  return node;
}

function marker(id, className) {
  const m = svgEl("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  m.append(svgEl("path", { d: "M0 0L10 5L0 10z", class: className }));
  return m;
}

const rectOf = (box) => ({ left: box.x, top: box.y, width: box.w, height: box.h });

/** The tree's connectors grouped by the square of the chart where each starts: [{bounds, links}]. */
function connectorCells(links) {
  const cells = new Map();
  for (const link of links) {
    const [x, y] = link.flat;
    const key = Math.floor(x / CONNECTOR_CELL) * 65536 + Math.floor(y / CONNECTOR_CELL);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { bounds: boundsOf([]), links: [] }));
    boundsOfFlat(link.flat, cell.bounds);
    cell.links.push(link);
  }
  return [...cells.values()];
}

/**
 * Create the drawn layer inside a viewport element; return {draw, setScene, element, boxFor}. `size` returns the
 * viewport's {w, h}, by default measured on each draw.
 */
export function createRenderer(viewport, { id, text, size = () => ({ w: viewport.clientWidth, h: viewport.clientHeight }) }) {
  const stage = el("div", "chart__stage");
  const svg = svgEl("svg", { class: "chart__links", "aria-hidden": "true", focusable: "false" });
  const layer = el("div", "chart__boxes");
  stage.append(svg, layer);
  viewport.append(stage);
  const shown = new Map();
  const culling = createCulling();
  let scene = null;

  function buildBox(key) {
    const unit = scene.units.get(key);
    const box = el("div", "node");
    box.dataset.key = key;
    box.append(el("span", "node__name", text.name(unit)));
    const head = text.head(unit);
    if (head) box.append(el("span", "node__head", head));
    const meta = el("span", "node__meta");
    const posts = text.posts(unit);
    if (posts) meta.append(el("span", "node__posts", posts));
    if (unit.shared) meta.append(el("span", "badge badge--shared", text.strings.shared));
    if (unit.parent_unknown) meta.append(el("span", "badge badge--placement", text.strings.placementUnknown));
    if (unit.status) meta.append(el("span", "node__status status-label", text.status(unit)));
    if (meta.childNodes.length) box.append(meta);
    const node = scene.tree.byKey.get(key);
    if (node && hasChildren(node)) {
      const toggle = el("button", "node__toggle");
      toggle.type = "button";
      toggle.tabIndex = -1;
      box.append(toggle);
    }
    box.title = text.name(unit);
    return box;
  }

  function update(box, key) {
    const placed = scene.layout.boxes.get(key);
    const unit = scene.units.get(key);
    box.style.transform = `translate(${placed.x}px, ${placed.y}px)`;
    box.style.width = `${placed.w}px`;
    box.style.height = `${placed.h}px`;
    const classes = ["node", `node--${placed.role}`];
    if (unit.status) classes.push(`change--${unit.status}`);
    if (unit.presence) classes.push(`presence--${unit.presence}`);
    for (const mark of scene.marks.get(key) || []) classes.push(mark);
    const node = scene.tree.byKey.get(key);
    const open = scene.expanded.has(key);
    if (hasChildren(node) && !open) classes.push("is-collapsed");
    // Opened while the chart shows its page's head: its units come with the whole tree (main.js).
    const coming = open && node.held > 0 && node.children.length === 0;
    if (coming) classes.push("is-loading");
    box.className = classes.join(" ");
    if (coming) box.setAttribute("aria-busy", "true");
    else box.removeAttribute("aria-busy");
    const toggle = box.querySelector(".node__toggle");
    if (toggle) {
      toggle.textContent = coming ? "…" : open ? "−" : `+${text.count(node)}`;
      const action = coming ? text.strings.loading : open ? text.strings.collapse : text.strings.expand;
      toggle.title = `${action}: ${text.name(unit)}`;
    }
  }

  function drawLinks() {
    const { layout } = scene;
    svg.setAttribute("width", layout.width);
    svg.setAttribute("height", layout.height);
    svg.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
    const defs = svgEl("defs");
    defs.append(marker(`${id}-line-arrow`, "chart__line-arrow"), marker(`${id}-succession-arrow`, "chart__arrow-head"));
    const connectors = svgEl("g");
    const parts = [defs, connectors];
    const culled = connectorCells(layout.links).map(({ bounds, links }) => ({
      bounds,
      parent: connectors,
      make: () => svgEl("path", { class: "chart__connectors", d: links.map((link) => roundedPath(link.points)).join("") }),
    }));
    const drawn = [];
    for (const line of scene.lines) {
      const from = layout.boxes.get(line.from);
      const to = layout.boxes.get(line.to);
      if (!from || !to || from === to) continue;
      drawn.push({ line, curve: connect(rectOf(from), rectOf(to)), label: text.lineLabel(line) });
    }
    // A label that would cover another or a box waits for its line to be active (CSS: .is-crowded).
    const places = drawn.length ? placeLabels(drawn.map((one) => ({ text: one.label, spots: one.curve.spots })), layout.list) : [];
    drawn.forEach(({ line, curve, label }, index) => {
      const group = svgEl("g", { class: `chart__line line--${line.type}`, "data-from": line.from, "data-to": line.to });
      const title = svgEl("title");
      title.textContent = text.lineTitle(line);
      const place = places[index];
      const labelText = svgEl("text", { x: place.x, y: place.y, "text-anchor": "middle", "dominant-baseline": "middle" });
      if (place.crowded) labelText.setAttribute("class", "is-crowded");
      labelText.textContent = label;
      group.append(title, labelText);
      const pieces = curvePieces(curve);
      pieces.forEach((piece, at) => {
        const attributes = piece.offset ? { "stroke-dashoffset": piece.offset } : {};
        if (at === pieces.length - 1) attributes["marker-end"] = `url(#${id}-line-arrow)`;
        const make = () => svgEl("path", { d: piece.d, ...attributes });
        culled.push({ bounds: boundsOf(piece.controls), parent: group, before: labelText, make });
      });
      parts.push(group);
    });
    for (const arrow of scene.arrows) {
      const from = layout.boxes.get(arrow.from);
      const to = layout.boxes.get(arrow.to);
      if (!from || !to) continue;
      const { d } = connect(rectOf(from), rectOf(to));
      const group = svgEl("g", { class: `chart__arrow change--${arrow.type}`, "data-from": arrow.from, "data-to": arrow.to });
      group.append(svgEl("path", { d, "marker-end": `url(#${id}-succession-arrow)` }));
      parts.push(group);
    }
    svg.replaceChildren(...parts);
    culling.set(culled);
  }

  /** Replace what is drawn: {tree, units: Map, layout, lines, arrows, marks: Map, expanded: Set}. */
  function setScene(next) {
    const relaid = !scene || scene.layout !== next.layout || scene.lines !== next.lines || scene.arrows !== next.arrows;
    if (!scene || scene.units !== next.units) {
      for (const box of shown.values()) box.remove();
      shown.clear();
    }
    scene = next;
    if (relaid) drawLinks();
  }

  /** Draw the boxes that meet the viewport at this view {x, y, k}; return how many are in the DOM. */
  function draw(view) {
    if (!scene) return 0;
    stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    const { w: width, h: height } = size();
    const pad = OVERSCAN / view.k;
    const x0 = -view.x / view.k - pad;
    const y0 = -view.y / view.k - pad;
    const x1 = (width - view.x) / view.k + pad;
    const y1 = (height - view.y) / view.k + pad;
    culling.show({ x0, y0, x1, y1 });
    const wanted = new Set();
    for (const box of scene.layout.list) {
      if (box.x < x1 && box.x + box.w > x0 && box.y < y1 && box.y + box.h > y0) wanted.add(box.key);
    }
    for (const [key, box] of shown) {
      if (!wanted.has(key)) {
        box.remove();
        shown.delete(key);
      }
    }
    const fresh = document.createDocumentFragment();
    for (const key of wanted) {
      let box = shown.get(key);
      if (!box) {
        box = buildBox(key);
        shown.set(key, box);
        fresh.append(box);
      }
      update(box, key);
    }
    layer.append(fresh);
    return shown.size;
  }

  return { draw, setScene, element: stage, boxFor: (key) => shown.get(key) || null, shown: () => shown };
}
