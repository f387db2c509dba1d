// Make a chart's server-rendered nested list a WAI-ARIA tree, the chart's accessible outline: roles, levels,
// roving tabindex and the keyboard of the APG tree view pattern (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/).
// It talks to the drawn chart only through events on the chart root: orgchart:reveal and orgchart:focused out,
// orgchart:selected in, orgchart:expanded both ways, so the drawing follows the keyboard and the folds match.

import { createTypeAhead, fold } from "./a11y-typeahead.js";
import { jsonUnits } from "./a11y-units.js";
import { whenIdle } from "./idle.js";

/** Asks the chart to show a unit: dispatched on the chart root, detail {key}. */
export const REVEAL = "orgchart:reveal";
/** Tells that the chart's selection changed: detail {key, side}; key null or missing clears it. */
export const SELECTED = "orgchart:selected";
/** Tells that the keyboard focus moved to a unit: dispatched on the chart root, detail {key}. */
export const FOCUSED = "orgchart:focused";
/** Tells that a unit was opened or closed: detail {key, expanded, from: "outline" | "chart"}. */
export const EXPANDED = "orgchart:expanded";
/** Tells that the chart's whole data has replaced the head it was first drawn from (data.js): no detail. */
export const WHOLE = "orgchart:whole";
// As the drawn chart opens (chart.js): a small outline whole, a larger one down to its third level.
const OPEN_ALL_UP_TO = 400;
const OPEN_LEVELS = 3;
const LABEL_PARTS = ["box__name", "box__status"];

// Children are walked directly, not matched with :scope selectors: the outline of a large chart has thousands.
const childWith = (element, matches) => {
  for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
    if (matches(child)) return child;
  }
  return null;
};
const hasClass = (name) => (element) => element.classList.contains(name);
const groupOf = (item) => childWith(item, (child) => child.tagName === "UL");
const itemsIn = (list) => Array.from(list.children).filter((child) => child.tagName === "LI");
// Not by role: the items of a list not yet opened have none.
const parentItem = (item) => item.parentElement.closest("li[data-key]");
const isExpanded = (item) => item.getAttribute("aria-expanded") === "true";

function labelIds(item, box, index) {
  const prefix = box?.id || `outline-${index}`;
  const parts = box ? LABEL_PARTS.map((name) => childWith(box, hasClass(name))).filter(Boolean) : [];
  return parts.map((part, n) => {
    if (!part.id) part.id = `${prefix}-label-${n}`;
    return part.id;
  });
}

