// Export: the whole chart as a standalone SVG built from layout data (names as real text, Chinese
// included), and as a PNG drawn from that SVG at 2x. Pure string building except toPng/download.

import { connect } from "./geometry.js";
import { roundedPath } from "./layout.js";

const esc = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// Wide (CJK) characters count double when wrapping a name into the box.
function wrap(text, perLine, maxLines) {
  const lines = [];
  let line = "";
  let width = 0;
  for (const char of String(text)) {
    const w = /[\u2E80-\uFFEF]/.test(char) ? 2 : 1;
    if (width + w > perLine && line) {
      lines.push(line);
      line = "";
      width = 0;
    }
    line += char;
    width += w;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1].slice(0, -1)}…`;
  }
  return lines;
}

const COLOURS = {
  merged: "#6b2fa3", split: "#a3246b", renamed: "#0b57d0", moved: "#8a5a00", created: "#1a7f37",
  abolished: "#cf222e", upgraded: "#116329", downgraded: "#9a6700",
};

/** Return an SVG document of the whole laid-out chart; text(unit) gives {name, head}. */
export function chartSvg({ layout, units, lines = [], arrows = [], text, title = "" }) {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="Noto Sans, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#6a3fa0"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<path d="${layout.links.map((link) => roundedPath(link.points)).join("")}" fill="none" stroke="#737b85" stroke-width="1.5"/>`,
  ];
  const rect = (b) => ({ left: b.x, top: b.y, width: b.w, height: b.h });
  for (const line of [...lines, ...arrows]) {
    const from = layout.boxes.get(line.from);
    const to = layout.boxes.get(line.to);
    if (!from || !to || from === to) continue;
    const dashed = "qualifier" in line ? ' stroke-dasharray="6 4"' : "";
    out.push(`<path d="${connect(rect(from), rect(to)).d}" fill="none" stroke="#6a3fa0" stroke-width="1.5"${dashed} marker-end="url(#a)"/>`);
  }
  for (const box of layout.list) {
    const unit = units.get(box.key);
    const { name, head } = text(unit);
    const colour = COLOURS[unit.status] || "#57606a";
    out.push(`<g data-key="${esc(box.key)}"><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="6" fill="#ffffff" stroke="${colour}" stroke-width="${unit.status && COLOURS[unit.status] ? 2.5 : 1}"/>`);
    const cx = box.x + box.w / 2;
    let y = box.y + 22;
    for (const part of wrap(name, Math.floor(box.w / 7.5), 2)) {
      out.push(`<text x="${cx}" y="${y}" text-anchor="middle" font-size="13" font-weight="700" fill="#1f2328">${esc(part)}</text>`);
      y += 17;
    }
    if (head) out.push(`<text x="${cx}" y="${y + 2}" text-anchor="middle" font-size="11" fill="#57606a">${esc(wrap(head, Math.floor(box.w / 6.5), 1)[0])}</text>`);
    out.push("</g>");
  }
  out.push("</svg>");
  return out.join("\n");
}

/** Draw an SVG string on a canvas at `scale` and resolve to a PNG blob. */
export function svgToPng(svg, width, height, scale = 2) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    // A data: URL, not a blob: one, because the site's Content Security Policy allows img-src data: only.
    const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(width * scale);
      canvas.height = Math.ceil(height * scale);
      const ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("png: empty canvas"))), "image/png");
    };
    image.onerror = () => reject(new Error("png: the SVG did not load"));
    image.src = url;
  });
}

/** Offer a blob as a file download. */
export function download(blob, filename) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Download the chart as "svg" or "png" (2x); resolve to the SVG text. */
export async function exportChart(kind, { filename, ...chart }) {
  const svg = chartSvg(chart);
  if (kind === "svg") download(new Blob([svg], { type: "image/svg+xml" }), `${filename}.svg`);
  else download(await svgToPng(svg, chart.layout.width, chart.layout.height, 2), `${filename}.png`);
  return svg;
}
