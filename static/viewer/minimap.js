// DOM: a small overview of a large chart in the viewport's corner; the frame shows what is in view,
// and pressing or dragging on it moves the view there. Computes no layout.

import { whenIdle } from "./idle.js";

const SIZE = { w: 180, h: 120 };

/** Add a minimap to a viewport; return {draw(layout, view), hide()}. */
export function createMinimap(viewport, { label, onJump }) {
  const canvas = document.createElement("canvas");
  canvas.className = "chart__minimap";
  canvas.width = SIZE.w * 2;
  canvas.height = SIZE.h * 2;
  canvas.setAttribute("aria-hidden", "true");
  canvas.title = label;
  canvas.hidden = true;
  viewport.append(canvas);
  let scale = 1;

  function jump(event) {
    const rect = canvas.getBoundingClientRect();
    const [x, y] = [event.clientX - rect.left - canvas.clientLeft, event.clientY - rect.top - canvas.clientTop];
    onJump(x / scale, y / scale);
  }
  canvas.addEventListener("pointerdown", (event) => {
    event.stopPropagation();
    canvas.setPointerCapture?.(event.pointerId);
    jump(event);
    const move = (e) => jump(e);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", () => canvas.removeEventListener("pointermove", move), { once: true });
  });

  // The boxes are painted once per layout into a picture of their own; moving the view repaints only the frame.
  let painted = null;
  let picture = null;

  // Boxes are marked on a bitmap of the picture's pixels, then put at once: at a 10k chart's scale each box is
  // under a pixel, and filling 10k rectangles took 15 ms of every layout.
  function paintBoxes(layout) {
    picture ??= document.createElement("canvas");
    picture.width = canvas.width;
    picture.height = canvas.height;
    const { width, height } = picture;
    const image = new ImageData(width, height);
    const pixels = new Uint32Array(image.data.buffer);
    const colour = new Uint32Array(new Uint8ClampedArray([0x8c, 0x95, 0x9f, 0xff]).buffer)[0];
    const k = scale * 2;
    for (const box of layout.list) {
      const x0 = Math.min(width - 1, Math.floor(box.x * k));
      const y0 = Math.min(height - 1, Math.floor(box.y * k));
      const x1 = Math.min(width, Math.max(x0 + 1, Math.round((box.x + box.w) * k)));
      const y1 = Math.min(height, Math.max(y0 + 1, Math.round((box.y + box.h) * k)));
      for (let y = y0; y < y1; y += 1) pixels.fill(colour, y * width + x0, y * width + x1);
    }
    picture.getContext("2d").putImageData(image, 0, 0);
    painted = layout;
  }

  // A new layout's picture is painted once the page is idle: the chart's own change is drawn first, and marking a
  // 10k chart's boxes took 6 ms of a collapse. Until then the overview shows the layout before.
  let waiting = null;

  /** Draw the overview of `layout` with the frame of `view`; `size` is the viewport's {w, h}. */
  function draw(layout, view, size = { w: viewport.clientWidth, h: viewport.clientHeight }) {
    const big = layout.list.length > 40 || layout.width * view.k > size.w * 2;
    canvas.hidden = !big;
    if (!big) return;
    if (painted !== layout && painted !== null) {
      if (!waiting) whenIdle(drawWaiting, 200);
      waiting = { layout, view, size };
      return;
    }
    waiting = null;
    drawNow(layout, view, size);
  }

  function drawWaiting() {
    if (!waiting) return;
    const { layout, view, size } = waiting;
    waiting = null;
    drawNow(layout, view, size);
  }

  function drawNow(layout, view, size) {
    scale = Math.min(SIZE.w / layout.width, SIZE.h / layout.height);
    if (painted !== layout) paintBoxes(layout);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(picture, 0, 0);
    ctx.setTransform(2, 0, 0, 2, 0, 0);
    ctx.strokeStyle = "#0b57d0";
    ctx.lineWidth = 1.5;
    ctx.strokeRect(
      (-view.x / view.k) * scale,
      (-view.y / view.k) * scale,
      (size.w / view.k) * scale,
      (size.h / view.k) * scale,
    );
  }

  return { draw };
}
