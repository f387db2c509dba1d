// Export: the whole chart, or the region in view, as a standalone SVG built from layout data (names as
// real text, Chinese included), and as a PNG drawn from that SVG at the screen's pixel density times
// the zoom (at least 2x), so it is as sharp as the screen. Boxes and lines carry the screen's text (posts, badges,
// change status, line type and qualifier). String building, reading the page only for its wording (text.js
// pageText), except toPng/download.

import { connect, roundedPath } from "./geometry.js";
import { placeLabels } from "./labels.js";
import { boxesIn } from "./layout.js";
import { pageText, shorten, WIDE, widthOf } from "./text.js";

const esc = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// Wide (CJK) characters count double when wrapping a name into the box. Lines break between words
// (and between CJK characters); only a word longer than a line is cut.

function wrap(text, perLine, maxLines) {
  const lines = [];
  let line = "";
  const tokens = String(text).match(/[\u2E80-\uFFEF]|[^\s\u2E80-\uFFEF]+/g) || [];
  for (const word of tokens) {
    const joined = line && !WIDE.test(word[0]) && !WIDE.test(line.at(-1)) ? `${line} ${word}` : line + word;
    if (widthOf(joined) <= perLine || !line) line = joined;
    else {
      lines.push(line);
      line = word;
    }
    while (widthOf(line) > perLine) {
      let cut = 0;
      while (widthOf(line.slice(0, cut + 1)) <= perLine) cut += 1;
      lines.push(line.slice(0, Math.max(1, cut)));
      line = line.slice(Math.max(1, cut));
    }
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

const num = (value) => Math.round(value * 100) / 100;
const HALO = 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

/** Return the small print of a box as on the screen: posts, badges, change status, as [{text, fill, bold}]. */
function metaOf(unit, helpers) {
  const parts = [];
  const posts = helpers.posts(unit);
  if (posts) parts.push({ text: posts, fill: "#1f2328", bold: false });
  if (unit.shared) parts.push({ text: `⇄ ${helpers.strings.shared}`, fill: "#0b4f8a", bold: true });
  if (unit.parent_unknown) parts.push({ text: `※ ${helpers.strings.placementUnknown}`, fill: "#7a4500", bold: true });
  if (unit.status) parts.push({ text: helpers.status(unit), fill: COLOURS[unit.status] || "#4d5359", bold: true });
  return parts;
}

/** Pack parts into rows of at most `room` narrow characters, " · " between parts; a part too long is cut. */
function rowsOf(parts, room) {
  const rows = [];
  for (const part of parts) {
    const text = shorten(part.text, room);
    const row = rows.at(-1);
    if (row && row.width + 3 + widthOf(text) <= room) {
      row.parts.push({ ...part, text });
      row.width += 3 + widthOf(text);
    } else rows.push({ parts: [{ ...part, text }], width: widthOf(text) });
  }
  return rows;
}

const tspans = (row) =>
  row.parts
    .map((p) => `<tspan fill="${p.fill}"${p.bold ? ' font-weight="700"' : ""}>${esc(p.text)}</tspan>`)
    .join('<tspan fill="#57606a"> · </tspan>');

/**
 * Return an SVG document of the laid-out chart; text(unit) gives {name, head}, and `helpers` (text.js textHelpers,
 * by default the page's) word the rest as the screen does: posts, badges, change status, line labels. With a region
 * {x, y, w, h} (layout units) the document shows that region alone and holds only the boxes that meet it; `notes`
 * (key -> text) adds a line at the foot of those boxes.
 */
export function chartSvg({ layout, units, lines = [], arrows = [], text, helpers = pageText(), title = "", region = null, notes = null }) {
  const r = region ? { x: num(region.x), y: num(region.y), w: num(region.w), h: num(region.h) } : null;
  const [vx, vy, vw, vh] = r ? [r.x, r.y, r.w, r.h] : [0, 0, layout.width, layout.height];
  const list = r ? boxesIn(layout, r) : layout.list;
  const shown = new Set(list.map((box) => box.key));
  const meets = (link) => !r || shown.has(link.from) || shown.has(link.to);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${vw}" height="${vh}" viewBox="${vx} ${vy} ${vw} ${vh}" font-family="Noto Sans, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#6a3fa0"/></marker></defs>`,
    `<rect x="${vx}" y="${vy}" width="${vw}" height="${vh}" fill="#ffffff"/>`,
    `<path d="${layout.links.filter(meets).map((link) => roundedPath(link.points)).join("")}" fill="none" stroke="#737b85" stroke-width="1.5"/>`,
  ];
  const rect = (b) => ({ left: b.x, top: b.y, width: b.w, height: b.h });
  const ends = (link) => [layout.boxes.get(link.from), layout.boxes.get(link.to)];
  const drawn = lines.flatMap((line) => {
    const [from, to] = ends(line);
    if (!from || !to || from === to || !meets(line)) return [];
    return [{ line, curve: connect(rect(from), rect(to)), label: helpers.lineLabel(line) }];
  });
  // As on screen, a label with no free room is left out (a static picture has no active line to show it on).
  const places = placeLabels(drawn.map((one) => ({ text: one.label, spots: one.curve.spots })), layout.list);
  drawn.forEach(({ line, curve, label }, index) => {
    const place = places[index];
    const labelText = place.crowded
      ? ""
      : `<text x="${num(place.x)}" y="${num(place.y)}" text-anchor="middle" dominant-baseline="middle" font-size="11" font-weight="600" fill="#4b2a78" ${HALO}>${esc(label)}</text>`;
    out.push(
      `<g class="line"><title>${esc(helpers.lineTitle(line))}</title><path d="${curve.d}" fill="none" stroke="#6a3fa0" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#a)"/>${labelText}</g>`,
    );
  });
  for (const arrow of arrows) {
    const [from, to] = ends(arrow);
    if (!from || !to || from === to || !meets(arrow)) continue;
    out.push(`<path d="${connect(rect(from), rect(to)).d}" fill="none" stroke="#6a3fa0" stroke-width="1.5" marker-end="url(#a)"/>`);
  }
  for (const box of list) {
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
    if (head) {
      out.push(`<text x="${cx}" y="${y + 2}" text-anchor="middle" font-size="11" fill="#57606a">${esc(wrap(head, Math.floor(box.w / 6.5), 1)[0])}</text>`);
      y += 16;
    } else y -= 2;
    const note = notes?.get(box.key);
    const last = box.y + box.h - (note ? 21 : 6);
    for (const row of rowsOf(metaOf(unit, helpers), Math.floor(box.w / 6))) {
      if (y > last) break;
      out.push(`<text x="${cx}" y="${y}" text-anchor="middle" font-size="10">${tspans(row)}</text>`);
      y += 12;
    }
    if (note) out.push(`<text x="${cx}" y="${box.y + box.h - 9}" text-anchor="middle" font-size="11" font-weight="700" fill="#0b57d0">${esc(note)}</text>`);
    out.push("</g>");
  }
  out.push("</svg>");
  return out.join("\n");
}

// Browsers refuse canvases past about 16k pixels a side or a few hundred megapixels.
const MAX_SIDE = 16384;
const MAX_AREA = 120e6;

/** Return the PNG scale for a w x h picture: the wanted one, lowered only as far as canvases allow. */
export function pngScale(w, h, wanted) {
  return Math.min(wanted, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_AREA / (w * h)));
}

/** Draw an SVG string on a canvas at `scale` and resolve to a PNG blob. */
export function svgToPng(svg, width, height, scale = 2) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    // A data: URL, not a blob: one, because the site's Content Security Policy allows img-src data: only.
    const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
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

/**
 * Download the chart as "svg" or "png"; with a region, only that region (the current view). The PNG is
 * drawn at `scale` (the caller passes the screen's pixel ratio times the zoom). Resolve to the SVG text.
 */
export async function exportChart(kind, { filename, scale = 2, ...chart }) {
  const svg = chartSvg(chart);
  const name = chart.region ? `${filename}-view` : filename;
  const { w, h } = chart.region || { w: chart.layout.width, h: chart.layout.height };
  if (kind === "svg") download(new Blob([svg], { type: "image/svg+xml" }), `${name}.svg`);
  else download(await svgToPng(svg, w, h, pngScale(w, h, scale)), `${name}.png`);
  return svg;
}
