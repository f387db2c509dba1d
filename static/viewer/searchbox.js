// A chart's search box (templates/structures/_chart_search.html): type to list matching units, expand the
// path to each in the outline, show the current one on the chart; Enter / Shift+Enter cycle, Escape clears.

import { readUnits } from "./a11y-units.js";
import { whenIdle } from "./idle.js";
import { REVEAL, WHOLE } from "./outline.js";
import { createSearch, cycle } from "./search.js";

// Options are listed (and their outline paths opened) this many at a time: a one-letter query can match thousands.
const LISTED = 50;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Wire the search box inside a chart root, if the page has one; `outline` is setUpOutline's controller. */
export function setUpSearchBox(root, outline) {
  const box = root.querySelector("[data-chart-search]");
  const input = box?.querySelector("input");
  const list = box?.querySelector("[role='listbox']");
  const status = box?.querySelector("[role='status']");
  if (!box || !input || !list || !status) return;
  const chinese = root.ownerDocument.documentElement.lang.toLowerCase().startsWith("zh");
  const words = box.dataset;
  let search = null;
  // Indexed again, in idle time, from the whole data when it replaces the head the chart was first drawn from.
  root.addEventListener(WHOLE, () => {
    search = null;
    whenIdle(prepare);
  });
  let hits = [];
  let active = -1;
  let marked = [];
  let marking = 0; // the query whose hits are being marked in the outline; a newer query stops the marking
  box.hidden = false;

  const optionId = (index) => `${list.id}-${index}`;

  function option(hit, index) {
    const item = document.createElement("li");
    item.id = optionId(index);
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.key = hit.key;
    item.className = "chart-search__option";
    const [name, other] = chinese ? [hit.unit.name_zh, hit.unit.name_en] : [hit.unit.name_en, hit.unit.name_zh];
    const main = document.createElement("span");
    main.className = "chart-search__name";
    main.textContent = name || other || hit.key;
    item.append(main);
    if (other && other !== name) {
      const second = document.createElement("span");
      second.className = "chart-search__other-name";
      second.lang = chinese ? "en" : "zh-Hans";
      second.textContent = other;
      item.append(" ", second);
    }
    const why = document.createElement("span");
    why.className = "chart-search__why";
    const showsText = hit.field === "alias" || hit.field === "key" || hit.field === "pinyin";
    why.textContent = (box.getAttribute(`data-why-${hit.field}`) || hit.field) + (showsText ? `: ${hit.text}` : "");
    item.append(" ", why);
    return item;
  }

  function announce(message) {
    status.textContent = message;
  }

  function countMessage() {
    if (!hits.length) return words.foundNone;
    return hits.length === 1 ? words.foundOne : fill(words.foundMany, { n: hits.length });
  }

  /** List the hits up to `count` (rounded up to the next LISTED), opening the outline path to each and marking it. */
  function listUpTo(count) {
    const shown = list.children.length;
    const upTo = Math.min(hits.length, Math.ceil(count / LISTED) * LISTED);
    if (upTo <= shown) return;
    const fresh = hits.slice(shown, upTo);
    list.append(...fresh.map((hit, n) => option(hit, shown + n)));
    // The paths open in idle time, a few at a time: on a large chart each may put back a part of the outline,
    // and the reader waits only for the current hit, which activate() shows at once.
    const query = marking;
    const mark = (deadline) => {
      while (fresh.length && query === marking) {
        const item = outline?.expandTo(fresh.shift().key);
        if (item) {
          item.classList.add("is-search-hit");
          marked.push(item);
        }
        if (deadline && deadline.timeRemaining() < 1) break; // at least one per turn, so marking always ends
      }
      if (fresh.length && query === marking) whenIdle(mark);
    };
    whenIdle(mark);
  }

  function activate(index) {
    if (index >= list.children.length) listUpTo(index + 1);
    list.children[active]?.setAttribute("aria-selected", "false");
    active = index;
    list.children[index]?.setAttribute("aria-selected", "true");
    const hit = hits[index];
    if (!hit) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", optionId(index));
    // Scrolled on the next frame: scrolling now would lay the whole page out again before the chart has moved.
    const current = list.children[index];
    requestAnimationFrame(() => {
      if (current.isConnected) current.scrollIntoView({ block: "nearest" });
    });
    for (const item of marked) item.classList.remove("is-search-current");
    const item = outline?.show(hit.key);
    if (item) {
      item.classList.add("is-search-current");
      marked.push(item);
    }
    root.dispatchEvent(new CustomEvent(REVEAL, { detail: { key: hit.key }, bubbles: true }));
  }

  function clearMarks() {
    marking += 1;
    for (const item of marked) item.classList.remove("is-search-hit", "is-search-current");
    marked = [];
  }

  // Indexing the names takes a moment on a large chart: done when the box is focused, before the first letter.
  const prepare = () => {
    search ??= createSearch(readUnits(root, chinese, outline?.items()));
  };

  function run() {
    prepare();
    hits = input.value.trim() ? search(input.value) : [];
    clearMarks();
    active = -1;
    list.replaceChildren();
    listUpTo(1);
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", String(hits.length > 0));
    announce(input.value.trim() ? countMessage() : "");
    activate(hits.length ? 0 : -1);
  }

  function clear() {
    input.value = "";
    run();
  }

  function step(by) {
    if (!hits.length) return;
    activate(cycle(hits.length, active, by));
    announce(fill(words.position, { i: active + 1, n: hits.length }));
  }

  input.addEventListener("focus", prepare, { once: true });
  whenIdle(prepare); // or before, once the page is idle
  input.addEventListener("input", run);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") step(event.shiftKey ? -1 : 1);
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") step(event.key === "ArrowDown" ? 1 : -1);
    else if (event.key === "Escape" && input.value) clear();
    else return;
    event.preventDefault();
  });
  list.addEventListener("click", (event) => {
    const item = event.target.closest("[role='option']");
    if (!item) return;
    activate(Array.from(list.children).indexOf(item));
    announce(fill(words.position, { i: active + 1, n: hits.length }));
  });
}
