// Impact summary: each figure shows the units it counts on the chart of its side (revealed and marked),
// and a unit's link selects that unit there. With JS off the links lead to the units in the outline.

import { REVEAL } from "./chart.js";
import { ancestorsOf } from "./tree.js";

// The timeline page has one chart (its "after"), named "chart".
function chartFor(side) {
  const root =
    document.querySelector(`.chart[data-chart][data-side="${side}"]`) ||
    (side === "after" ? document.querySelector('.chart[data-chart][data-side="chart"]') : null);
  return root?.orgchart || null;
}

// The compare page's side-by-side charts are hidden in the merged view.
function showSideBySide() {
  document.querySelector('.compare-modes [data-mode="side"][aria-pressed="false"]')?.click();
}

/** Mark the units a cell counts on its chart, opening the folds above them; return how many are shown. */
export function showCounted(cell) {
  const chart = chartFor(cell.dataset.side);
  if (!chart) return 0;
  showSideBySide();
  const keys = (cell.dataset.keys || "").split(" ").filter((key) => chart.state.units.has(key));
  const open = new Set(chart.state.expanded);
  for (const key of keys) for (const ancestor of ancestorsOf(chart.state.tree, key)) open.add(ancestor);
  if (open.size !== chart.state.expanded.size) chart.setExpanded(open);
  chart.setMarks(new Map(keys.map((key) => [key, ["is-counted"]])));
  if (keys.length) chart.centre(keys[0]);
  return keys.length;
}

/** Wire the impact table's "show on chart" buttons and unit links to the charts on the page. */
export function setUpImpactLinks(table) {
  for (const button of table.querySelectorAll(".impact__show")) {
    if (chartFor(button.closest(".impact__value").dataset.side)) button.hidden = false;
  }
  table.addEventListener("click", (event) => {
    const button = event.target.closest(".impact__show");
    if (button) {
      const shown = showCounted(button.closest(".impact__value"));
      button.setAttribute("aria-pressed", String(shown > 0));
      for (const other of table.querySelectorAll(".impact__show[aria-pressed='true']")) {
        if (other !== button) other.setAttribute("aria-pressed", "false");
      }
      return;
    }
    const link = event.target.closest("a[data-key]");
    const chart = link && chartFor(link.closest(".impact__value").dataset.side);
    if (!chart || !chart.state.units.has(link.dataset.key)) return;
    event.preventDefault();
    showSideBySide();
    chart.root.dispatchEvent(new CustomEvent(REVEAL, { detail: { key: link.dataset.key } }));
  });
}
