// DOM: the chart's small controls filled from state: the breadcrumbs from the selected unit to its
// root, and the "levels shown" select.

/** Fill a breadcrumb <nav> (holding an <ol>) with one button per unit on the path; hide it when empty. */
export function fillBreadcrumbs(nav, path, nameOf) {
  const items = path.map((key, index) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.key = key;
    button.textContent = nameOf(key);
    if (index === path.length - 1) button.setAttribute("aria-current", "location");
    item.append(button);
    return item;
  });
  nav.querySelector("ol").replaceChildren(...items);
  nav.hidden = !path.length;
}

/** Offer levels 1..count in a select, the deepest chosen. */
export function fillLevelSelect(select, count) {
  const options = [];
  for (let level = 1; level <= count; level += 1) {
    const option = document.createElement("option");
    option.value = String(level);
    option.textContent = String(level);
    options.push(option);
  }
  select.replaceChildren(...options);
  select.value = String(count);
}
