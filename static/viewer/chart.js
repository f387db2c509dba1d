// One drawn chart: holds its state (expanded set, orientation, selection, marks) and wires the pure
// tree/layout modules to the DOM renderer, zoom, minimap, toolbar, breadcrumbs and export.
// The server-rendered nested list stays in the DOM; the drawn layer is aria-hidden.

import { fillBreadcrumbs, fillLevelSelect } from "./controls.js";
import { exportChart } from "./export.js";
import { coParentsOf, isStaffUnit, layoutTree } from "./layout.js";
import { createMinimap } from "./minimap.js";
import { EXPANDED, FOCUSED, REVEAL, SELECTED } from "./outline.js";
import { setUpPrint } from "./print.js";
import { createRenderer } from "./render.js";
import { textHelpers } from "./text.js";
import { branchKeys, buildTree, descendantCount, expandedToLevel, levelCount, pathTo } from "./tree.js";
import { createZoom } from "./zoom.js";

export { REVEAL, SELECTED };
const OPEN_ALL_UP_TO = 400;

/** Turn one .chart[data-chart] root into a drawn chart; return its controller. */
/**
 * Draw a chart in `root`. `initialFolds(branches)` may return the units to show open at first (a permalink's),
 * so the chart is laid out once with them rather than with its default folds first.
 */
