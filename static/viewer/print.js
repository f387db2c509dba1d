// DOM: before the browser prints (or saves a PDF), draw the chart as page-sized SVG pictures, each a
// whole subtree (pages.js), so a large chart is paginated and no box is cut by a page edge; the nested
// list follows as the chart's outline. The pictures are removed after printing. Computes no layout.

import { chartSvg } from "./export.js";
import { paginate } from "./pages.js";
import { pathTo } from "./tree.js";

// A4 landscape less 12 mm margins (site.css @page chart), in CSS pixels, less room for a page's title.
export const SHEET = { width: 1030, height: 640 };
// Below this a 13 px name prints under 5 pt: a subtree that needs less is split over more pages.
export const MIN_SCALE = 0.55;

function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  return document.importNode(doc.documentElement, true);
}

/**
 * Fill `container` with the printed pages of a chart; return how many. `chart` holds {tree, expanded,
 * layoutOptions, units, lines, text(unit) -> {name, head}, title, labels: {loose, continued}}.
 */
export function drawPrintPages(container, chart) {
  const pages = paginate(chart.tree, chart.expanded, {
    ...chart.layoutOptions,
    maxWidth: SHEET.width / MIN_SCALE,
    maxHeight: SHEET.height / MIN_SCALE,
  });
  const firstPage = new Map();
  pages.forEach((page, index) => {
    for (const key of page.keys) if (!firstPage.has(key)) firstPage.set(key, index + 1);
  });
  const nameOf = (key) => chart.text(chart.units.get(key)).name;
  const isLoose = (key) => !chart.tree.byKey.get(key).parent && !chart.expanded.has(key);
  // A page's title: the path down to the subtrees it shows, then their names (or "no stated place").
  const titleOf = (page) => {
    if (pages.length === 1) return chart.title;
    const names = page.keys.filter((key) => !isLoose(key)).map(nameOf);
    if (names.length > 3) names.splice(1, names.length - 2, "…");
    if (page.keys.some(isLoose)) names.push(chart.labels.loose);
    const path = page.parent ? pathTo(chart.tree, page.parent).map(nameOf) : [];
    return [chart.title, ...path, names.join(" · ")].filter(Boolean).join(" › ");
  };
  const sections = pages.map((page, index) => {
    const notes = new Map(page.continued.map((key) => [key, `→ ${chart.labels.continued.replace("{n}", firstPage.get(key))}`]));
    const svg = parseSvg(chartSvg({ ...chart, layout: page.layout, notes }));
    const k = Math.min(1, SHEET.width / page.layout.width, SHEET.height / page.layout.height);
    svg.setAttribute("width", String(Math.floor(page.layout.width * k)));
    svg.setAttribute("height", String(Math.floor(page.layout.height * k)));
    const section = document.createElement("section");
    section.className = "chart__page";
    section.dataset.page = String(index + 1);
    const title = document.createElement("p");
    title.className = "chart__page-title";
    title.textContent = (pages.length > 1 ? `${index + 1}/${pages.length} · ` : "") + titleOf(page);
    section.append(title, svg);
    return section;
  });
  container.replaceChildren(...sections);
  return sections.length;
}

/**
 * Add the print layer to a chart root, drawn from describe() (the chart for drawPrintPages) before the
 * browser prints and emptied after; return the function that draws it, for a Print button.
 */
export function setUpPrint(root, describe) {
  const container = document.createElement("div");
  container.className = "chart__print";
  container.setAttribute("aria-hidden", "true");
  (root.querySelector(".chart__canvas") || root.lastChild).before(container);
  const prepare = () => {
    const count = drawPrintPages(container, describe());
    root.classList.add("chart--printing");
    return count;
  };
  window.addEventListener("beforeprint", prepare);
  window.addEventListener("afterprint", () => {
    container.replaceChildren();
    root.classList.remove("chart--printing");
  });
  return prepare;
}
