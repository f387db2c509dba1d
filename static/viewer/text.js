// Display text of a chart's boxes and lines in the page's language: names, heads, posts, line titles and labels.
// Labels the page translates come from data-label-* attributes on the chart root.

import { readStrings } from "./strings.js";
import { descendantCount } from "./tree.js";

// Wide (CJK) characters take about two narrow ones' room.
export const WIDE = /[\u2E80-\uFFEF]/;

/** Return how many narrow characters' room a text takes. */
export const widthOf = (text) => [...text].reduce((sum, char) => sum + (WIDE.test(char) ? 2 : 1), 0);

/** Return the text cut to `room` narrow characters, ending in an ellipsis when cut. */
export function shorten(text, room) {
  if (widthOf(text) <= room) return text;
  let out = "";
  for (const char of text) {
    if (widthOf(out + char) > room - 1) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Return a count with its digits grouped by three with commas, as English and Chinese (zh-CN) both write it.
 * Not Intl.NumberFormat: setting one up took 16–30 ms of every chart's opening.
 */
export function grouped(value) {
  const [whole, fraction] = String(value).split(".");
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${digits}.${fraction}` : digits;
}

// Room for a secondary line's label: about a box's width at the label's size.
const LINE_LABEL_ROOM = 34;

/** Return the text helpers of one chart root. */
export function textHelpers(root, strings, chinese) {
  const pick = (en, zh) => (chinese ? zh || en : en || zh) || "";
  const labels = root.dataset;
  const all = {
    ...strings,
    shared: labels.labelShared || "shared",
    placementUnknown: labels.labelPlacement || "placement not stated",
  };
  const lineType = (line) => all.lineTypes?.[line.type] || line.type;
  return {
    strings: all,
    name: (unit) => pick(unit.name_en, unit.name_zh) || unit.key,
    head: (unit) => [pick(unit.head, unit.head_zh), unit.grade ? `(${unit.grade})` : ""].filter(Boolean).join(" "),
    /** Return the unit's post count with its document's hedge ("about 120 posts"), or "" when none is stated. */
    posts: (unit) => {
      if (unit.posts == null || unit.posts === "") return "";
      const count = (labels.labelPosts || "{n} posts").replace("{n}", grouped(unit.posts));
      const hedge = all.approximations?.[unit.posts_approximation] || (unit.posts_approximation || "").replaceAll("_", " ");
      return hedge ? `${hedge} ${count}` : count;
    },
    status: (unit) => (unit.status ? all.statuses?.[unit.status] || unit.status : ""),
    count: (node) => descendantCount(node),
    lineTitle: (line) => {
      const qualifier = pick(line.qualifier, line.qualifier_zh);
      return qualifier ? `${lineType(line)} (${qualifier})` : lineType(line);
    },
    /** Return a line's type and qualifier short enough to stand beside the line; lineTitle holds it whole. */
    lineLabel: (line) => {
      const type = lineType(line);
      const qualifier = pick(line.qualifier, line.qualifier_zh);
      if (!qualifier) return type;
      const room = Math.max(LINE_LABEL_ROOM - widthOf(type) - 3, 8);
      return `${type} (${shorten(qualifier, room)})`;
    },
  };
}

/** Return the text helpers of the page's first chart, as main.js makes them, or English ones with no page. */
export function pageText(doc = globalThis.document) {
  const root = doc?.querySelector(".chart[data-chart]") || { dataset: {} };
  const chinese = Boolean(doc?.documentElement.lang.toLowerCase().startsWith("zh"));
  return textHelpers(root, readStrings(doc || null), chinese);
}
