// Pure: place line labels so none covers another label or a unit's box. Each label takes the first of its
// spots that is free; a label with no free spot is marked crowded (drawn only while its line is active).

import { widthOf } from "./text.js";

const CELL = 64;
const HALF_WIDTH = 6.2; // px per half-width character of the 11 px bold label font (a CJK character is two)
const HEIGHT = 14;

// A cell's number: columns times a span of rows (a row is CELL px, so a chart may be 4 million px tall).
const cellOf = (i, j) => i * 131072 + j + 65536;

function eachCell(r, visit) {
  for (let i = Math.floor(r.x / CELL); i <= Math.floor((r.x + r.w) / CELL); i += 1) {
    for (let j = Math.floor(r.y / CELL); j <= Math.floor((r.y + r.h) / CELL); j += 1) visit(cellOf(i, j));
  }
}

const meets = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Place labels [{text, spots: [{x, y}]}] (centred on a spot) among `boxes` [{x, y, w, h}]; return, for each
 * label in order, {x, y, crowded}.
 */
export function placeLabels(labels, boxes) {
  const candidates = labels.map(({ text, spots }) => {
    const w = widthOf(text) * HALF_WIDTH + 4;
    return spots.map((spot) => ({ spot, rect: { x: spot.x - w / 2, y: spot.y - HEIGHT / 2, w, h: HEIGHT } }));
  });
  // Only the cells a label may take hold boxes: a 10k chart has thousands of boxes and a few dozen labels.
  const cells = new Map();
  const columns = new Set(); // of those cells, so most boxes are passed over before their cells are looked up
  for (const { rect } of candidates.flat()) {
    eachCell(rect, (cell) => cells.set(cell, []));
    for (let i = Math.floor(rect.x / CELL); i <= Math.floor((rect.x + rect.w) / CELL); i += 1) columns.add(i);
  }
  const add = (rect) =>
    eachCell(rect, (cell) => {
      cells.get(cell)?.push(rect);
    });
  for (const box of boxes) {
    for (let i = Math.floor(box.x / CELL); i <= Math.floor((box.x + box.w) / CELL); i += 1) {
      if (columns.has(i)) {
        add(box);
        break;
      }
    }
  }
  const free = (rect) => {
    let clear = true;
    eachCell(rect, (cell) => {
      if (clear && cells.get(cell).some((other) => meets(rect, other))) clear = false;
    });
    return clear;
  };
  return candidates.map((spots) => {
    const place = spots.find(({ rect }) => free(rect));
    if (!place) return { x: spots[0].spot.x, y: spots[0].spot.y, crowded: true };
    add(place.rect);
    return { x: place.spot.x, y: place.spot.y, crowded: false };
  });
}
