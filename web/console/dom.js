/**
 * Building the page without innerHTML: `h(tag, props, ...children)` makes an element whose text
 * always goes in as text. Labels are named by locale key (`i18n`, `i18nAria`, `i18nPlaceholder`,
 * `i18nTitle`, with `i18nVars`), so one `applyLocale(root)` relabels a built screen in place.
 */
let translate = (key) => key;

export function setTranslator(t) {
  translate = t;
}

const I18N_PROPS = { i18n: null, i18nAria: 'aria-label', i18nPlaceholder: 'placeholder', i18nTitle: 'title' };

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  setProps(el, props ?? {});
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) if (value != null) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

function setProps(el, props) {
  const vars = props.i18nVars;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false || name === 'i18nVars') continue;
    if (name in I18N_PROPS) {
      const attribute = I18N_PROPS[name];
      el.dataset[name] = value;
      if (attribute) el.setAttribute(attribute, translate(value, vars));
      else el.textContent = translate(value, vars);
    } else if (name === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'value') el.value = value;
    else if (name === 'checked' || name === 'selected') el[name] = Boolean(value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Relabels every element built with i18n props under `root` in the current language. */
export function applyLocale(root) {
  for (const [name, attribute] of Object.entries(I18N_PROPS)) {
    const selector = `[data-${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}]`;
    for (const el of root.querySelectorAll(selector)) {
      const vars = el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : undefined;
      const text = translate(el.dataset[name], vars);
      if (attribute) el.setAttribute(attribute, text);
      else el.textContent = text;
    }
  }
}

/** Changes an element's label key (and placeholder values) and shows it now. */
export function relabel(el, key, vars) {
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  el.textContent = translate(key, vars);
}
