// Pure: place line labels so none covers another label or a unit's box. Each label takes the first of its
// spots that is free; a label with no free spot is marked crowded (drawn only while its line is active).

import { widthOf } from "./text.js";

const CELL = 64;
const HALF_WIDTH = 6.2; // px per half-width character of the 11 px bold label font (a CJK character is two)
const HEIGHT = 14;

// Rectangles {x, y, w, h} in cells of a grid, so a check looks only at its neighbours.
function createGrid() {
  const cells = new Map();
  const keysOf = (r) => {
    const keys = [];
    for (let i = Math.floor(r.x / CELL); i <= Math.floor((r.x + r.w) / CELL); i += 1) {
      for (let j = Math.floor(r.y / CELL); j <= Math.floor((r.y + r.h) / CELL); j += 1) keys.push(`${i},${j}`);
    }
    return keys;
  };
  const meets = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  return {
    add(rect) {
      for (const key of keysOf(rect)) {
        if (!cells.has(key)) cells.set(key, []);
        cells.get(key).push(rect);
      }
    },
    free(rect) {
      return keysOf(rect).every((key) => !(cells.get(key) || []).some((other) => meets(rect, other)));
    },
  };
}

/**
 * Place labels [{text, spots: [{x, y}]}] (centred on a spot) among `boxes` [{x, y, w, h}]; return, for each
 * label in order, {x, y, crowded}.
 */
export function placeLabels(labels, boxes) {
  const grid = createGrid();
  for (const box of boxes) grid.add(box);
  return labels.map(({ text, spots }) => {
    const w = widthOf(text) * HALF_WIDTH + 4;
    for (const spot of spots) {
      const rect = { x: spot.x - w / 2, y: spot.y - HEIGHT / 2, w, h: HEIGHT };
      if (grid.free(rect)) {
        grid.add(rect);
        return { x: spot.x, y: spot.y, crowded: false };
      }
    }
    return { x: spots[0].x, y: spots[0].y, crowded: true };
  });
}
