// Display text of a chart's boxes and lines in the page's language: names, heads, posts, line titles.
// Labels the page translates come from data-label-* attributes on the chart root.

import { descendantCount } from "./tree.js";

/** Return the text helpers of one chart root. */
export function textHelpers(root, strings, chinese) {
  const pick = (en, zh) => (chinese ? zh || en : en || zh) || "";
  const labels = root.dataset;
  const all = {
    ...strings,
    shared: labels.labelShared || "shared",
    placementUnknown: labels.labelPlacement || "placement not stated",
  };
  return {
    strings: all,
    name: (unit) => pick(unit.name_en, unit.name_zh) || unit.key,
    head: (unit) => [pick(unit.head, unit.head_zh), unit.grade ? `(${unit.grade})` : ""].filter(Boolean).join(" "),
    posts: (n) => (labels.labelPosts || "{n} posts").replace("{n}", n),
    count: (node) => descendantCount(node),
    lineTitle: (line) => {
      const qualifier = pick(line.qualifier, line.qualifier_zh);
      const type = all.lineTypes[line.type] || line.type;
      return qualifier ? `${type} (${qualifier})` : type;
    },
  };
}
