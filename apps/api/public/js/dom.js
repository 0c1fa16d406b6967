// Tiny DOM helpers: every text goes through textContent, never innerHTML, so API data cannot inject markup.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h('td', { class: 'num', 'data-kpi-id': id }, 'text', childNode) */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Replaces el's content, skipping null/undefined/false (the native append would print them as "null"). */
export function replace(el, ...children) {
  return append(clear(el), children);
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** Re-triggers a CSS animation class (e.g. the flash of an updated row). */
export function flash(el, className = 'flash') {
  el.classList.remove(className);
  void el.offsetWidth; // restart the animation
  el.classList.add(className);
}
