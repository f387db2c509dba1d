// DOM: the language switch keeps the view. The language is in the path (/en/, /zh-hans/) and the view in the
// hash (permalink.js), which the server never sees; so a language link takes on this page's query and hash as
// it is followed, opened in a new tab or copied. With JS off the server-written links still keep the query.

/** Give a language link the address's current query and hash. */
function carryView(link) {
  const url = new URL(link.href);
  url.search = location.search;
  url.hash = location.hash;
  link.href = url.href;
}

// The viewer rewrites the hash as the view changes (history.replaceState, which fires no event), so the
// links are brought up to date just before they are used: pressed by any button, focused or right-clicked.
const languageSwitch = document.querySelector(".language-switch");
for (const type of ["pointerdown", "focusin", "click", "contextmenu"]) {
  languageSwitch?.addEventListener(type, (event) => {
    const link = event.target.closest("a[data-language]");
    if (link) carryView(link);
  });
}
