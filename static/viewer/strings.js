// Read the data the page passes to the viewer through json_script elements.

// A large chart's JSON is megabytes: each element is parsed once, however many modules read it. Readers
// must not change what they get.
const parsed = new WeakMap();

const provided = new Map();

/** Hand over data for an id (data.js: fetched, or the page's own made ready), to be read in place of its element. */
export function provideJson(id, data) {
  provided.set(id, data);
}

/** Parse the JSON held by the <script type="application/json"> with this id, or return null. */
export function readJson(id, doc = document) {
  if (provided.has(id)) return provided.get(id);
  const element = doc.getElementById(id);
  if (!element) return null;
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
  loading: "Loading",
  expandAll: "Expand all",
  collapseAll: "Collapse all",
  noChange: "No recorded change for this unit.",
  counterparts: "Counterparts on the other chart",
  sources: "Sources",
  close: "Close",
  statuses: {},
  lineTypes: {},
};

// A figure's hedge (structures.models.Figure.Approximation), worded as views.APPROXIMATION_LABELS and
// locale/zh_Hans words them; pages pass their own in #viewer-strings, embeds (which pass none) use these.
const APPROXIMATIONS = {
  en: { about: "about", nearly: "nearly", more_than: "more than", at_least: "at least", up_to: "up to", less_than: "less than" },
  zh: { about: "约", nearly: "将近", more_than: "超过", at_least: "至少", up_to: "至多", less_than: "少于" },
};

/** Return the interface strings in the page's language (English when `doc` is null). */
export function readStrings(doc = document) {
  const strings = (doc && readJson("viewer-strings", doc)) || {};
  const chinese = Boolean(doc?.documentElement.lang.toLowerCase().startsWith("zh"));
  return { ...FALLBACK, approximations: APPROXIMATIONS[chinese ? "zh" : "en"], ...strings };
}
