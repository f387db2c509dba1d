// Pure look-ups over the compare page's data: which changes touch a unit, and what it became.
// data = {sides: {before: {key: status}, after: {...}}, changes: [{from, to, ...}], names: {...}}

export const OTHER_SIDE = { before: "after", after: "before" };

// A unit on the before chart appears in a change's "from"; on the after chart, in its "to".
const OWN_FIELD = { before: "from", after: "to" };

/** Return the changes that name this unit on its own side, in the page's order. */
export function changesFor(data, side, key) {
  const field = OWN_FIELD[side];
  return data.changes.filter((change) => (change[field] || []).includes(key));
}

/** Return the keys on the other chart that correspond to this unit: itself first, then its changes' far ends. */
export function counterpartsFor(data, side, key) {
  const other = OTHER_SIDE[side];
  const present = data.sides[other] || {};
  const far = OWN_FIELD[other];
  const keys = [key, ...changesFor(data, side, key).flatMap((change) => change[far] || [])];
  return [...new Set(keys)].filter((candidate) => candidate in present);
}

/** Return the display name of a unit, or its key when the page gave none. */
export function nameOf(data, side, key) {
  return (data.names[side] || {})[key] || key;
}
