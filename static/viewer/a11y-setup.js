// Wire the accessible side of each chart: its outline (an ARIA tree over the nested list) and its search box.

import { setUpOutline } from "./outline.js";
import { setUpSearchBox } from "./searchbox.js";

/** Give every chart root its outline and search box; return the outline controllers by chart side. */
export function setUpOutlinesAndSearch(charts) {
  const outlines = {};
  for (const root of charts) {
    const outline = setUpOutline(root);
    setUpSearchBox(root, outline);
    outlines[root.dataset.side || ""] = outline;
  }
  return outlines;
}
