// Pure: split a drawn chart into printed pages that each fit a sheet at a legible scale, cutting only
// between subtrees, never through a box. A subtree that fits is one page; one that does not becomes a
// page of the unit with its children folded, and each child with children of its own continues on
// later pages. Units with no stated place get pages of their own.

import { layoutTree } from "./layout.js";

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Return the pages [{parent, keys, layout, continued: [keys]}] of a tree with this expanded set: each page
 * shows the subtrees of `keys` (children of `parent`, or roots when it is null), whole, or with their
 * children folded when `continued` lists the ones that go on later pages. maxWidth and maxHeight are a
 * page's size in layout units; other options go to layoutTree.
 */
export function paginate(tree, expanded, { maxWidth, maxHeight, ...options }) {
  const fits = (layout) => layout.width <= maxWidth && layout.height <= maxHeight;
  const lay = (roots, open, extra = {}) => layoutTree({ roots }, open, { ...options, ...extra });
  const keysOf = (nodes) => nodes.map((node) => node.key);
  const whole = lay(tree.roots, expanded);
  if (fits(whole)) return [{ parent: null, keys: keysOf(tree.roots), layout: whole, continued: [] }];

  // How many folded boxes a page holds, in a row and down, once the layout stacks them in columns.
  const { width = 208, height = 92, gapBreadth = 24, gapDepth = 60, compactIndent = 24, compactGap = 12 } = options;
  const lr = options.orientation === "lr";
  const [across, down] = lr ? [height, width] : [width, height];
  const perRow = Math.max(1, Math.floor(((lr ? maxHeight : maxWidth) - 64) / (across + compactIndent + gapBreadth)));
  const rows = Math.max(1, Math.floor(((lr ? maxWidth : maxHeight) - 64 - down - gapDepth) / (down + compactGap)));
  const pages = [];
  const hasOwn = (node) => expanded.has(node.key) && node.children.length > 0;

  // Put whole subtrees side by side on a page while they fit; a subtree too big for a page is split.
  function group(nodes, parent) {
    let held = [];
    let layout = null;
    const flush = () => {
      if (held.length) pages.push({ parent, keys: keysOf(held), layout, continued: [] });
      held = [];
    };
    for (const node of nodes) {
      const alone = lay([node], expanded);
      if (!fits(alone)) {
        flush();
        split(node);
        continue;
      }
      const together = held.length ? lay([...held, node], expanded) : alone;
      if (!fits(together)) flush();
      layout = held.length ? together : alone;
      held.push(node);
    }
    flush();
  }

  // A page of the unit with its children folded (in groups if there are too many), then its children.
  function split(node) {
    const open = new Set([node.key]);
    const folded = { compactAt: Math.min(perRow + 1, options.compactAt || 20) };
    const overview = lay([node], open, folded);
    const groups = fits(overview) ? [node.children] : chunks(node.children, perRow * rows);
    for (const children of groups) {
      const layout = groups.length > 1 ? lay([{ ...node, children }], open, folded) : overview;
      pages.push({ parent: node.parent?.key ?? null, keys: [node.key], layout, continued: keysOf(children.filter(hasOwn)) });
    }
    group(node.children.filter(hasOwn), node.key);
  }

  const trees = tree.roots.filter(hasOwn);
  group([...trees, ...tree.roots.filter((root) => !hasOwn(root))], null);
  return pages;
}