export function createChart(
  root,
  { units, lines = [], arrows = [], strings, chinese, onBoxClick = null, onState = null, initialFolds = null },
) {
  const side = root.dataset.side || "chart";
  const text = textHelpers(root, strings, chinese);
  const viewport = document.createElement("div");
  viewport.className = "chart__viewport";
  viewport.setAttribute("aria-hidden", "true");
  const crumbs = root.querySelector(".chart__breadcrumbs");
  (crumbs || root.querySelector(".chart__toolbar") || root.firstChild).after(viewport);
  // Whether the viewport is wholly on screen, as the browser finds while it lays out a frame anyway: reading its
  // place when a unit is centred forced a second layout of the page, 10 ms after expanding a 10k chart.
  let viewportShown = null;
  new IntersectionObserver(([entry]) => (viewportShown = entry.intersectionRatio >= 0.99), { threshold: 0.99 }).observe(
    viewport,
  );
  const renderer = createRenderer(viewport, { id: `chart-${side}`, text, size: () => zoom.size() });
  const state = { orientation: "td", selected: null, focused: null, marks: new Map(), lines, arrows };
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(redraw);
  };
  const zoom = createZoom(viewport, {
    onChange: (view, { before, user }) => {
      schedule();
      viewport.dispatchEvent(new CustomEvent("chart:view", { detail: { before, view, user } }));
      onState?.("view");
    },
  });
  const minimap = createMinimap(viewport, {
    label: root.dataset.labelMinimap || "",
    onJump: (x, y) => zoom.centreOn(x, y),
  });

  function redraw() {
    frame = 0;
    const view = zoom.get();
    renderer.draw(view);
    minimap.draw(state.layout, view, zoom.size());
  }

  /**
   * Draw `rows` and `nextLines` in place of a head (data.js): what is open stays open, with the units the
   * permalink opens that the head did not have; the view stays where it is.
   */
  function replaceData(rows, nextLines) {
    const known = state.branches;
    state.lines = nextLines;
    setUnits(rows, {
      keepExpanded: false,
      folds: (branches) => {
        const open = new Set(state.expanded);
        for (const key of initialFolds?.(branches) || []) if (!known.has(key)) open.add(key);
        return open;
      },
    });
  }

  function setUnits(rows, { keepExpanded = true, folds = null } = {}) {
    let wanted;
    state.rows = rows;
    state.units = new Map(rows.map((unit) => [unit.key, unit]));
    state.tree = buildTree(rows);
    state.branches = branchKeys(state.tree);
    if (keepExpanded && state.expanded) {
      // Keep folds across filters (a unit folded, filtered out and back stays folded); new branches open.
      const fresh = [...state.branches].filter((key) => !state.seen.has(key));
      state.expanded = new Set([...state.expanded, ...fresh]);
    } else if ((wanted = folds?.(state.branches))) {
      state.expanded = new Set([...wanted].filter((key) => state.branches.has(key)));
      state.seen = new Set();
    } else {
      state.expanded = state.tree.total <= OPEN_ALL_UP_TO ? new Set(state.branches) : expandedToLevel(state.tree, 3);
      state.seen = new Set();
    }
    for (const key of state.branches) state.seen.add(key);
    fillLevels();
    relayout();
  }

  const layoutOptions = () => ({
    orientation: state.orientation,
    isStaff: (data) => isStaffUnit(data, state.lines),
    coParents: coParentsOf(state.lines),
  });

  // The outline's focused unit is drawn ringed, whatever the page has marked.
  function scene() {
    if (!state.focused) return { ...state };
    const marks = new Map(state.marks);
    marks.set(state.focused, [...(marks.get(state.focused) || []), "is-focused"]);
    return { ...state, marks };
  }

  // The lines the last layout placed staff units and second parents by: with the same, it can be built upon.
  let laidOutWith = null;

  function relayout() {
    const previous = laidOutWith === state.lines ? state.layout : null;
    laidOutWith = state.lines;
    state.layout = layoutTree(state.tree, state.expanded, { ...layoutOptions(), previous });
    renderer.setScene(scene());
    markLines();
    schedule();
  }

  function refreshMarks() {
    renderer.setScene(scene());
    for (const box of root.querySelectorAll(".chart__tree .box.is-selected, .chart__tree .box.is-counterpart")) {
      box.classList.remove("is-selected", "is-counterpart");
    }
    for (const [key, marks] of state.marks) {
      root.querySelector(`.chart__tree .box[data-key="${CSS.escape(key)}"]`)?.classList.add(...marks);
    }
    markLines();
    schedule();
  }

  function markLines() {
    const marked = new Set(state.marks.keys());
    root.classList.toggle("has-selection", marked.size > 0);
    for (const line of viewport.querySelectorAll(".chart__line")) {
      line.classList.toggle("is-active", marked.has(line.dataset.from) || marked.has(line.dataset.to));
    }
  }

  function fillLevels() {
    const select = root.querySelector('select[data-action="level"]');
    if (select) fillLevelSelect(select, levelCount(state.tree));
  }

  function reveal(key) {
    const path = pathTo(state.tree, key);
    const closed = path.slice(0, -1).filter((k) => !state.expanded.has(k));
    if (!closed.length) return false;
    for (const k of closed) state.expanded.add(k);
    relayout();
    return true;
  }

  /** Put a unit in the middle of the chart, and the chart on the screen. */
  function centre(key, k) {
    const box = state.layout.boxes.get(key);
    if (!box) return;
    zoom.centreOn(box.x + box.w / 2, box.y + box.h / 2, k);
    if (viewportShown === false) viewport.scrollIntoView({ block: "nearest" });
    if (viewportShown !== null) return;
    // Not observed yet: measured on the next frame, when the page is laid out anyway.
    requestAnimationFrame(() => {
      const rect = viewport.getBoundingClientRect();
      if (rect.top < 0 || rect.bottom > window.innerHeight) viewport.scrollIntoView({ block: "nearest" });
    });
  }

  function showBreadcrumbs() {
    const path = state.selected ? pathTo(state.tree, state.selected) : [];
    if (crumbs) fillBreadcrumbs(crumbs, path, (key) => text.name(state.units.get(key)));
  }

  /** Select a unit (or null): reveal and centre it, show its path, tell listeners. */
  function select(key, { centreIt = true } = {}) {
    const known = key && state.units.has(key) ? key : null;
    if (known) {
      reveal(known);
      if (centreIt) centre(known);
    }
    if (state.selected === known) return;
    state.selected = known;
    showBreadcrumbs();
    root.dispatchEvent(new CustomEvent(SELECTED, { bubbles: true, detail: { key: known, side } }));
    onState?.("select");
  }

  const defaultClick = (key, { toggle = true } = {}) => {
    const again = toggle && state.selected === key;
    select(again ? null : key, { centreIt: false });
    state.marks = again ? new Map() : new Map([[key, ["is-selected"]]]);
    refreshMarks();
  };
  const click = (key, options) => (onBoxClick || defaultClick)(key, options);

  /** Fold or unfold a unit, keeping its box where it was on the screen; tell the outline unless it asked. */
  function toggle(key, { announce = true } = {}) {
    const was = state.layout.boxes.get(key);
    if (state.expanded.has(key)) state.expanded.delete(key);
    else state.expanded.add(key);
    relayout();
    const now = state.layout.boxes.get(key);
    const view = zoom.get();
    if (was && now) zoom.set({ k: view.k, x: view.x - (now.x - was.x) * view.k, y: view.y - (now.y - was.y) * view.k });
    onState?.("expand");
    if (announce) root.dispatchEvent(new CustomEvent(EXPANDED, { detail: { key, expanded: state.expanded.has(key), from: "chart" } }));
  }

  /** Ring the unit the outline's keyboard focus is on, and bring it into view if it is not. */
  function follow(key) {
    if (!state.units.has(key)) return;
    state.focused = key;
    reveal(key);
    refreshMarks();
    const box = state.layout.boxes.get(key);
    const seen = visibleRegion();
    const inView = box.x >= seen.x && box.y >= seen.y && box.x + box.w <= seen.x + seen.w && box.y + box.h <= seen.y + seen.h;
    if (!inView) zoom.centreOn(box.x + box.w / 2, box.y + box.h / 2);
  }

  /** Return the part of the layout the viewport shows now, in layout units. */
  function visibleRegion() {
    const { x, y, k } = zoom.get();
    const { w, h } = zoom.size();
    return { x: -x / k, y: -y / k, w: w / k, h: h / k };
  }

  /** Download the chart as "svg" or "png": the whole chart, or with scope "view" what is in view. */
  function exportAs(kind, scope = root.querySelector("select[data-export-scope]")?.value || "chart") {
    root.dataset.lastExport = kind;
    const view = scope === "view";
    // As sharp as the screen: device pixels per layout unit at this zoom, never below 2x.
    const scale = Math.max(2, (window.devicePixelRatio || 1) * (view ? zoom.get().k : 1));
    return exportChart(kind, {
      region: view ? visibleRegion() : null,
      scale,
      layout: state.layout,
      units: state.units,
      lines: state.lines,
      arrows: state.arrows,
      text: (unit) => ({ name: text.name(unit), head: text.head(unit) }),
      title: root.dataset.title || "",
      filename: root.dataset.filename || "chart",
    });
  }

  // Printing (or saving a PDF) shows the chart as whole-subtree pages, then the list; see print.js.
  const preparePrint = setUpPrint(root, () => ({
    tree: state.tree,
    expanded: state.expanded,
    layoutOptions: layoutOptions(),
    units: state.units,
    lines: state.lines,
    text: (unit) => ({ name: text.name(unit), head: text.head(unit) }),
    title: root.dataset.title || "",
    labels: { loose: root.dataset.labelLoose || "", continued: root.dataset.labelContinued || "{n}" },
  }));

  const actions = {
    "zoom-in": () => zoom.zoomBy(1.25),
    "zoom-out": () => zoom.zoomBy(0.8),
    fit: () => zoom.fit(state.layout),
    "expand-all": () => setExpanded(new Set(state.branches)),
    "collapse-all": () => setExpanded(expandedToLevel(state.tree, 1)),
    orientation: () => setOrientation(state.orientation === "td" ? "lr" : "td"),
    lines: () => {
      const hidden = root.classList.toggle("hide-lines");
      root.querySelector('button[data-action="lines"]')?.setAttribute("aria-pressed", String(!hidden));
    },
    "export-svg": () => exportAs("svg"),
    "export-png": () => exportAs("png"),
    print: () => {
      preparePrint();
      window.print();
    },
  };

  root.addEventListener("click", (event) => {
    const target = event.target;
    const action = target.closest("button[data-action]");
    if (action && root.contains(action) && actions[action.dataset.action]) {
      actions[action.dataset.action]();
      return;
    }
    const crumb = target.closest(".chart__breadcrumbs button[data-key]");
    if (crumb) {
      click(crumb.dataset.key, { toggle: false });
      centre(crumb.dataset.key);
      return;
    }
    const node = target.closest(".node");
    if (!node || !viewport.contains(node)) return;
    if (target.closest(".node__toggle")) toggle(node.dataset.key);
    else click(node.dataset.key);
  });
  root.addEventListener("change", (event) => {
    if (event.target.matches('select[data-action="level"]')) setExpanded(expandedToLevel(state.tree, Number(event.target.value)));
  });
  // The server-rendered list keeps working from the keyboard: Enter or Space on a unit selects it.
  root.addEventListener("keydown", (event) => {
    const box = event.target.closest(".chart__tree .box");
    if (!box || event.target !== box || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    click(box.dataset.key);
  });
  root.addEventListener(REVEAL, (event) => {
    const key = event.detail && event.detail.key;
    if (!key || !state.units.has(key)) return;
    reveal(key);
    click(key, { toggle: false });
    centre(key);
  });
  root.addEventListener(FOCUSED, (event) => follow(event.detail?.key));
  root.addEventListener(EXPANDED, (event) => {
    const { key, expanded, from } = event.detail || {};
    if (from === "chart" || !state.branches.has(key) || state.expanded.has(key) === expanded) return;
    toggle(key, { announce: false });
  });
  // Focus leaving the outline takes the ring off the drawing.
  root.addEventListener("focusout", (event) => {
    if (!state.focused || root.contains(event.relatedTarget)) return;
    state.focused = null;
    refreshMarks();
  });
  window.addEventListener("resize", schedule);

  function setExpanded(expanded) {
    state.expanded = new Set([...expanded].filter((key) => state.branches.has(key)));
    relayout();
    onState?.("expand");
  }

  function setOrientation(orientation) {
    state.orientation = orientation === "lr" ? "lr" : "td";
    const button = root.querySelector('button[data-action="orientation"]');
    button?.setAttribute("aria-pressed", String(state.orientation === "lr"));
    root.classList.toggle("chart--lr", state.orientation === "lr");
    relayout();
    if (state.selected) centre(state.selected);
    else zoom.fit(state.layout);
    onState?.("orientation");
  }

  root.classList.add("chart--drawn");
  const toolbar = root.querySelector(".chart__toolbar");
  if (toolbar) toolbar.hidden = false;
  setUnits(units, { keepExpanded: false, folds: initialFolds });

  /** Fit the chart, or at a readable scale show its top when fitting would shrink it too far. */
  function initialView() {
    zoom.fit(state.layout);
    if (zoom.get().k < 0.45) {
      // Too wide to read whole: start at the top of the biggest tree, at a readable scale.
      const biggest = state.tree.roots.reduce((a, b) => (descendantCount(b) > descendantCount(a) ? b : a));
      const top = state.layout.boxes.get(biggest.key);
      zoom.set({ k: 0.8, x: zoom.size().w / 2 - (top.x + top.w / 2) * 0.8, y: 24 - top.y * 0.8 });
    }
  }
  initialView();

  const controller = {
    side,
    root,
    viewport,
    renderer,
    zoom,
    state,
    select,
    reveal,
    centre,
    toggle,
    setUnits,
    replaceData,
    setExpanded,
    setOrientation,
    setMarks(marks) {
      state.marks = marks;
      refreshMarks();
    },
    setLines(nextLines, nextArrows) {
      state.lines = nextLines;
      state.arrows = nextArrows;
      relayout();
    },
    exportAs,
    visibleRegion,
    preparePrint,
    redraw: schedule,
    drawNow: redraw,
  };
  // Scripts on the page (and tests) reach the chart through its root, as they reach its events.
  root.orgchart = controller;
  return controller;
}
