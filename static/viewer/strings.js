// Read the data the page passes to the viewer through json_script elements.

// A large chart's JSON is megabytes: each element is parsed once, however many modules read it. Readers
// must not change what they get.
const parsed = new WeakMap();

const provided = new Map();

/** Hand over data fetched for an id the page has no element for (data.js), as if the page carried it. */
export function provideJson(id, data) {
  provided.set(id, data);
}

/** Parse the JSON held by the <script type="application/json"> with this id, or return null. */
export function readJson(id, doc = document) {
  const element = doc.getElementById(id);
  if (!element) return provided.get(id) ?? null;
  if (!parsed.has(element)) {
    let data = null;
    try {
      data = JSON.parse(element.textContent);
    } catch {
      data = null;
    }
    parsed.set(element, data);
  }
  return parsed.get(element);
}

// English fallbacks, used only if the page forgot to pass #viewer-strings.
const FALLBACK = {
  expand: "Expand",
  collapse: "Collapse",
  expandAll: "Expand all",
  collapseAll: "Collapse all",
  noChange: "No recorded change for this unit.",
  counterparts: "Counterparts on the other chart",
  sources: "Sources",
  close: "Close",
  statuses: {},
  lineTypes: {},
};

/** Return the interface strings in the page's language. */
export function readStrings(doc = document) {
  const strings = readJson("viewer-strings", doc) || {};
  return { ...FALLBACK, ...strings };
}
