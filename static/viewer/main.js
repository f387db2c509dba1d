// Entry point: find the charts on the page and wire each viewer module to them. No logic of its own.

import { setUpOutlinesAndSearch } from "./a11y-setup.js";
import { loadChartData, provideHeads } from "./data.js";
import { whenIdle } from "./idle.js";
import { setUpImpactLinks } from "./impact-links.js";
import { readStrings } from "./strings.js";
import { setUpViewer } from "./viewer.js";

const strings = readStrings();
const charts = Array.from(document.querySelectorAll(".chart[data-chart]"));
// A large chart is drawn from the head its page carries, and its whole data read once that is on the screen.
const drawnFromHeads = provideHeads(charts);
let loaded = drawnFromHeads ? [] : await loadChartData(charts);

// The outline listens for the chart's selection, so it is wired first.
setUpOutlinesAndSearch(charts);
const chinese = document.documentElement.lang.toLowerCase().startsWith("zh");
const viewer = setUpViewer({ roots: charts, strings, chinese, partial: drawnFromHeads });

const impact = document.querySelector(".impact-table");
if (impact) setUpImpactLinks(impact);

if (drawnFromHeads) {
  // Read once the drawing has been on the screen for a frame and the browser has a moment: the tree is megabytes
  // to parse, which would otherwise hold back the first frames of the chart.
  const frame = () => new Promise((next) => requestAnimationFrame(next));
  const idle = () => new Promise((next) => whenIdle(next));
  await frame();
  await frame();
  await idle();
  loaded = await loadChartData(charts);
  viewer.takeWholeData(loaded);
}
// Tests and the benchmark wait for this before they rely on every unit being in the chart.
for (const root of loaded) root.dataset.complete = "";
