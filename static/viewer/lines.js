// Draw a chart's secondary lines ("advises", "serves", ...) as dashed curves in an SVG overlay.
// The line data is the server-rendered .line-ref spans; the boxes are found by data-key.

import { CHART_CHANGED } from "./chart.js";
import { connect } from "./geometry.js";

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [attribute, value] of Object.entries(attributes)) element.setAttribute(attribute, String(value));
  return element;
}

function arrowMarker(id) {
  const marker = svgElement("marker", {
    id,
    viewBox: "0 0 10 10",
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: "auto-start-reverse",
  });
  marker.append(svgElement("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "chart__line-arrow" }));
  const defs = svgElement("defs");
  defs.append(marker);
  return defs;
}

function boxFor(root, key) {
  return root.querySelector(`.box[data-key="${CSS.escape(key)}"]`);
}

// A box inside a folded branch has no layout boxes at all.
function isShown(box) {
  return Boolean(box) && box.getClientRects().length > 0;
}

function rectWithin(element, origin) {
  const rect = element.getBoundingClientRect();
  return { left: rect.left - origin.left, top: rect.top - origin.top, width: rect.width, height: rect.height };
}

function drawLine(svg, origin, ref, from, to, markerId, strings) {
  const { d, label } = connect(rectWithin(from, origin), rectWithin(to, origin));
  const type = ref.dataset.type || "";
  const group = svgElement("g", { class: `chart__line line--${type}`, "data-from": from.dataset.key });
  group.setAttribute("data-to", to.dataset.key);
  const title = svgElement("title");
  title.textContent = ref.textContent.trim();
  const path = svgElement("path", { d, "marker-end": `url(#${markerId})` });
  const text = svgElement("text", { x: label.x, y: label.y, "text-anchor": "middle", "dominant-baseline": "middle" });
  text.textContent = strings.lineTypes[type] || type;
  group.append(title, path, text);
  svg.append(group);
}

function draw(root, svg, strings) {
  const canvas = svg.parentElement;
  // Shrink first so the old overlay does not hold the scroll area open after a fold.
  svg.setAttribute("width", 0);
  svg.setAttribute("height", 0);
  svg.setAttribute("width", canvas.scrollWidth);
  svg.setAttribute("height", canvas.scrollHeight);
  const markerId = `${root.dataset.side || "chart"}-line-arrow`;
  svg.replaceChildren(arrowMarker(markerId));
  const origin = svg.getBoundingClientRect();
  for (const ref of root.querySelectorAll(".line-ref")) {
    const from = boxFor(root, ref.dataset.from);
    const to = boxFor(root, ref.dataset.to);
    if (from !== to && isShown(from) && isShown(to)) drawLine(svg, origin, ref, from, to, markerId, strings);
  }
}

/** Add the overlay to one chart and keep it in step with folds, resizes and late fonts. */
export function setUpLines(root, strings) {
  const canvas = root.querySelector(".chart__canvas");
  if (!canvas || !root.querySelector(".line-ref")) return;
  const svg = svgElement("svg", { class: "chart__lines", "aria-hidden": "true", focusable: "false" });
  canvas.prepend(svg);

  let frame = 0;
  const schedule = () => {
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw(root, svg, strings);
      });
    }
  };
  root.addEventListener(CHART_CHANGED, schedule);
  // A box's <details> (its figures) grows the box; "toggle" does not bubble, so listen while capturing.
  root.addEventListener("toggle", schedule, true);
  window.addEventListener("resize", schedule);
  const tree = canvas.querySelector(".chart__tree");
  if (tree && "ResizeObserver" in window) new ResizeObserver(schedule).observe(tree);
  if (document.fonts) document.fonts.ready.then(schedule);
  draw(root, svg, strings);
}
