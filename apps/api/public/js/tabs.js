import { $ } from './dom.js';

/** The page's tab bar: a click or the arrow keys show a tab's panel and hide the others; onShow(tab) follows. */
export function bindTabs(onShow) {
  const tabs = [...document.querySelectorAll('.tabs [role=tab]')];
  const show = (tab) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(`#${t.getAttribute('aria-controls')}`).hidden = !selected;
    }
    onShow(tab);
  };
  tabs.forEach((tab, i) => {
    tab.onclick = () => show(tab);
    tab.onkeydown = (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      const next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      show(next);
    };
  });
}
