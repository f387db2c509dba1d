// DOM: play the morph from the before chart to the after chart inside a viewport: boxes that go
// fade out, boxes that come fade in, boxes that stay or succeed another move there (CSS transitions).
// Positions come from diff.morphPlan; this module only builds and moves the boxes.

const DURATION_MS = 900;

/** Play a morph plan in `layer` (emptied first); resolve when every box stands at its end. */
export function playMorph(layer, plan, { size, name, statusOf }) {
  const boxes = plan.map((step) => {
    const box = document.createElement("div");
    const start = step.from || step.to;
    box.className = `node node--morph change--${statusOf(step) || "unchanged"}`;
    box.dataset.key = step.key;
    box.dataset.phase = step.from && step.to ? "move" : step.to ? "enter" : "exit";
    box.style.width = `${size.w}px`;
    box.style.height = `${size.h}px`;
    box.style.transform = `translate(${start.x}px, ${start.y}px)`;
    box.style.opacity = step.from ? "1" : "0";
    const label = document.createElement("span");
    label.className = "node__name";
    label.textContent = name(step);
    box.append(label);
    if (step.to) {
      box.dataset.toX = String(step.to.x);
      box.dataset.toY = String(step.to.y);
    }
    return [box, step];
  });
  layer.replaceChildren(...boxes.map(([box]) => box));
  layer.classList.remove("is-running");
  // Read layout once so the start positions are painted before the transitions begin.
  void layer.offsetWidth;
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      layer.classList.add("is-running");
      for (const [box, step] of boxes) {
        if (step.to) {
          box.style.transform = `translate(${step.to.x}px, ${step.to.y}px)`;
          box.style.opacity = "1";
        } else {
          box.style.opacity = "0";
        }
      }
      setTimeout(resolve, DURATION_MS + 100);
    });
  });
}
