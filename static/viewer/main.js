// Entry point: find the charts on the page and wire each viewer module to them. No logic of its own.

import { setUpChart } from "./chart.js";
import { setUpCompare } from "./compare.js";
import { setUpLines } from "./lines.js";
import { readJson, readStrings } from "./strings.js";

const strings = readStrings();
const charts = Array.from(document.querySelectorAll(".chart[data-chart]"));

for (const chart of charts) {
  setUpChart(chart, strings);
  setUpLines(chart, strings);
}

const compareData = readJson("compare-data");
const panel = document.getElementById("change-details");
if (compareData && panel) {
  const bySide = (side) => charts.find((chart) => chart.dataset.side === side) || null;
  setUpCompare({
    data: compareData,
    strings,
    charts: { before: bySide("before"), after: bySide("after") },
    panel,
    changeList: document.querySelector(".change-list"),
    chinese: document.documentElement.lang.toLowerCase().startsWith("zh"),
  });
}
