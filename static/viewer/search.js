// Pure: find units by English or Chinese name, alias, key (code) or pinyin. Never touches the DOM.
// A unit is {key, name_en, name_zh, aliases?: [], pinyin?: []}; pinyin holds toneless spellings of the
// Chinese names ("weichihepingxingdongbu", "wei chi he ping …", "wchp…"), computed by the server.

/** How well a unit matched, best first; the number is the rank hits are sorted by. */
export const RANK = { exact: 0, prefix: 1, word: 2, contains: 3, pinyinPrefix: 4, pinyinContains: 5 };

const TEXT_FIELDS = ["name_en", "name_zh", "alias", "key"];
const PINYIN_QUERY = /^[a-z]+$/;
// A pinyin substring shorter than this matches too much by chance ("an", "en" are in half the names).
const PINYIN_CONTAINS_MIN = 3;

/** Return text folded for comparison: NFKC (full-width to half-width), lower case, single spaces. */
export function normalize(text) {
  return String(text ?? "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function compact(text) {
  return normalize(text).replace(/[\s'’·-]+/g, "");
}

function rankText(text, query) {
  const value = normalize(text);
  if (!value) return null;
  if (value === query) return RANK.exact;
  if (value.startsWith(query)) return RANK.prefix;
  const at = value.indexOf(query);
  if (at < 0) return null;
  // A match at the start of a word ("peace" in "Department of Peace Operations") beats one inside a word.
  return /[\s(/-]/.test(value[at - 1]) ? RANK.word : RANK.contains;
}

function rankPinyin(form, query) {
  const value = compact(form);
  if (value.startsWith(query)) return RANK.pinyinPrefix;
  if (query.length >= PINYIN_CONTAINS_MIN && value.includes(query)) return RANK.pinyinContains;
  return null;
}

function candidates(unit) {
  const fields = { name_en: [unit.name_en], name_zh: [unit.name_zh], alias: unit.aliases || [], key: [unit.key] };
  return TEXT_FIELDS.flatMap((field) => fields[field].filter(Boolean).map((text) => ({ field, text })));
}

function bestMatch(unit, query, pinyinQuery) {
  let best = null;
  for (const { field, text } of candidates(unit)) {
    const rank = rankText(text, query);
    if (rank !== null && (best === null || rank < best.rank)) best = { field, text, rank };
  }
  if (best || !pinyinQuery) return best;
  for (const text of unit.pinyin || []) {
    const rank = rankPinyin(text, pinyinQuery);
    if (rank !== null && (best === null || rank < best.rank)) best = { field: "pinyin", text, rank };
  }
  return best;
}

function checkUnits(units) {
  if (!Array.isArray(units)) throw new TypeError(`searchUnits: units must be an array, got ${typeof units}`);
  units.forEach((unit, index) => {
    if (!unit || typeof unit.key !== "string" || !unit.key) {
      throw new TypeError(`searchUnits: unit ${index} has no key`);
    }
    for (const list of ["aliases", "pinyin"]) {
      if (unit[list] != null && !Array.isArray(unit[list])) {
        throw new TypeError(`searchUnits: ${list} of unit "${unit.key}" must be an array`);
      }
    }
  });
}

/**
 * Return the units matching a query, best first, then in the order given (tree order):
 * [{key, unit, field: "name_en"|"name_zh"|"alias"|"key"|"pinyin", text, rank}], one hit per unit.
 */
export function searchUnits(units, query) {
  checkUnits(units);
  if (typeof query !== "string") throw new TypeError(`searchUnits: query must be a string, got ${typeof query}`);
  const needle = normalize(query);
  if (!needle) return [];
  const pinyinNeedle = compact(query);
  const pinyinQuery = PINYIN_QUERY.test(pinyinNeedle) && pinyinNeedle.length >= 2 ? pinyinNeedle : "";
  const hits = [];
  units.forEach((unit, order) => {
    const match = bestMatch(unit, needle, pinyinQuery);
    if (match) hits.push({ key: unit.key, unit, ...match, order });
  });
  hits.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return hits.map(({ order, ...hit }) => hit);
}

/** Return the index of the hit after (step 1) or before (step -1) `current`, wrapping around; -1 if none. */
export function cycle(count, current, step) {
  if (!count) return -1;
  if (current < 0) return step < 0 ? count - 1 : 0;
  return (((current + step) % count) + count) % count;
}
