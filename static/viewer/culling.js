// DOM: SVG parts kept in the document only while they meet the drawn area, as render.js keeps boxes. A path
// is styled and painted whole wherever it lies, so a 10k chart's connectors and its long dashed lines, all in
// the document, had cost a second each time the chart was drawn anew.

function grow(bounds, x, y) {
  if (x < bounds.x0) bounds.x0 = x;
  if (y < bounds.y0) bounds.y0 = y;
  if (x > bounds.x1) bounds.x1 = x;
  if (y > bounds.y1) bounds.y1 = y;
}

/** Return the {x0, y0, x1, y1} bounds of [x, y] points, grown from `bounds` when given. */
export function boundsOf(points, bounds = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }) {
  for (const [x, y] of points) grow(bounds, x, y);
  return bounds;
}

/** Return the bounds of points given flat ([x0, y0, x1, y1, ...]), grown from `bounds` when given. */
export function boundsOfFlat(flat, bounds = boundsOf([])) {
  for (let i = 0; i < flat.length; i += 2) grow(bounds, flat[i], flat[i + 1]);
  return bounds;
}

/**
 * Return {set(parts), show(area)}. Parts are {bounds, parent, before, make}: `make()` builds the element when it
 * is first wanted, which goes into `parent` (ahead of `before`, when given) while its bounds meet `area`.
 */
export function createCulling() {
  let parts = [];

  function show(area) {
    for (const part of parts) {
      const { x0, y0, x1, y1 } = part.bounds;
      const wanted = x0 <= area.x1 && x1 >= area.x0 && y0 <= area.y1 && y1 >= area.y0;
      if (wanted && !part.element?.isConnected) {
        part.element ??= part.make();
        part.parent.insertBefore(part.element, part.before ?? null);
      } else if (!wanted && part.element?.isConnected) {
        part.element.remove();
      }
    }
  }

  // The parts are shown by the next `show`: a new scene is always drawn, and drawn after its layout's view.
  function set(next) {
    parts = next;
  }

  return { set, show };
}
