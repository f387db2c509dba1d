// Turn each server-rendered nested list into a drawn org chart whose branches fold.
// The drawing itself is CSS (.chart--drawn); this module only sets classes and buttons.

/** Event fired on a chart root whenever its visible boxes change, so overlays can redraw. */
export const CHART_CHANGED = "chart:changed";

function boxName(box) {
  const name = box.querySelector(".box__name");
  return name ? name.textContent.trim() : box.dataset.key;
}

function childList(li) {
  return li.querySelector(":scope > ul");
}

function toggleOf(li) {
  return li.querySelector(":scope > .box > .box__toggle");
}

function makeToggle(box) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "box__toggle";
  button.dataset.unitName = boxName(box);
  return button;
}

function setCollapsed(li, collapsed, strings) {
  li.classList.toggle("is-collapsed", collapsed);
  const button = toggleOf(li);
  if (!button) return;
  const action = collapsed ? strings.expand : strings.collapse;
  button.setAttribute("aria-expanded", String(!collapsed));
  button.setAttribute("aria-label", `${action}: ${button.dataset.unitName}`);
  button.title = action;
  // Collapsed, the button tells how many units it hides.
  button.textContent = collapsed ? `+${li.querySelectorAll("li.unit").length}` : "−";
}

function branches(root) {
  return Array.from(root.querySelectorAll("li.unit")).filter((li) => childList(li));
}

/** Draw one chart: add the drawn class, show its toolbar, give every branch a fold button. */
export function setUpChart(root, strings) {
  for (const li of branches(root)) {
    const box = li.querySelector(":scope > .box");
    if (!box) continue;
    li.classList.add("has-children");
    box.append(makeToggle(box));
    setCollapsed(li, li.classList.contains("is-collapsed"), strings);
  }
  const toolbar = root.querySelector(".chart__toolbar");
  if (toolbar) toolbar.hidden = false;
  root.classList.add("chart--drawn");

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    if (button.classList.contains("box__toggle")) {
      const li = button.closest("li.unit");
      setCollapsed(li, !li.classList.contains("is-collapsed"), strings);
    } else if (button.dataset.action === "expand-all" || button.dataset.action === "collapse-all") {
      const collapsed = button.dataset.action === "collapse-all";
      for (const li of branches(root)) setCollapsed(li, collapsed, strings);
    } else {
      return;
    }
    root.dispatchEvent(new CustomEvent(CHART_CHANGED));
  });
}

/** Unfold every branch above a box so it can be seen; return true if anything changed. */
export function reveal(box, strings) {
  let changed = false;
  let li = box.closest("li.unit")?.parentElement.closest("li.unit");
  for (; li; li = li.parentElement.closest("li.unit")) {
    if (li.classList.contains("is-collapsed")) {
      setCollapsed(li, false, strings);
      changed = true;
    }
  }
  if (changed) box.closest("[data-chart]").dispatchEvent(new CustomEvent(CHART_CHANGED));
  return changed;
}
