// Pure: the merged compare view. Two trees' unit rows + the compare result -> the union of both
// trees keyed by unit key (after's structure wins), each unit with one status, succession arrows
// old -> new, the "changed only" filter and the plan of the before -> after morph.

const QUIET = new Set(["unchanged", "not_described", "same_unit", ""]);

/** Return true when a status is a real change (not unchanged / not described). */
export function isChange(status) {
  return !QUIET.has(status || "");
}

function statusOf(compare, key, inBefore, inAfter) {
  const before = inBefore ? compare.sides.before[key] || "" : "";
  const after = inAfter ? compare.sides.after[key] || "" : "";
  return isChange(after) || !isChange(before) ? after || before : before;
}

/** Return {units, arrows}: units as rows {key, parent, status, presence: both|before|after, ...data}. */
export function mergeTrees(beforeUnits, afterUnits, compare) {
  const before = new Map(beforeUnits.map((unit) => [unit.key, unit]));
  const after = new Map(afterUnits.map((unit) => [unit.key, unit]));
  const units = [];
  for (const unit of afterUnits) {
    const presence = before.has(unit.key) ? "both" : "after";
    units.push({ ...unit, presence, status: statusOf(compare, unit.key, before.has(unit.key), true) });
  }
  for (const unit of beforeUnits) {
    if (after.has(unit.key)) continue;
    units.push({ ...unit, presence: "before", status: statusOf(compare, unit.key, true, false) });
  }
  return { units: treeOrder(units), arrows: successionArrows(compare, before, after) };
}

// Parents before children, so the rows read like the API's tree order.
function treeOrder(units) {
  const children = new Map();
  const keys = new Set(units.map((unit) => unit.key));
  for (const unit of units) {
    const parent = keys.has(unit.parent) ? unit.parent : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push({ ...unit, parent });
  }
  const ordered = [];
  const stack = [...(children.get(null) || [])].reverse();
  while (stack.length) {
    const unit = stack.pop();
    ordered.push(unit);
    stack.push(...[...(children.get(unit.key) || [])].reverse());
  }
  return ordered;
}

/** Return one arrow {from, to, type, change} per old -> new pair the changes name (first change wins), keys differing. */
export function successionArrows(compare, before = null, after = null) {
  const arrows = [];
  const seen = new Set();
  compare.changes.forEach((change, index) => {
    for (const from of change.from || []) {
      for (const to of change.to || []) {
        if (from === to || seen.has(`${from}\n${to}`)) continue;
        seen.add(`${from}\n${to}`);
        if (before && !before.has(from)) continue;
        if (after && !after.has(to)) continue;
        arrows.push({ from, to, type: change.type, change: index });
      }
    }
  });
  return arrows;
}

/** Keep the changed units and every ancestor they need to stay in place; return the kept rows. */
export function changedOnly(units) {
  const byKey = new Map(units.map((unit) => [unit.key, unit]));
  const keep = new Set();
  for (const unit of units) {
    if (!isChange(unit.status)) continue;
    for (let at = unit; at && !keep.has(at.key); at = byKey.get(at.parent)) keep.add(at.key);
  }
  return units.filter((unit) => keep.has(unit.key));
}

/**
 * Plan the morph from the before layout to the after layout: every after box starts where its own key
 * or its first predecessor stood (else fades in); every before box whose key is gone fades out.
 * Return [{key, from: {x, y} | null, to: {x, y} | null}].
 */
export function morphPlan(beforeLayout, afterLayout, arrows) {
  const predecessor = new Map();
  for (const arrow of arrows) if (!predecessor.has(arrow.to)) predecessor.set(arrow.to, arrow.from);
  const at = (box) => (box ? { x: box.x, y: box.y } : null);
  const plan = [];
  for (const box of afterLayout.list) {
    const start = beforeLayout.boxes.get(box.key) || beforeLayout.boxes.get(predecessor.get(box.key));
    plan.push({ key: box.key, from: at(start), to: at(box) });
  }
  for (const box of beforeLayout.list) {
    if (!afterLayout.boxes.has(box.key)) plan.push({ key: box.key, from: at(box), to: null });
  }
  return plan;
}
