// Fetch the chart data a page names by URL (data-json-url) instead of carrying it: the HTML parser took a quarter
// of a second over a 10,000-unit tree before anything was drawn, and the page's <link rel="preload"> starts the
// download while the page is still arriving. Pages that carry their data (compare, timeline) fetch nothing.

import { provideJson } from "./strings.js";

/** Fetch each chart's data that its page does not carry; resolve once all have come or failed. */
export async function loadChartData(roots) {
  await Promise.all(
    roots.map(async (root) => {
      const id = root.dataset.source;
      const url = root.dataset.jsonUrl;
      if (!id || !url || root.ownerDocument.getElementById(id) || root.dataset.fetchData === undefined) return;
      try {
        // No extra headers, so the request is the one the page preloaded.
        const response = await fetch(url);
        if (response.ok) provideJson(id, await response.json());
      } catch {
        // The chart stays the server's nested list, as with JavaScript off.
      }
    }),
  );
}
