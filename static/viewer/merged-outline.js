// The merged view's accessible outline: the union of both trees as the nested list the server renders for
// the other charts (templates/structures/_unit.html), so the outline and search box work on it the same way.

function element(name, className, text) {
  const node = document.createElement(name);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

/**
 * Fill `list` (an empty ul.chart__tree) with the merged units, in tree order with parents first: each item
 * names the unit in the page's language and the other, and its change. `statuses` maps a status to its label.
 */
export function fillMergedOutline(list, units, { chinese, statuses }) {
  const groups = new Map();
  const fragment = document.createDocumentFragment();
  for (const unit of units) {
    const item = element("li", `unit${unit.status ? ` change--${unit.status}` : ""}`);
    item.dataset.key = unit.key;
    if (unit.status) item.dataset.status = unit.status;
    const box = element("div", "box");
    box.id = `merged-${unit.key}`;
    box.dataset.key = unit.key;
    const [mine, other] = chinese ? [unit.name_zh, unit.name_en] : [unit.name_en, unit.name_zh];
    box.append(element("span", "box__name", mine || other || unit.key));
    if (other && mine && other !== mine) {
      const otherName = element("span", "box__other-name", other);
      otherName.lang = chinese ? "en" : "zh-Hans";
      box.append(otherName);
    }
    if (unit.status) box.append(element("span", "box__status status-label", statuses[unit.status] || unit.status));
    const group = document.createElement("ul");
    item.append(box, group);
    groups.set(unit.key, group);
    ((unit.parent && groups.get(unit.parent)) || fragment).append(item);
  }
  // A unit without children keeps no empty sub-list: the outline would call it expandable.
  for (const group of groups.values()) if (!group.firstChild) group.remove();
  list.replaceChildren(fragment);
}