/** Wire one chart's outline; return its controller {expandTo, select, show, item, items, current}, or null if no list. */
export function setUpOutline(root) {
  const tree = root.querySelector("ul.chart__tree");
  if (!tree) return null;
  const items = Array.from(tree.querySelectorAll("li[data-key]"));
  // A large chart's page lists its outline down to a few levels; the server holds back each deeper part as HTML,
  // by the key of the unit whose children it lists. They are fetched once the chart is drawn (data-parts-url)
  // and put in place when first opened; until then a held-back part is the link a reader without JS follows.
  let heldBack = {};
  const large = items.length > OPEN_ALL_UP_TO || Boolean(root.dataset.partsUrl);
  const openLevels = large ? OPEN_LEVELS : Infinity;
  const byKey = new Map(items.map((item) => [item.dataset.key, item]));
  const markedUp = new WeakSet();
  let labelled = 0;
  let parentOf = null; // unit key -> parent key, from the JSON, to find a held-back unit's way down

  /** Put a held-back part in place of the link that stands for it (the server escaped every value in it). */
  function putBack(list) {
    const key = list.dataset.outlineRest;
    if (key === undefined || heldBack[key] === undefined) return;
    list.innerHTML = heldBack[key];
    list.removeAttribute("data-outline-rest");
    for (const item of list.querySelectorAll("li[data-key]")) {
      byKey.set(item.dataset.key, item);
      items.push(item);
    }
  }

  /**
   * Give the items of one list their tree roles and positions, and mark up the sub-lists that are open. A
   * sub-list is marked up when it first opens: items at level `openLevels` and deeper start closed, so a large
   * outline neither marks up nor lays out thousands of rows it does not show.
   */
  function markUp(list, level) {
    markedUp.add(list);
    putBack(list);
    const siblings = itemsIn(list);
    siblings.forEach((item, index) => {
      item.setAttribute("role", "treeitem");
      item.setAttribute("aria-level", String(level));
      item.setAttribute("aria-setsize", String(siblings.length));
      item.setAttribute("aria-posinset", String(index + 1));
      item.tabIndex = -1;
      const box = childWith(item, hasClass("box"));
      // The item, not its box, takes focus; the box stays clickable and focusable from script.
      if (box) box.tabIndex = -1;
      labelled += 1;
      const ids = labelIds(item, box, labelled);
      if (ids.length) item.setAttribute("aria-labelledby", ids.join(" "));
      const group = groupOf(item);
      if (group) {
        group.setAttribute("role", "group");
        // A held-back part stays closed until asked for, or the page would parse all it held back.
        const open = level < openLevels && !item.classList.contains("is-collapsed") && !group.dataset.outlineRest;
        item.setAttribute("aria-expanded", String(open));
        if (open) markUp(group, level + 1);
      }
    });
  }

  /** Fetch the held-back parts, then fill the ones already opened; the chart root says when they are in. */
  async function fetchHeldBack() {
    try {
      const response = await fetch(root.dataset.partsUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      heldBack = await response.json();
    } catch {
      return; // the links stay: each opens the page with its part listed
    }
    for (const list of Array.from(tree.querySelectorAll("ul[data-outline-rest]"))) {
      const item = list.parentElement;
      if (markedUp.has(list) && isExpanded(item)) markUp(list, Number(item.getAttribute("aria-level")) + 1);
    }
    root.dataset.partsReady = "true";
  }

  tree.setAttribute("role", "tree");
  markUp(tree, 1);
  if (root.dataset.partsUrl) {
    // After the first drawing: the parts of a 10,000-unit chart are megabytes the chart does not wait for. A chart
    // drawn from its head reads its whole tree first (main.js), as the parts would hold up that.
    const fetchLater = () => whenIdle(() => fetchHeldBack(), 1000);
    if (root.dataset.head) root.addEventListener(WHOLE, fetchLater, { once: true });
    else fetchLater();
  }
  if (!items.length) return null;
  let current = items.find((item) => item.getAttribute("aria-selected") === "true") || items[0];
  current.tabIndex = 0;
  const typeAhead = createTypeAhead();
  // On a Chinese page, Latin letters also match a name's pinyin ("j" finds 警务司), once the JSON carries it.
  const chinese = root.ownerDocument.documentElement.lang.toLowerCase().startsWith("zh");
  const spelled = (unit) => [unit.key, (unit.pinyin || []).map((form) => fold(form).replace(/\s+/g, ""))];
  let pinyin = new Map(chinese ? jsonUnits(root).map(spelled) : []);
  root.addEventListener(WHOLE, () => {
    if (chinese) pinyin = new Map(jsonUnits(root).map(spelled));
    parentOf = null;
  });

  const itemFor = (key) => byKey.get(key) || null;
  const nameOf = (item) => item.querySelector(":scope > .box > .box__name")?.textContent || item.dataset.key;
  const otherNameOf = (item) => item.querySelector(":scope > .box > .box__other-name")?.textContent || "";

  function visibleItems() {
    const shown = [];
    const walk = (list) => {
      for (const item of itemsIn(list)) {
        shown.push(item);
        if (groupOf(item) && isExpanded(item)) walk(groupOf(item));
      }
    };
    walk(tree);
    return shown;
  }

  function setExpanded(item, expanded) {
    const group = groupOf(item);
    if (!group) return;
    if (expanded && !markedUp.has(group)) markUp(group, Number(item.getAttribute("aria-level")) + 1);
    item.setAttribute("aria-expanded", String(expanded));
  }

  function expandTo(key) {
    let item = itemFor(key);
    if (!item) {
      // Held back: open its listed ancestors from the top down, which puts back the parts on the way.
      parentOf ??= new Map(jsonUnits(root).map((unit) => [unit.key, unit.parent]));
      const ancestors = [];
      for (let up = parentOf.get(key); up; up = parentOf.get(up)) ancestors.unshift(up);
      for (const up of ancestors) {
        const listed = itemFor(up);
        if (listed) setExpanded(listed, true);
      }
      item = itemFor(key);
    }
    // Opened from the top down, so each list is marked up before the one inside it.
    const path = [];
    for (let up = item && parentItem(item); up && tree.contains(up); up = parentItem(up)) path.unshift(up);
    for (const up of path) setExpanded(up, true);
    return item;
  }

  function makeCurrent(item, { focus }) {
    if (current !== item) {
      current.tabIndex = -1;
      item.tabIndex = 0;
      current = item;
    }
    if (focus) item.focus();
  }

  function markSelected(item) {
    for (const other of tree.querySelectorAll("[aria-selected='true']")) other.removeAttribute("aria-selected");
    item?.setAttribute("aria-selected", "true");
  }

  /** Select a unit in the outline; with `reveal`, ask the chart to show it too. */
  function select(key, { focus = false, reveal = false } = {}) {
    const item = expandTo(key);
    if (!item) return null;
    markSelected(item);
    makeCurrent(item, { focus });
    if (reveal) root.dispatchEvent(new CustomEvent(REVEAL, { detail: { key }, bubbles: true }));
    return item;
  }

  function tell(name, item, detail = {}) {
    root.dispatchEvent(new CustomEvent(name, { detail: { key: item.dataset.key, from: "outline", ...detail } }));
  }

  // Moving the keyboard focus shows on the drawing too.
  function focusOn(item) {
    makeCurrent(item, { focus: true });
    tell(FOCUSED, item);
  }

  function spellingsOf(item) {
    return [nameOf(item), otherNameOf(item)].map(fold).concat(pinyin.get(item.dataset.key) || []);
  }

  const moves = {
    ArrowDown: (shown, at) => shown[at + 1],
    ArrowUp: (shown, at) => shown[at - 1],
    Home: (shown) => shown[0],
    End: (shown) => shown[shown.length - 1],
    ArrowRight: (shown, at, item) => {
      if (!groupOf(item)) return null;
      if (!isExpanded(item)) {
        setExpanded(item, true);
        return null;
      }
      return itemsIn(groupOf(item))[0];
    },
    ArrowLeft: (shown, at, item) => {
      if (groupOf(item) && isExpanded(item)) {
        setExpanded(item, false);
        return null;
      }
      return parentItem(item);
    },
  };

  tree.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    // A box focused from script (the compare panel's "back to the unit") still moves through the outline.
    const onBox = event.target.matches?.(".box") && event.target.parentElement.getAttribute("role") === "treeitem";
    const item = onBox && moves[key] ? event.target.parentElement : event.target;
    if (item.getAttribute?.("role") !== "treeitem") return;
    const typing = [...key].length === 1 && key !== " " && key !== "*";
    // Any other key the tree handles ends a type-ahead word; modifier keys (Shift for capitals) do not.
    if (moves[key] || key === "Enter" || key === " " || key === "*") typeAhead.reset();
    if (moves[key]) {
      const shown = visibleItems();
      const wasOpen = isExpanded(item);
      const next = moves[key](shown, shown.indexOf(item), item);
      if (next) focusOn(next);
      else if (isExpanded(item) !== wasOpen) tell(EXPANDED, item, { expanded: !wasOpen });
    } else if (key === "Enter" || key === " ") {
      select(item.dataset.key, { focus: true, reveal: true });
    } else if (key === "*") {
      for (const sibling of itemsIn(item.parentElement)) {
        if (!groupOf(sibling) || isExpanded(sibling)) continue;
        setExpanded(sibling, true);
        tell(EXPANDED, sibling, { expanded: true });
      }
    } else if (typing && key.trim()) {
      const shown = visibleItems();
      const index = typeAhead.next(key, event.timeStamp, shown.map(spellingsOf), shown.indexOf(item));
      if (index >= 0) focusOn(shown[index]);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  });

  // A click on an item's box (not on its links or buttons) selects it, as Enter does.
  tree.addEventListener("click", (event) => {
    if (event.target.closest("a, button, summary, details > :not(summary)")) return;
    const box = event.target.closest(".box");
    const item = box?.parentElement;
    if (!item || item.getAttribute("role") !== "treeitem" || !tree.contains(item)) return;
    select(item.dataset.key, { reveal: true });
  });

  // A unit opened or closed on the drawing is opened or closed here too.
  root.addEventListener(EXPANDED, (event) => {
    const { key, expanded, from } = event.detail || {};
    if (from !== "chart") return;
    const item = expanded ? expandTo(key) : itemFor(key);
    if (item && groupOf(item) && isExpanded(item) !== expanded) setExpanded(item, expanded);
  });

  // The chart's own selection (a click on the drawn chart) shows in the outline.
  root.ownerDocument.addEventListener(SELECTED, (event) => {
    const detail = event.detail || {};
    const mine = root.contains(event.target) || (detail.side && detail.side === root.dataset.side);
    if (!mine) return;
    if (!detail.key) {
      markSelected(null);
      return;
    }
    select(detail.key, { focus: tree.contains(root.ownerDocument.activeElement) });
  });

  return {
    expandTo,
    select,
    item: itemFor,
    /** Return the outline's listed items (held-back parts once opened come last). */
    items: () => items,
    current: () => current,
    /** Make a unit the outline's current item (the one Tab lands on), expanding the path to it. */
    show(key) {
      const item = expandTo(key);
      if (item) makeCurrent(item, { focus: false });
      return item;
    },
  };
}
