// Pure: the outline's type-ahead (APG tree view): characters typed in quick succession name the item to go to.

/** How long a pause ends a typed word, in milliseconds. */
export const TYPE_AHEAD_RESET_MS = 700;

/** Return text folded for matching: NFKC (full-width to half-width), lower case, no outer spaces. */
export const fold = (text) =>
  String(text || "")
    .normalize("NFKC")
    .toLowerCase()
    .trim();

/**
 * Return a type-ahead. Its next(character, time, spellings, start) takes each typed character with the time
 * it was typed, the folded spellings of each visible item and the current item's index, and returns the index
 * of the item to move to, or -1. Typing the same character again steps on to the next item that starts with it.
 */
export function createTypeAhead(resetMs = TYPE_AHEAD_RESET_MS) {
  let typed = "";
  let typedAt = Number.NEGATIVE_INFINITY;
  return {
    reset() {
      typed = "";
    },
    next(character, time, spellings, start) {
      typed = time - typedAt > resetMs ? character : typed + character;
      typedAt = time;
      const repeated = [...typed].every((c) => c === character);
      const needle = fold(repeated ? character : typed);
      // A new word or a repeated letter looks past the current item; a longer word may still match it.
      const from = repeated ? start + 1 : start;
      for (let step = 0; step < spellings.length; step += 1) {
        const index = (from + step) % spellings.length;
        if (spellings[index].some((spelling) => spelling.startsWith(needle))) return index;
      }
      return -1;
    },
  };
}
