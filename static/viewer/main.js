// Entry point: find the charts on the page and wire each viewer module to them. No logic of its own.

import { setUpOutlinesAndSearch } from "./a11y-setup.js";
import { loadChartData } from "./data.js";
import { setUpImpactLinks } from "./impact-links.js";
import { readStrings } from "./strings.js";
import { setUpViewer } from "./viewer.js";

const strings = readStrings();
const charts = Array.from(document.querySelectorAll(".chart[data-chart]"));
await loadChartData(charts);

// The outline listens for the chart's selection, so it is wired first.
setUpOutlinesAndSearch(charts);
setUpViewer({ roots: charts, strings, chinese: document.documentElement.lang.toLowerCase().startsWith("zh") });

const impact = document.querySelector(".impact-table");
if (impact) setUpImpactLinks(impact);
