// Pure: find units by English or Chinese name, alias, key (code) or pinyin. Never touches the DOM.
// A unit is {key, name_en, name_zh, aliases?: [], pinyin?: []}; pinyin holds toneless spellings of the
// Chinese names ("weichihepingxingdongbu", "wei chi he ping …", "wchp…"), computed by the server.

/** How well a unit matched, best first; the number is the rank hits are sorted by. */
export const RANK = { exact: 0, prefix: 1, word: 2, contains: 3, pinyinPrefix: 4, pinyinContains: 5 };

const PINYIN_QUERY = /^[a-z]+$/;
// A pinyin substring shorter than this matches too much by chance ("an", "en" are in half the names).
const PINYIN_CONTAINS_MIN = 3;
const SIMPLE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const COMPACT = /^[a-z]+$/;

/** Return text folded for comparison: NFKC (full-width to half-width), lower case, single spaces. */
export function normalize(text) {
  const value = String(text ?? "");
  // Printable ASCII words with single spaces only need lower case (NFKC leaves them as they are); most names are.
  if (SIMPLE.test(value)) return value.toLowerCase();
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function compact(text) {
  return COMPACT.test(text) ? text : normalize(text).replace(/[\s'’·-]+/g, "");
}

function rankText(value, query) {
  if (!value) return null;
  if (value === query) return RANK.exact;
  if (value.startsWith(query)) return RANK.prefix;
  const at = value.indexOf(query);
  if (at < 0) return null;
  // A match at the start of a word ("peace" in "Department of Peace Operations") beats one inside a word.
  return /[\s(/-]/.test(value[at - 1]) ? RANK.word : RANK.contains;
}

function rankPinyin(value, query) {
  if (value.startsWith(query)) return RANK.pinyinPrefix;
  if (query.length >= PINYIN_CONTAINS_MIN && value.includes(query)) return RANK.pinyinContains;
  return null;
}

// Folding a unit's texts (NFKC, lower case) is most of a search's work, so it is done once per unit, not per query.
function indexed(unit) {
  const texts = [];
  const add = (field, text) => {
    if (text) texts.push({ field, text, value: normalize(text) });
  };
  add("name_en", unit.name_en);
  add("name_zh", unit.name_zh);
  for (const alias of unit.aliases || []) add("alias", alias);
  add("key", unit.key);
  const pinyin = [];
  for (const text of unit.pinyin || []) pinyin.push({ field: "pinyin", text, value: compact(text) });
  return { unit, texts, pinyin };
}

function bestMatch(entry, query, pinyinQuery) {
  let best = null;
  for (const { field, text, value } of entry.texts) {
    const rank = rankText(value, query);
    if (rank !== null && (best === null || rank < best.rank)) best = { field, text, rank };
  }
  if (best || !pinyinQuery) return best;
  for (const { field, text, value } of entry.pinyin) {
    const rank = rankPinyin(value, pinyinQuery);
    if (rank !== null && (best === null || rank < best.rank)) best = { field, text, rank };
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
 * Fold the units' names once and return search(query): the units matching a query, best first, then in the
 * order given (tree order): [{key, unit, field: "name_en"|"name_zh"|"alias"|"key"|"pinyin", text, rank}],
 * one hit per unit. The units are read when the index is made; later changes to them are not seen.
 */
export function createSearch(units) {
  checkUnits(units);
  const entries = units.map(indexed);
  return (query) => {
    if (typeof query !== "string") throw new TypeError(`searchUnits: query must be a string, got ${typeof query}`);
    const needle = normalize(query);
    if (!needle) return [];
    const pinyinNeedle = compact(query);
    const pinyinQuery = PINYIN_QUERY.test(pinyinNeedle) && pinyinNeedle.length >= 2 ? pinyinNeedle : "";
    const hits = [];
    entries.forEach((entry, order) => {
      const match = bestMatch(entry, needle, pinyinQuery);
      if (match) hits.push({ key: entry.unit.key, unit: entry.unit, ...match, order });
    });
    hits.sort((a, b) => a.rank - b.rank || a.order - b.order);
    return hits.map(({ order, ...hit }) => hit);
  };
}

/** Return the units matching a query, as createSearch(units)(query) does; to search the same units often, use createSearch. */
export function searchUnits(units, query) {
  return createSearch(units)(query);
}

/** Return the index of the hit after (step 1) or before (step -1) `current`, wrapping around; -1 if none. */
export function cycle(count, current, step) {
  if (!count) return -1;
  if (current < 0) return step < 0 ? count - 1 : 0;
  return (((current + step) % count) + count) % count;
}
