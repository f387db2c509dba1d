// Timeline slider: moving it (mouse, touch or arrow keys) opens that step. The page passes each step's URL.

import { readJson } from "./strings.js";

/** Wire the slider inside `root` to the steps [{key, url, label}] the page lists. */
export function setUpTimeline(root, steps, win = window) {
  const slider = root.querySelector('input[type="range"]');
  const output = root.querySelector("[data-step-label]");
  if (!slider || !steps || steps.length === 0) return;
  const current = Number(slider.value);
  const show = (index) => {
    const step = steps[index];
    slider.setAttribute("aria-valuetext", step.label);
    if (output) output.textContent = `${index + 1} / ${steps.length}: ${step.label}`;
  };
  slider.addEventListener("input", () => show(Number(slider.value)));
  // "change" fires once a drag ends and on every arrow key, so dragging does not open each step it passes.
  slider.addEventListener("change", () => {
    const index = Number(slider.value);
    if (index !== current) win.location.assign(steps[index].url);
  });
  root.hidden = false;
}

const root = document.querySelector("[data-timeline]");
if (root) setUpTimeline(root, readJson("timeline-steps"));
