// Compare page: selection across the two charts (counterparts, details, change list), views kept in
// sync side by side, the merged view, the "changed only" filter and the morph. Marks are classes:
// .is-selected on the chosen units, .is-counterpart on their other-side matches, .is-related on items.

import { clearDetails, showChange, showUnit } from "./details.js";
import { changedOnly, isChange } from "./diff.js";
import { OTHER_SIDE, changesFor, counterpartsFor, nameOf } from "./relations.js";

const withStatus = (units, statuses) => units.map((unit) => ({ ...unit, status: statuses[unit.key] || "" }));

/** Wire selection, sync and filters; charts = {before, after, merged?} controllers. Return the page controller. */
export function setUpCompare({ data, trees, mergedUnits, strings, charts, panel, changeList, chinese, onState }) {
  const context = { strings, chinese };
  const items = changeList ? Array.from(changeList.querySelectorAll(":scope > li")) : [];
  const state = { selected: null, side: null, changedOnly: false, mode: "side" };
  const sides = ["before", "after"];

  function clearMarks() {
    for (const chart of Object.values(charts)) chart?.setMarks(new Map());
    for (const item of items) item.classList.remove("is-selected", "is-related");
  }

  function markAll(marksBySide) {
    for (const side of [...sides, "merged"]) {
      const chart = charts[side];
      if (!chart) continue;
      const marks = new Map();
      for (const [key, mark] of marksBySide[side] || []) marks.set(key, [...(marks.get(key) || []), mark]);
      chart.setMarks(marks);
    }
  }

  function markRelatedChanges(changes) {
    for (const change of changes) items[data.changes.indexOf(change)]?.classList.add("is-related");
  }

  function clear() {
    clearMarks();
    clearDetails(panel);
    state.selected = null;
    for (const chart of Object.values(charts)) chart?.select(null, { centreIt: false });
    onState?.();
  }

  function focusOn(side, key) {
    const chart = charts[side];
    if (!chart || !chart.state.units.has(key)) return;
    chart.reveal(key);
    chart.centre(key);
  }

  function selectUnit(side, key, { toggle = true, centre = false } = {}) {
    if (toggle && state.selected === key && state.side === side) {
      clear();
      return;
    }
    clearMarks();
    state.selected = key;
    state.side = side;
    const own = side === "merged" ? (data.sides.after[key] ? "after" : "before") : side;
    const other = OTHER_SIDE[own];
    const changes = changesFor(data, own, key);
    const keys = counterpartsFor(data, own, key);
    const marks = { [own]: [[key, "is-selected"]], [other]: keys.map((k) => [k, "is-counterpart"]) };
    marks.merged = [[key, "is-selected"], ...keys.filter((k) => k !== key).map((k) => [k, "is-counterpart"])];
    markAll(marks);
    charts[side === "merged" ? "merged" : own]?.select(key, { centreIt: centre });
    if (state.mode === "side" && keys.length) focusOn(other, keys[0]);
    markRelatedChanges(changes);
    const counterparts = keys.map((k) => ({ side: other, key: k, name: nameOf(data, other, k) }));
    const unit = { name: nameOf(data, own, key), status: data.sides[own][key], changes, counterparts };
    showUnit(panel, unit, context);
    onState?.();
  }

  function selectChange(index) {
    const change = data.changes[index];
    if (!change) return;
    clearMarks();
    items[index].classList.add("is-selected");
    const from = change.from || [];
    const to = change.to || [];
    const toMark = from.length ? "is-counterpart" : "is-selected";
    markAll({
      before: from.map((k) => [k, "is-selected"]),
      after: to.map((k) => [k, toMark]),
      merged: [...from.map((k) => [k, "is-selected"]), ...to.filter((k) => !from.includes(k)).map((k) => [k, toMark])],
    });
    if (state.mode === "merged") {
      if (to[0] || from[0]) focusOn("merged", to[0] || from[0]);
    } else {
      if (from[0]) focusOn("before", from[0]);
      if (to[0]) focusOn("after", to[0]);
    }
    const names = (side, keys) => keys.map((key) => nameOf(data, side, key)).join(", ");
    const title = [names("before", from), names("after", to)].filter(Boolean).join(" → ");
    const counterparts = to.map((key) => ({ side: "after", key, name: nameOf(data, "after", key) }));
    showChange(panel, { title, change, counterparts }, context);
  }

  // Side by side, a person's pan or zoom on one chart moves the other the same way (the same screen
  // motion, applied to the other's own view), so centring a unit on one chart never pulls the other.
  for (const side of sides) {
    const chart = charts[side];
    const other = charts[OTHER_SIDE[side]];
    if (!chart || !other) continue;
    chart.viewport.addEventListener("chart:view", (event) => {
      const { before, view, user } = event.detail;
      if (!user || state.mode !== "side") return;
      const ratio = view.k / before.k;
      const theirs = other.zoom.get();
      other.zoom.set({
        k: theirs.k * ratio,
        x: ratio * theirs.x + (view.x - ratio * before.x),
        y: ratio * theirs.y + (view.y - ratio * before.y),
      });
    });
  }

  /** Show only changed units (and the units above them) on every chart, or everything again. */
  function setChangedOnly(on) {
    state.changedOnly = Boolean(on);
    for (const side of sides) {
      const rows = withStatus(trees[side].units, data.sides[side]);
      charts[side]?.setUnits(state.changedOnly ? changedOnly(rows) : rows);
    }
    if (charts.merged) charts.merged.setUnits(state.changedOnly ? changedOnly(mergedUnits()) : mergedUnits());
    if (state.changedOnly) {
      for (const item of items) item.hidden = !isChange(item.dataset.type || "x");
    } else {
      for (const item of items) item.hidden = false;
    }
    onState?.();
  }

  // Each chart folds on its own (a unit only the before chart has, or one a person closed on one side only),
  // so a permalink carries the folds of every side-by-side chart besides the primary one (permalink.js `sides`).
  /** Return {side: {expanded, branches}} for the side-by-side charts other than `primary`. */
  function foldsBesides(primary) {
    const folds = {};
    for (const side of sides) {
      const chart = charts[side];
      if (chart && chart !== primary) folds[side] = { expanded: chart.state.expanded, branches: chart.state.branches };
    }
    return folds;
  }

  /** Return {side: branch keys} of the side-by-side charts, which permalink.readState needs to read folds back. */
  const branchesBySide = () =>
    Object.fromEntries(sides.filter((side) => charts[side]).map((side) => [side, charts[side].state.branches]));

  /** Fold each side-by-side chart as a permalink's `sides` says; charts it does not name are left as they are. */
  function restoreFolds(folds = {}) {
    for (const side of sides) if (folds[side]?.expanded) charts[side]?.setExpanded(folds[side].expanded);
  }

  const ownsTheEvent = (event) => Boolean(event.target.closest("a, button, summary, details > :not(summary)"));
  const activates = (event) => event.type === "click" || event.key === "Enter" || event.key === " ";

  if (changeList) {
    for (const item of items) item.tabIndex = 0;
    const onItem = (event) => {
      if (!activates(event) || ownsTheEvent(event)) return;
      const item = event.target.closest("li");
      if (!item || item.parentElement !== changeList) return;
      if (event.type === "keydown") event.preventDefault();
      selectChange(items.indexOf(item));
    };
    changeList.addEventListener("click", onItem);
    changeList.addEventListener("keydown", onItem);
  }

  panel.addEventListener("click", (event) => {
    if (event.target.closest(".details__close")) {
      const side = state.side;
      const key = state.selected;
      clear();
      document.querySelector(`.chart[data-side="${side}"] .chart__tree .box[data-key="${CSS.escape(key || "")}"]`)?.focus();
      return;
    }
    const button = event.target.closest(".details__counterpart");
    if (!button) return;
    const side = state.mode === "merged" ? "merged" : button.dataset.side;
    selectUnit(side, button.dataset.key, { toggle: false, centre: true });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) clear();
  });

  return { state, selectUnit, selectChange, setChangedOnly, clear, foldsBesides, branchesBySide, restoreFolds };
}
