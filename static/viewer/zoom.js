// DOM: zoom and pan one viewport by wheel, mouse drag, touch (one finger pans, two pinch), and calls
// from buttons. Holds the view {x, y, k}; tells the caller on every change. Computes no layout.

const DRAG_THRESHOLD = 4;

/** Attach zoom and pan to a viewport; return {get, set, zoomBy, fit, centreOn, size}. */
export function createZoom(viewport, { onChange, min = 0.05, max = 3 }) {
  let view = { x: 0, y: 0, k: 1 };
  const pointers = new Map();
  let dragged = false;
  let pinch = null;

  const clamp = (k) => Math.min(max, Math.max(min, k));
  // The viewport's size as last laid out, kept by a ResizeObserver: reading clientWidth just after the page
  // changed (a search opening the outline) would make the browser lay the whole page out there and then.
  let measured = { w: 0, h: 0 };
  new ResizeObserver(() => {
    measured = { w: viewport.clientWidth, h: viewport.clientHeight };
  }).observe(viewport);
  /** Return the viewport's {w, h}; measured now only while it has no size yet (just drawn, or hidden). */
  function size() {
    if (!measured.w || !measured.h) return { w: viewport.clientWidth, h: viewport.clientHeight };
    return measured;
  }
  // The view moves only by transform: undo any scroll a focus or scrollIntoView gives the viewport.
  viewport.addEventListener("scroll", () => {
    viewport.scrollTop = 0;
    viewport.scrollLeft = 0;
  });

  // `user` marks the changes a person makes (wheel, drag, pinch, buttons), which a linked chart follows.
  function set(next, { silent = false, user = false } = {}) {
    const before = view;
    view = { x: next.x, y: next.y, k: clamp(next.k) };
    if (!silent) onChange(view, { before, user });
  }

  function zoomAt(factor, px, py) {
    const k = clamp(view.k * factor);
    const ratio = k / view.k;
    set({ x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio, k }, { user: true });
  }

  function spanOf(points) {
    const [a, b] = [...points.values()];
    return { distance: Math.hypot(a[0] - b[0], a[1] - b[1]), mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
  }

  function local(event) {
    const rect = viewport.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  viewport.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const [px, py] = local(event);
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), px, py);
    },
    { passive: false },
  );

  viewport.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest("button, a, .chart__minimap")) return;
    pointers.set(event.pointerId, local(event));
    dragged = false;
    if (pointers.size === 2) pinch = spanOf(pointers);
  });

  viewport.addEventListener("pointermove", (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    const now = local(event);
    if (pointers.size === 2 && pinch) {
      pointers.set(event.pointerId, now);
      const next = spanOf(pointers);
      // Scale by how far the fingers spread, and keep what was under their midpoint under it as it moves.
      if (pinch.distance > 0) {
        const k = clamp((view.k * next.distance) / pinch.distance);
        const ratio = k / view.k;
        const [mx, my] = pinch.mid;
        set({ x: next.mid[0] - (mx - view.x) * ratio, y: next.mid[1] - (my - view.y) * ratio, k }, { user: true });
      }
      pinch = next;
      dragged = true;
      return;
    }
    const dx = now[0] - last[0];
    const dy = now[1] - last[1];
    if (!dragged && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!dragged) viewport.setPointerCapture?.(event.pointerId);
    dragged = true;
    viewport.classList.add("is-panning");
    pointers.set(event.pointerId, now);
    set({ x: view.x + dx, y: view.y + dy, k: view.k }, { user: true });
  });

  const release = (event) => {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    if (!pointers.size) viewport.classList.remove("is-panning");
  };
  viewport.addEventListener("pointerup", release);
  viewport.addEventListener("pointercancel", release);
  // A drag ends with a click on whatever was under the pointer: swallow it so a pan never selects.
  viewport.addEventListener(
    "click",
    (event) => {
      if (dragged) {
        event.stopPropagation();
        event.preventDefault();
        dragged = false;
      }
    },
    true,
  );

  /** Scale and centre the rectangle {width, height} (layout units) in the viewport, never above 1. */
  function fit({ width, height }, padding = 16) {
    const w = size().w || 1;
    const h = size().h || 1;
    const k = clamp(Math.min((w - 2 * padding) / width, (h - 2 * padding) / height, 1));
    set({ x: (w - width * k) / 2, y: Math.max(padding, (h - height * k) / 2), k });
  }

  /** Put the layout point (x, y) at the middle of the viewport, at scale k (default: the current one). */
  function centreOn(x, y, k = view.k) {
    const kk = clamp(k);
    const { w, h } = size();
    set({ x: w / 2 - x * kk, y: h / 2 - y * kk, k: kk });
  }

  const zoomBy = (factor) => zoomAt(factor, size().w / 2, size().h / 2);
  return { get: () => ({ ...view }), set, zoomBy, fit, centreOn, size };
}
