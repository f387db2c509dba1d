// Inside an embed iframe: open links to other pages in a new tab, and tell the embedding page our height.

const isEmbedded = window.parent !== window;

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || !isEmbedded || link.getAttribute("href").startsWith("#")) return;
  link.target = "_blank";
  link.rel = "noopener";
});

function postHeight() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  // The height is not a secret, so any embedding origin may read it; orgchart-embed.js checks who sent it.
  window.parent.postMessage({ type: "orgchart:height", height }, "*");
}

if (isEmbedded) {
  new ResizeObserver(postHeight).observe(document.body);
  postHeight();
}
