// Fetch the chart data a page names by URL (data-json-url) instead of carrying it: the HTML parser took a quarter
// of a second over a 10,000-unit tree before anything was drawn, and the page's <link rel="preload"> starts the
// download while the page is still arriving. Pages that carry their data (compare, timeline) fetch nothing.
// Either way each unit gets the post count its documents state (withStatedPosts) before any chart reads it.
// A large chart's page also carries its head: the units its outline lists (views._chart_outline), each unit whose
// children it holds back saying how many there are. The chart is drawn from the head first and the whole tree,
// megabytes to read, replaces it once the chart is on the screen (main.js); such a page does not preload the tree,
// whose arrival had held the first drawing back.

import { provideJson, readJson } from "./strings.js";

// The measure datasets count posts by (dataset/*.toml, structures.models.Figure.measure).
const POSTS = "posts";

/**
 * Return the chart data with each unit's stated post count: its own `posts`, else the value of a figure on it that
 * counts posts in total (no breakdown slice), with the figure's hedge as `posts_approximation` ("about", ...).
 * The data given is not changed; it is returned as it is when no figure adds a count.
 */
export function withStatedPosts(data) {
  const totals = new Map();
  for (const figure of data?.figures || []) {
    const whole = !figure.breakdown || Object.keys(figure.breakdown).length === 0;
    if (figure.unit && figure.measure === POSTS && whole && !totals.has(figure.unit)) totals.set(figure.unit, figure);
  }
  if (!totals.size || !Array.isArray(data.units)) return data;
  const units = data.units.map((unit) => {
    const figure = unit.posts == null ? totals.get(unit.key) : null;
    return figure ? { ...unit, posts: figure.value, posts_approximation: figure.approximation || "" } : unit;
  });
  return { ...data, units };
}

async function fetched(url) {
  try {
    // No extra headers, so the request is the one the page preloaded.
    const response = await fetch(url);
    return response.ok ? await response.json() : null;
  } catch {
    return null; // The chart stays the server's nested list, as with JavaScript off.
  }
}

const fetches = (root) =>
  Boolean(root.dataset.source) && root.dataset.fetchData !== undefined && !root.ownerDocument.getElementById(root.dataset.source);

/**
 * Hand over each fetching chart's head in place of its data, when every such chart's page carries one; return
 * whether it did, so the charts can be drawn before loadChartData has read their whole data.
 */
export function provideHeads(roots) {
  const fetching = roots.filter(fetches);
  const heads = fetching.map((root) => (root.dataset.head ? readJson(root.dataset.head, root.ownerDocument) : null));
  if (!fetching.length || !heads.every((head) => Array.isArray(head?.units))) return false;
  fetching.forEach((root, index) => provideJson(root.dataset.source, withStatedPosts(heads[index])));
  return true;
}

/** Fetch each chart's data that its page does not carry; resolve, once all have come or failed, to the roots provided. */
export async function loadChartData(roots) {
  const provided = await Promise.all(
    roots.map(async (root) => {
      const id = root.dataset.source;
      if (!id) return null;
      const doc = root.ownerDocument;
      const url = root.dataset.jsonUrl;
      let data = null;
      if (doc.getElementById(id)) data = readJson(id, doc);
      else if (url && fetches(root)) data = await fetched(url);
      const ready = withStatedPosts(data);
      if (ready) provideJson(id, ready);
      return ready ? root : null;
    }),
  );
  return provided.filter(Boolean);
}
