// What every program module shares: its panel, its overlays, requests that are aborted when
// the module closes, and a view stack so "back" returns to the list a detail came from.
import { onLangChange, t } from "../i18n.js";
import { h, fill } from "../ui/dom.js";
import { panelHeader } from "../ui/kit.js";

export class ProgramModule {
  constructor(context) {
    Object.assign(this, context);
    this.requests = new Set();
    this.undo = [];
    this.views = []; // [{render, title}] — the last one is on screen
    this.undo.push(onLangChange(() => this.rerender()));
    // overlays the module shows and hides again; one the user had on stays on
    this.ownOverlays = (this.constructor.overlays ?? []).filter((id) => !this.overlays.isShown(id));
    for (const id of this.ownOverlays) this.overlays.show(id);
  }

  /** The module's title key in text/programs.js. */
  get title() {
    return t(`module.${this.host.active?.id ?? this.constructor.id}`);
  }

  /** Open on `args` (from the menu: {}; from a marker: {overlay, feature}; from a card: {enterpriseId}). */
  show(args) {
    this.views = [];
    this.start(args);
  }

  /** Replace the panel with a view; `push` keeps the previous one for "back". */
  view(render, { push = false } = {}) {
    if (!push) this.views = [];
    this.views.push(render);
    this.rerender();
  }

  back() {
    if (this.views.length > 1) this.views.pop();
    this.rerender();
  }

  rerender() {
    const render = this.views[this.views.length - 1];
    if (!render) return;
    const body = h("div", { class: "module-body" });
    fill(
      this.root,
      panelHeader({
        kind: t("programs.menu"),
        title: this.title,
        onBack: this.views.length > 1 ? () => this.back() : null,
        onClose: () => this.host.close(),
      }),
      body,
    );
    render(body);
    this.root.scrollTop = 0;
  }

  /** Run `request(signal)`; the request is aborted if the module closes first. */
  async fetch(request) {
    const controller = new AbortController();
    this.requests.add(controller);
    try {
      return await request(controller.signal);
    } finally {
      this.requests.delete(controller);
    }
  }

  destroy() {
    for (const controller of this.requests) controller.abort();
    this.requests.clear();
    for (const undo of this.undo.splice(0)) undo();
    for (const id of this.ownOverlays) this.overlays.hide(id);
    this.stop?.();
  }
}
