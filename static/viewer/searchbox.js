// A chart's search box (templates/structures/_chart_search.html): type to list matching units, expand the
// path to each in the outline, show the current one on the chart; Enter / Shift+Enter cycle, Escape clears.

import { readUnits } from "./a11y-units.js";
import { REVEAL } from "./outline.js";
import { cycle, searchUnits } from "./search.js";

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
  let units = null;
  let hits = [];
  let active = -1;
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

  function activate(index) {
    active = index;
    for (const item of list.children) item.setAttribute("aria-selected", String(item.id === optionId(index)));
    const hit = hits[index];
    if (!hit) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", optionId(index));
    list.children[index]?.scrollIntoView({ block: "nearest" });
    outline?.show(hit.key);
    for (const item of root.querySelectorAll(".is-search-current")) item.classList.remove("is-search-current");
    outline?.item(hit.key)?.classList.add("is-search-current");
    root.dispatchEvent(new CustomEvent(REVEAL, { detail: { key: hit.key }, bubbles: true }));
  }

  function clearMarks() {
    for (const item of root.querySelectorAll(".is-search-hit, .is-search-current")) {
      item.classList.remove("is-search-hit", "is-search-current");
    }
  }

  function run() {
    units ??= readUnits(root, chinese);
    hits = input.value.trim() ? searchUnits(units, input.value) : [];
    clearMarks();
    list.replaceChildren(...hits.map(option));
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", String(hits.length > 0));
    for (const hit of hits) {
      outline?.expandTo(hit.key);
      outline?.item(hit.key)?.classList.add("is-search-hit");
    }
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
