// Read a chart's units for the outline and the search box: names from the server-rendered list, aliases
// and pinyin from the chart's embedded JSON (the json_script whose id is the root's data-source) when present.

const text = (element) => element?.textContent.trim() || "";

/** Return the units in the chart's JSON, or [] when the page has none (or it does not parse). */
export function jsonUnits(root) {
  const element = root.dataset.source ? root.ownerDocument.getElementById(root.dataset.source) : null;
  try {
    const data = element ? JSON.parse(element.textContent) : null;
    return Array.isArray(data?.units) ? data.units : [];
  } catch {
    return [];
  }
}

/** Return the chart's units in tree order: {key, name_en, name_zh, aliases, pinyin}. */
export function readUnits(root, chinese) {
  const fromJson = new Map(jsonUnits(root).map((unit) => [unit.key, unit]));
  return Array.from(root.querySelectorAll("ul.chart__tree li[data-key]")).map((item) => {
    const key = item.dataset.key;
    const name = text(item.querySelector(":scope > .box > .box__name"));
    const other = text(item.querySelector(":scope > .box > .box__other-name"));
    const json = fromJson.get(key) || {};
    return {
      key,
      name_en: json.name_en || (chinese ? other : name),
      name_zh: json.name_zh || (chinese ? name : other),
      aliases: Array.isArray(json.aliases) ? json.aliases : [],
      pinyin: Array.isArray(json.pinyin) ? json.pinyin : [],
    };
  });
}
