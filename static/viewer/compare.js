// Compare page: select a unit (or a change from the list) and show what it became on the other chart.
// State lives in classes: .is-selected on the chosen boxes, .is-counterpart on their other-side matches.

import { reveal } from "./chart.js";
import { clearDetails, showChange, showUnit } from "./details.js";
import { OTHER_SIDE, changesFor, counterpartsFor, nameOf } from "./relations.js";

const MARKS = ["is-selected", "is-counterpart", "is-related"];

/** Wire selection on both charts and on the change list of the compare page. */
export function setUpCompare({ data, strings, charts, panel, changeList, chinese }) {
  const context = { strings, chinese };
  const items = changeList ? Array.from(changeList.querySelectorAll(":scope > li")) : [];

  const boxFor = (side, key) => charts[side]?.querySelector(`.box[data-key="${CSS.escape(key)}"]`) || null;

  function clearMarks() {
    for (const mark of MARKS) {
      for (const node of document.querySelectorAll(`.${mark}`)) node.classList.remove(mark);
    }
  }

  function mark(side, keys, className) {
    const boxes = keys.map((key) => boxFor(side, key)).filter(Boolean);
    for (const box of boxes) box.classList.add(className);
    return boxes;
  }

  function bringIntoView(box) {
    if (!box) return;
    reveal(box, strings);
    box.scrollIntoView({ block: "nearest", inline: "center" });
  }

  function markRelatedChanges(changes) {
    for (const change of changes) items[data.changes.indexOf(change)]?.classList.add("is-related");
  }

  function clear() {
    clearMarks();
    clearDetails(panel);
  }

  function selectUnit(side, key) {
    const box = boxFor(side, key);
    if (!box) return;
    if (box.classList.contains("is-selected") && document.querySelectorAll(".is-selected").length === 1) {
      clear();
      return;
    }
    clearMarks();
    reveal(box, strings);
    box.classList.add("is-selected");
    const other = OTHER_SIDE[side];
    const changes = changesFor(data, side, key);
    const keys = counterpartsFor(data, side, key);
    bringIntoView(mark(other, keys, "is-counterpart")[0]);
    markRelatedChanges(changes);
    const counterparts = keys.map((k) => ({ side: other, key: k, name: nameOf(data, other, k) }));
    const unit = { name: nameOf(data, side, key), status: data.sides[side][key], changes, counterparts };
    showUnit(panel, unit, context);
  }

  function selectChange(index) {
    const change = data.changes[index];
    if (!change) return;
    clearMarks();
    items[index].classList.add("is-selected");
    const from = change.from || [];
    const to = change.to || [];
    bringIntoView(mark("before", from, "is-selected")[0]);
    bringIntoView(mark("after", to, from.length ? "is-counterpart" : "is-selected")[0]);
    const names = (side, keys) => keys.map((key) => nameOf(data, side, key)).join(", ");
    const title = [names("before", from), names("after", to)].filter(Boolean).join(" → ");
    const counterparts = to.map((key) => ({ side: "after", key, name: nameOf(data, "after", key) }));
    showChange(panel, { title, change, counterparts }, context);
  }

  // Links, buttons and a box's fold-out figures keep their own behaviour; they never select.
  const ownsTheEvent = (event) => Boolean(event.target.closest("a, button, summary, details > :not(summary)"));
  const activates = (event) => event.type === "click" || event.key === "Enter" || event.key === " ";

  for (const [side, root] of Object.entries(charts)) {
    if (!root) continue;
    const onBox = (event) => {
      if (!activates(event) || ownsTheEvent(event)) return;
      const box = event.target.closest(".box");
      if (!box || !root.contains(box) || (event.type === "keydown" && event.target !== box)) return;
      if (event.type === "keydown") event.preventDefault();
      selectUnit(side, box.dataset.key);
    };
    root.addEventListener("click", onBox);
    root.addEventListener("keydown", onBox);
  }

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
      const selected = document.querySelector(".box.is-selected, .change-list > li.is-selected");
      clear();
      selected?.focus();
      return;
    }
    const button = event.target.closest(".details__counterpart");
    if (!button) return;
    selectUnit(button.dataset.side, button.dataset.key);
    boxFor(button.dataset.side, button.dataset.key)?.focus({ preventScroll: true });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) clear();
  });
}
