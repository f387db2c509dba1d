// Shared by the floor and peer pages: fetch a tree from the API, time an action until it is painted.
export const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** Run `action`, wait until the browser has painted its result, return the milliseconds taken. */
export async function timed(action) {
  const start = performance.now();
  await action();
  await frames();
  return performance.now() - start;
}

export const params = new URLSearchParams(location.search);

export async function fetchUnits(key) {
  const response = await fetch(`/api/snapshots/${key}/tree/`);
  return (await response.json()).units;
}

/** Return {byKey, children, depth} indexes over flat units in tree order. */
export function index(units) {
  const children = new Map();
  for (const unit of units) {
    if (!children.has(unit.parent)) children.set(unit.parent, []);
    children.get(unit.parent).push(unit);
  }
  return { children };
}

/** The keys of units at levels below `levels` that have children: what "levels expanded" opens. */
export function expandedTo(units, levels, children) {
  return new Set(units.filter((u) => u.level < levels && children.has(u.key)).map((u) => u.key));
}

export function matches(units, query) {
  const q = query.toLowerCase();
  return units.filter((u) => u.name_en.toLowerCase().includes(q) || u.name_zh.includes(query));
}
