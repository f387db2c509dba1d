// Pure: unit rows ({key, parent}) -> a hierarchy, paths to the root, depths and the visible nodes.
// No DOM. Errors are short and greppable: "duplicate: KEY", "missing: KEY", "cycle: KEY".
// A row may carry `held`: how many units are below it that the rows leave out (a page's head, data.js). Such a
// unit counts as having children, closed, until the rows that hold them replace these.

/**
 * Build {roots, byKey, size, total} from rows in any order; each node is {key, data, parent, children, depth, held}.
 * `total` counts the held-back units too.
 */
export function buildTree(rows) {
  const byKey = new Map();
  for (const row of rows) {
    if (byKey.has(row.key)) throw new Error(`duplicate: ${row.key}`);
    byKey.set(row.key, { key: row.key, data: row, parent: null, children: [], depth: 0, held: row.held || 0 });
  }
  const roots = [];
  for (const row of rows) {
    const node = byKey.get(row.key);
    if (row.parent == null) {
      roots.push(node);
      continue;
    }
    const parent = byKey.get(row.parent);
    if (!parent) throw new Error(`missing: ${row.parent}`);
    node.parent = parent;
    parent.children.push(node);
  }
  let reached = 0;
  let held = 0;
  const stack = roots.map((node) => [node, 0]);
  while (stack.length) {
    const [node, depth] = stack.pop();
    node.depth = depth;
    reached += 1;
    held += node.held;
    for (const child of node.children) stack.push([child, depth + 1]);
  }
  if (reached !== byKey.size) {
    const stuck = rows.find((row) => row.parent != null && !isReachable(byKey.get(row.key)));
    throw new Error(`cycle: ${stuck ? stuck.key : "?"}`);
  }
  return { roots, byKey, size: byKey.size, total: byKey.size + held };
}

function isReachable(node) {
  const seen = new Set();
  for (let at = node; at; at = at.parent) {
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return true;
}

/** Return the keys from the root down to this unit (itself last), or [] if it is not in the tree. */
export function pathTo(tree, key) {
  const path = [];
  for (let node = tree.byKey.get(key); node; node = node.parent) path.unshift(node.key);
  return path;
}

/** Return the keys of a unit's ancestors, nearest first. */
export function ancestorsOf(tree, key) {
  return pathTo(tree, key).slice(0, -1).reverse();
}

/** Return the depth of a unit (roots are 0), or -1 if it is not in the tree. */
export function depthOf(tree, key) {
  const node = tree.byKey.get(key);
  return node ? node.depth : -1;
}

/** Return whether a unit has units below it, listed or held back. */
export function hasChildren(node) {
  return node.children.length > 0 || node.held > 0;
}

/** Return the keys of every unit that has children (expand all). */
export function branchKeys(tree) {
  return new Set([...tree.byKey.values()].filter(hasChildren).map((node) => node.key));
}

/** Return the expanded set that shows levels 0..level-1 (level 1 = the roots alone). */
export function expandedToLevel(tree, level) {
  return new Set([...tree.byKey.values()].filter((n) => hasChildren(n) && n.depth < level - 1).map((n) => n.key));
}

/** Return the deepest level (1-based) of the tree. */
export function levelCount(tree) {
  let deepest = 0;
  for (const node of tree.byKey.values()) deepest = Math.max(deepest, node.depth + 1);
  return deepest;
}

/** Return the nodes shown when only the units in `expanded` show their children, in tree order. */
export function visibleNodes(tree, expanded) {
  const shown = [];
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const node = stack.pop();
    shown.push(node);
    if (expanded.has(node.key)) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
  }
  return shown;
}

/** Return how many units sit below a unit, held back ones included. */
export function descendantCount(node) {
  let count = node.held;
  const stack = [...node.children];
  while (stack.length) {
    const next = stack.pop();
    count += 1 + next.held;
    stack.push(...next.children);
  }
  return count;
}
