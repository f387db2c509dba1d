// Pure: the view state <-> the URL's hash, so a shared link opens the same view. Keys are short:
// m=mode, u=selected unit, s=its side, o=orientation, v=x,y,k, c=collapsed keys or e=expanded keys, f=1 changed only.

const SEP = ".";

/** Return the hash (without "#") for a state {mode, unit, side, orientation, view, expanded, branches, changedOnly}. */
export function writeState(state) {
  const params = new URLSearchParams();
  if (state.mode && state.mode !== "side") params.set("m", state.mode);
  if (state.unit) params.set("u", state.unit);
  if (state.unit && state.side) params.set("s", state.side);
  if (state.orientation && state.orientation !== "td") params.set("o", state.orientation);
  if (state.view) params.set("v", [state.view.x, state.view.y].map(Math.round).concat(+state.view.k.toFixed(3)).join(","));
  if (state.expanded && state.branches) {
    // Whichever list is shorter: the collapsed branches (from "all open") or the open ones (from "all closed").
    const open = [...state.expanded].filter((key) => state.branches.has(key));
    const closed = [...state.branches].filter((key) => !state.expanded.has(key));
    if (closed.length && closed.length <= open.length) params.set("c", closed.join(SEP));
    else if (closed.length) params.set("e", open.join(SEP) || SEP);
  }
  if (state.changedOnly) params.set("f", "1");
  return params.toString();
}

/** Read a hash back into a partial state; unknown or malformed parts are left out. */
export function readState(hash, branches = null) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state = {};
  if (params.get("m")) state.mode = params.get("m");
  if (params.get("u")) state.unit = params.get("u");
  if (params.get("s")) state.side = params.get("s");
  if (params.get("o") === "lr" || params.get("o") === "td") state.orientation = params.get("o");
  const view = (params.get("v") || "").split(",").map(Number);
  if (view.length === 3 && view.every(Number.isFinite) && view[2] > 0) state.view = { x: view[0], y: view[1], k: view[2] };
  const list = (name) => (params.get(name) || "").split(SEP).filter(Boolean);
  if (params.has("c") && branches) state.expanded = new Set([...branches].filter((key) => !list("c").includes(key)));
  else if (params.has("e")) state.expanded = new Set(list("e"));
  if (params.get("f") === "1") state.changedOnly = true;
  return state;
}
