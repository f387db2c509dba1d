// Fill the details panel: a unit or a change, what happened to it, its sources, its counterparts.
// Everything is built with textContent: names and summaries come from data and may hold markup.

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function statusLabel(status, text) {
  const wrapper = element("span", `details__status change--${status}`);
  wrapper.append(element("span", "status-label", text));
  return wrapper;
}

function citationLinks(citations, chinese) {
  return citations.map((citation) => {
    const link = element("a", "citation", `${citation.document} ¶${citation.paragraph}`);
    link.href = chinese ? citation.url_zh || citation.url : citation.url || citation.url_zh;
    link.rel = "noopener";
    return link;
  });
}

function changeItem(change, { strings, chinese }) {
  const item = element("li", `details__change change--${change.type}`);
  item.append(statusLabel(change.type, change.label), element("p", "details__text", change.text));
  if (change.citations && change.citations.length) {
    const sources = element("p", "details__sources", `${strings.sources}: `);
    citationLinks(change.citations, chinese).forEach((link, index) => {
      if (index) sources.append(", ");
      sources.append(link);
    });
    item.append(sources);
  }
  return item;
}

function counterpartList(counterparts, strings) {
  const section = element("div", "details__counterparts");
  section.append(element("h3", "", strings.counterparts));
  const list = element("ul");
  for (const { side, key, name } of counterparts) {
    const button = element("button", "details__counterpart", name);
    button.type = "button";
    button.dataset.side = side;
    button.dataset.key = key;
    const item = element("li");
    item.append(button);
    list.append(item);
  }
  section.append(list);
  return section;
}

function closeButton(strings) {
  const button = element("button", "details__close", "×");
  button.type = "button";
  button.setAttribute("aria-label", strings.close);
  button.title = strings.close;
  return button;
}

function fill(panel, heading, changes, counterparts, context) {
  heading.append(closeButton(context.strings));
  const body = [heading];
  if (changes.length) {
    const list = element("ul", "details__changes");
    list.append(...changes.map((change) => changeItem(change, context)));
    body.push(list);
  } else {
    body.push(element("p", "details__empty", context.strings.noChange));
  }
  if (counterparts.length) body.push(counterpartList(counterparts, context.strings));
  panel.replaceChildren(...body);
  panel.hidden = false;
}

/** Show one unit: its name and status, every change that names it, and its counterparts. */
export function showUnit(panel, { name, status, changes, counterparts }, context) {
  const heading = element("header", "details__header");
  heading.append(element("h2", "details__title", name));
  if (status) heading.append(statusLabel(status, context.strings.statuses[status] || status));
  fill(panel, heading, changes, counterparts, context);
}

/** Show one change from the list: which units it joins, what it says and where it is written. */
export function showChange(panel, { title, change, counterparts }, context) {
  const heading = element("header", "details__header");
  heading.append(element("h2", "details__title", title));
  fill(panel, heading, [change], counterparts, context);
}

/** Empty and hide the panel. */
export function clearDetails(panel) {
  panel.replaceChildren();
  panel.hidden = true;
}
