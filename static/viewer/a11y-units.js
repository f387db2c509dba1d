// Read a chart's units for the outline and the search box: names from the server-rendered list, aliases
// and pinyin from the chart's embedded JSON (the json_script whose id is the root's data-source) when present.

import { readJson } from "./strings.js";

const text = (element) => element?.textContent.trim() || "";

/** Return the units in the chart's JSON, or [] when the page has none (or it does not parse). */
export function jsonUnits(root) {
  const data = root.dataset.source ? readJson(root.dataset.source, root.ownerDocument) : null;
  return Array.isArray(data?.units) ? data.units : [];
}

/**
 * Return the chart's units in tree order: {key, name_en, name_zh, aliases, pinyin}. `items` are the list's
 * items in tree order when the caller has them already.
 */
export function readUnits(root, chinese, items = root.querySelectorAll("ul.chart__tree li[data-key]")) {
  const units = jsonUnits(root);
  if (units.length && units.every((unit) => unit.name_en !== undefined)) {
    // The JSON has every unit, also those a large outline holds back until they are opened.
    return units.map(({ key, name_en, name_zh, aliases, pinyin }) => ({
      key,
      name_en: name_en || "",
      name_zh: name_zh || "",
      aliases: Array.isArray(aliases) ? aliases : [],
      pinyin: Array.isArray(pinyin) ? pinyin : [],
    }));
  }
  const fromJson = new Map(units.map((unit) => [unit.key, unit]));
  return Array.from(items, (item) => {
    const key = item.dataset.key;
    const json = fromJson.get(key) || {};
    // The list's text is read only when the JSON lacks a name: reading thousands of items' text costs more.
    const listed = (which) => {
      const box = Array.from(item.children).find((child) => child.classList.contains("box"));
      return text(box && Array.from(box.children).find((child) => child.classList.contains(which)));
    };
    const name = (field, mine) => json[field] || listed(mine ? "box__name" : "box__other-name");
    return {
      key,
      name_en: name("name_en", !chinese),
      name_zh: name("name_zh", chinese),
      aliases: Array.isArray(json.aliases) ? json.aliases : [],
      pinyin: Array.isArray(json.pinyin) ? json.pinyin : [],
    };
  });
}
