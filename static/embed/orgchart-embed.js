// orgchart script-tag embed: turns each element carrying data-orgchart-snapshot (a chart) or
// data-orgchart-before + data-orgchart-after (a comparison) into an iframe of orgchart's embed page,
// served from the same place as this script, and keeps the iframe as tall as its content.
//
//   <div data-orgchart-snapshot="peace-security-2017-proposed" data-orgchart-lang="en"></div>
//   <script src="https://ORGCHART-HOST/static/embed/orgchart-embed.js" defer></script>
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src, document.baseURI).origin;
  const LANGUAGES = ["en", "zh-hans"];
  const frames = new Map();

  function embedUrl(element) {
    const data = element.dataset;
    const language = LANGUAGES.includes(data.orgchartLang) ? data.orgchartLang : "en";
    if (data.orgchartSnapshot) {
      return `${origin}/${language}/embed/snapshots/${encodeURIComponent(data.orgchartSnapshot)}/`;
    }
    if (data.orgchartBefore && data.orgchartAfter) {
      const query = new URLSearchParams({ before: data.orgchartBefore, after: data.orgchartAfter });
      return `${origin}/${language}/embed/compare/?${query}`;
    }
    return null;
  }

  function mount(element) {
    const src = embedUrl(element);
    if (!src || element.querySelector("iframe.orgchart-embed")) return;
    const frame = document.createElement("iframe");
    frame.className = "orgchart-embed";
    frame.src = src;
    frame.title = element.dataset.orgchartTitle || "orgchart";
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.width = "100%";
    frame.height = String(Number.parseInt(element.dataset.orgchartHeight, 10) || 600);
    frame.style.border = "0";
    element.replaceChildren(frame);
    frames.set(frame.contentWindow, frame);
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || !event.data || event.data.type !== "orgchart:height") return;
    const frame = frames.get(event.source);
    const height = Number(event.data.height);
    if (frame && Number.isFinite(height) && height > 0) frame.height = String(Math.min(height, 20000));
  });

  const selector = "[data-orgchart-snapshot], [data-orgchart-before][data-orgchart-after]";
  const start = () => document.querySelectorAll(selector).forEach(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
