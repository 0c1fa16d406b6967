import { $ } from './dom.js';
import { DataSourcesView } from './data-sources-view.js';
import { TwinExplorerView } from './twin-explorer-view.js';

/**
 * The engineers' views behind their own tabs: built on first show, paused (timers stopped) while hidden.
 * `show(tabId)` is called for every tab change, including to the scorecard's own tabs.
 */
export class WorkspaceViews {
  constructor({ request, onError }) {
    this.factories = {
      'tab-twin': () => new TwinExplorerView($('#twin-explorer'), { request, onError }),
      'tab-sources': () => new DataSourcesView($('#data-sources'), { request, onError }),
    };
    this.views = new Map();
  }

  show(tabId) {
    for (const [id, view] of this.views) if (id !== tabId) view.pause();
    const make = this.factories[tabId];
    if (!make) return;
    if (!this.views.has(tabId)) this.views.set(tabId, make());
    void this.views.get(tabId).resume();
  }

  stop() {
    for (const view of this.views.values()) view.pause();
    this.views.clear();
  }
}
