// Pure: the view state <-> the URL's hash, so a shared link opens the same view. Keys are short:
// m=mode, u=selected unit, s=its side, o=orientation, v=x,y,k, c=collapsed keys or e=expanded keys, f=1 changed only;
// on a compare page, bc/be and ac/ae hold the before and after charts' own folds when the primary chart is another.

const SEP = ".";
const SIDE_PREFIX = { before: "b", after: "a" };

/** Return the hash (without "#") for a state {mode, unit, side, orientation, view, expanded, branches, changedOnly, sides}. */
export function writeState(state) {
  const params = new URLSearchParams();
  if (state.mode && state.mode !== "side") params.set("m", state.mode);
  if (state.unit) params.set("u", state.unit);
  if (state.unit && state.side) params.set("s", state.side);
  if (state.orientation && state.orientation !== "td") params.set("o", state.orientation);
  if (state.view) params.set("v", [state.view.x, state.view.y].map(Math.round).concat(+state.view.k.toFixed(3)).join(","));
  writeFolds(params, "", state);
  // sides = {before: {expanded, branches}, after: ...}: charts with folds of their own, written even when all
  // open (an empty "bc"), since a chart with no folds in the link would take the primary chart's.
  for (const [side, folds] of Object.entries(state.sides || {})) {
    if (SIDE_PREFIX[side]) writeFolds(params, SIDE_PREFIX[side], folds, { always: true });
  }
  if (state.changedOnly) params.set("f", "1");
  return params.toString();
}

/** Read a hash back into a partial state; unknown or malformed parts are left out.
 * branches: the primary chart's branch keys; sideBranches: {before, after} the other charts' (for "c" lists). */
export function readState(hash, branches = null, sideBranches = {}) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state = {};
  if (params.get("m")) state.mode = params.get("m");
  if (params.get("u")) state.unit = params.get("u");
  if (params.get("s")) state.side = params.get("s");
  if (params.get("o") === "lr" || params.get("o") === "td") state.orientation = params.get("o");
  const view = (params.get("v") || "").split(",").map(Number);
  if (view.length === 3 && view.every(Number.isFinite) && view[2] > 0) state.view = { x: view[0], y: view[1], k: view[2] };
  const expanded = readFolds(params, "", branches);
  if (expanded) state.expanded = expanded;
  for (const [side, prefix] of Object.entries(SIDE_PREFIX)) {
    const own = readFolds(params, prefix, sideBranches[side] || null);
    if (own) (state.sides ??= {})[side] = { expanded: own };
  }
  if (params.get("f") === "1") state.changedOnly = true;
  return state;
}

function writeFolds(params, prefix, { expanded, branches }, { always = false } = {}) {
  if (!expanded || !branches) return;
  // Whichever list is shorter: the collapsed branches (from "all open") or the open ones (from "all closed").
  const open = [...expanded].filter((key) => branches.has(key));
  const closed = [...branches].filter((key) => !expanded.has(key));
  if (closed.length && closed.length <= open.length) params.set(`${prefix}c`, closed.join(SEP));
  else if (closed.length) params.set(`${prefix}e`, open.join(SEP) || SEP);
  else if (always) params.set(`${prefix}c`, "");
}

function readFolds(params, prefix, branches) {
  const list = (name) => (params.get(name) || "").split(SEP).filter(Boolean);
  if (params.has(`${prefix}c`) && branches) {
    const closed = new Set(list(`${prefix}c`));
    return new Set([...branches].filter((key) => !closed.has(key)));
  }
  if (params.has(`${prefix}e`)) return new Set(list(`${prefix}e`));
  return null;
}
