// Wire the chart engine to the page: one controller per chart, the compare modes (side by side,
// merged, morph), the "changed only" filter and the permalink in the URL's hash.

import { setUpOutlinesAndSearch } from "./a11y-setup.js";
import { createChart } from "./chart.js";
import { setUpCompare } from "./compare.js";
import { mergeTrees, morphPlan } from "./diff.js";
import { coParentsOf, isStaffUnit, layoutTree } from "./layout.js";
import { fillMergedOutline } from "./merged-outline.js";
import { REVEAL, WHOLE } from "./outline.js";
import { playMorph } from "./morph.js";
import { readState, writeState } from "./permalink.js";
import { provideJson, readJson } from "./strings.js";
import { branchKeys, buildTree } from "./tree.js";

const MODES = ["side", "merged", "morph"];

/**
 * Draw every chart on the page from its data; return the controllers by side. `partial`: the charts are drawn from
 * their page's heads, and takeWholeData draws them whole.
 */
export function setUpViewer({ roots, strings, chinese, partial = false }) {
  const compareData = readJson("compare-data");
  const panel = document.getElementById("change-details");
  const charts = {};
  const trees = {};
  let page = null;
  let mode = "side";
  let restoring = true;
  // The merged view and the morph are built from whole trees: asked for before they are read, they wait for them.
  let waitingMode = null;
  let timer = 0;
  const remember = () => {
    if (restoring) return;
    clearTimeout(timer);
    timer = setTimeout(writeHash, 150);
  };

  const withStatuses = (side, units) => {
    const statuses = compareData ? compareData.sides[side] || {} : {};
    return units.map((unit) => ({ ...unit, status: statuses[unit.key] || unit.status || "" }));
  };

  for (const root of roots) {
    const data = readJson(root.dataset.source);
    if (!data) continue;
    const side = root.dataset.side || "chart";
    trees[side] = data;
    charts[side] = createChart(root, {
      units: withStatuses(side, data.units),
      lines: data.lines,
      strings,
      chinese,
      onBoxClick: compareData ? (key, options) => page.selectUnit(side, key, options) : null,
      onState: remember,
      // A single chart reads its permalink's folds before its first layout; a comparison's depend on its mode.
      initialFolds: compareData ? null : (branches) => readState(location.hash, branches).expanded,
    });
  }

  if (compareData) compareData.names = namesBySide(trees, chinese);

  const primary = () => charts[mode === "side" ? "after" : "merged"] || charts.after || charts.chart;
  // Built when the merged view or the morph first needs it, not while the page opens.
  let merged;
  const mergedOf = () =>
    (merged ??= compareData && trees.before && trees.after ? mergeTrees(trees.before.units, trees.after.units, compareData) : null);
  const mergedRoot = document.querySelector(".chart[data-merged]");

  function ensureMerged() {
    if (charts.merged || !mergedRoot || !mergedOf()) return charts.merged;
    // Its outline and search box first, so the outline hears the chart's selection, as on the other charts.
    provideJson(mergedRoot.dataset.source, { units: merged.units });
    fillMergedOutline(mergedRoot.querySelector("ul.chart__tree"), merged.units, { chinese, statuses: strings.statuses || {} });
    setUpOutlinesAndSearch([mergedRoot]);
    charts.merged = createChart(mergedRoot, {
      units: merged.units,
      arrows: merged.arrows,
      strings,
      chinese,
      onBoxClick: (key, options) => page.selectUnit("merged", key, options),
      onState: remember,
    });
    if (page?.state.changedOnly) page.setChangedOnly(true);
    return charts.merged;
  }

  async function morph() {
    const chart = ensureMerged();
    const isStaff = (lines) => (unit) => isStaffUnit(unit, lines);
    const layoutOf = (data) => {
      const tree = buildTree(data.units);
      return layoutTree(tree, branchKeys(tree), { isStaff: isStaff(data.lines), coParents: coParentsOf(data.lines) });
    };
    const before = layoutOf(trees.before);
    const after = layoutOf(trees.after);
    const plan = morphPlan(before, after, mergedOf().arrows);
    const layer = document.createElement("div");
    layer.className = "chart__morph";
    chart.viewport.querySelector(".chart__stage").hidden = true;
    chart.viewport.querySelector(".chart__morph")?.remove();
    chart.viewport.append(layer);
    const view = chart.zoom.get();
    layer.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    mergedRoot.dataset.morph = "running";
    const unitOf = (key) => trees.after.units.find((u) => u.key === key) || trees.before.units.find((u) => u.key === key);
    await playMorph(layer, plan, {
      size: { w: after.list[0]?.w || 208, h: after.list[0]?.h || 92 },
      name: (step) => {
        const unit = unitOf(step.key);
        return (chinese ? unit.name_zh || unit.name_en : unit.name_en || unit.name_zh) || step.key;
      },
      statusOf: (step) => (step.to ? compareData.sides.after[step.key] : compareData.sides.before[step.key]),
    });
    mergedRoot.dataset.morph = "done";
  }

  function setMode(next) {
    const buttons = document.querySelectorAll(".compare-modes [data-mode]");
    if (partial && next !== "side" && MODES.includes(next)) {
      waitingMode = next;
      // The button says it is at work until the whole trees come (takeWholeData), or the click would seem lost.
      for (const button of buttons) {
        if (button.dataset.mode === next) button.setAttribute("aria-busy", "true");
        else button.removeAttribute("aria-busy");
      }
      return;
    }
    waitingMode = null;
    mode = MODES.includes(next) ? next : "side";
    const sideBySide = document.querySelector(".compare");
    const mergedSection = document.querySelector(".compare__merged");
    if (sideBySide) sideBySide.hidden = mode !== "side";
    if (mergedSection) mergedSection.hidden = mode === "side";
    for (const button of buttons) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
      button.removeAttribute("aria-busy");
    }
    if (mode !== "side") {
      const chart = ensureMerged();
      chart.viewport.querySelector(".chart__morph")?.remove();
      chart.viewport.querySelector(".chart__stage").hidden = false;
      chart.zoom.fit(chart.state.layout);
      if (mode === "morph") morph();
      else delete mergedRoot.dataset.morph;
    }
    if (page) page.state.mode = mode === "side" ? "side" : "merged";
    remember();
  }

  function writeHash() {
    const chart = primary();
    if (!chart) return;
    const hash = writeState({
      mode,
      unit: page ? page.state.selected : chart.state.selected,
      side: page ? page.state.side : null,
      orientation: chart.state.orientation,
      view: chart.zoom.get(),
      expanded: chart.state.expanded,
      branches: chart.state.branches,
      changedOnly: page?.state.changedOnly,
      sides: page?.foldsBesides(chart),
    });
    history.replaceState(history.state, "", `${location.pathname}${location.search}${hash ? `#${hash}` : ""}`);
  }

  if (compareData && panel) {
    page = setUpCompare({
      data: compareData,
      trees,
      mergedUnits: () => mergedOf()?.units || [],
      strings,
      charts,
      panel,
      changeList: document.querySelector(".change-list"),
      chinese,
      onState: remember,
    });
    const toolbar = document.querySelector(".compare-modes");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", (event) => {
        const button = event.target.closest("[data-mode]");
        if (button) setMode(button.dataset.mode);
      });
      toolbar.addEventListener("change", (event) => {
        if (event.target.matches("[data-filter='changed-only']")) page.setChangedOnly(event.target.checked);
      });
    }
  }

  restore();
  restoring = false;
  return { charts, setMode, page, takeWholeData };

  /**
   * Draw each of `loaded`, charts first drawn from their page's head, from its whole data (main.js); then read the
   * permalink again, whose units, folds, filter and mode the heads could not all show, and show a mode asked for.
   */
  function takeWholeData(loaded) {
    if (!partial) return;
    partial = false;
    for (const root of loaded) {
      const side = root.dataset.side || "chart";
      const data = readJson(root.dataset.source);
      if (!data || !charts[side]) continue;
      trees[side] = data;
      charts[side].replaceData(withStatuses(side, data.units), data.lines);
      root.dispatchEvent(new CustomEvent(WHOLE));
    }
    merged = undefined;
    if (compareData) compareData.names = namesBySide(trees, chinese);
    if (page?.state.changedOnly) page.setChangedOnly(true);
    const asked = waitingMode; // a click while the heads showed comes after what the permalink says
    restoring = true;
    restore();
    restoring = false;
    if (asked) setMode(asked);
  }

  function restore() {
    const all = () => Object.values(charts);
    // The folds were written against the mode's primary chart: the merged chart is built before they are read.
    const mode = readState(location.hash).mode;
    if (mode && page) setMode(mode);
    const state = readState(location.hash, primary()?.state.branches, page?.branchesBySide());
    if (!Object.keys(state).length) return;
    if (state.orientation) for (const chart of all()) chart.setOrientation(state.orientation);
    if (state.expanded && page) for (const chart of all()) chart.setExpanded(state.expanded);
    page?.restoreFolds(state.sides);
    if (state.changedOnly && page) {
      page.setChangedOnly(true);
      const box = document.querySelector("[data-filter='changed-only']");
      if (box) box.checked = true;
    }
    if (state.unit) {
      if (page) page.selectUnit(state.side || "after", state.unit, { toggle: false, centre: true });
      else primary()?.root.dispatchEvent(new CustomEvent(REVEAL, { detail: { key: state.unit } }));
    }
    if (state.view) primary()?.zoom.set(state.view);
  }
}

/** Return {side: {key: name in the page's language}} of the compared trees, for the change details. */
function namesBySide(trees, chinese) {
  const pick = (unit) => (chinese ? unit.name_zh || unit.name_en : unit.name_en || unit.name_zh);
  const names = {};
  for (const side of ["before", "after"]) {
    names[side] = Object.fromEntries((trees[side]?.units || []).map((unit) => [unit.key, pick(unit)]));
  }
  return names;
}
