// The park-program modules of one layout: at most one is open at a time, in a panel of its
// own; it may take clicks on the map (a point, a feature, one of its markers) while open.
import { modulesFor } from "../roles.js";
import { h, fill } from "../ui/dom.js";
import { CarbonModule } from "./carbon.js";
import { CleanerProductionModule } from "./cleanerProduction.js";
import { JointWarningModule } from "./jointWarning.js";
import { MaterialsModule } from "./materials.js";
import { OutfallsModule } from "./outfalls.js";
import { TicketsModule } from "./tickets.js";
import { VocFenceModule } from "./vocFence.js";

const MODULES = {
  tickets: TicketsModule,
  carbon: CarbonModule,
  outfalls: OutfallsModule,
  cleaner: CleanerProductionModule,
  voc: VocFenceModule,
  materials: MaterialsModule,
  joint: JointWarningModule,
};

export class ModuleHost {
  /**
   * `context`: {map, tiles, overlays, highlight, catalog, role, user, scale}; `parent` is where
   * the module panel lives; `onShow(root)` / `onHide(root)` let the layout place it.
   */
  constructor(parent, context, { onShow = () => {}, onHide = () => {} } = {}) {
    this.context = context;
    this.ids = modulesFor(context.role).filter((id) => MODULES[id]);
    this.root = parent.appendChild(h("aside", { class: "panel module-panel", hidden: true, "aria-live": "polite" }));
    this.onShow = onShow;
    this.onHide = onHide;
    this.active = null;
    this.listeners = new Set();
    context.overlays.on("pick", (e) => this._pick(e));
  }

  /** Open a module (closing the one open); `args` say what to show first (a unit, an enterprise…). */
  open(id, args = {}) {
    if (!this.ids.includes(id)) return null;
    if (this.active?.id === id) {
      this.active.module.show(args);
      this.onShow(this.root);
      return this.active.module;
    }
    this.close();
    fill(this.root);
    this.root.dataset.module = id;
    const module = new MODULES[id]({ ...this.context, root: this.root, host: this });
    this.active = { id, module };
    this.root.hidden = false;
    module.show(args);
    this.onShow(this.root);
    this._changed();
    return module;
  }

  close() {
    if (!this.active) return;
    this.active.module.destroy();
    this.active = null;
    this.root.hidden = true;
    delete this.root.dataset.module;
    fill(this.root);
    this.onHide(this.root);
    this._changed();
  }

  /**
   * A click on a catalog feature: the open module may take it; true when it did. A module
   * that asks for a place (nearest materials, joint warning) takes the point clicked instead.
   */
  takeFeature(feature) {
    const module = this.active?.module;
    if (!module) return false;
    if (module.takeFeature?.(feature)) return true;
    if (module.takeMapClick && feature.latlng && module.takeMapClick(feature.latlng)) {
      this.taken = feature.originalEvent ?? null;
      return true;
    }
    return false;
  }

  /** A click on the map: the open module may take the point; true when it did. */
  takeMapClick(latlng, originalEvent) {
    // the same click already reached the module as a feature click
    if (originalEvent && originalEvent === this.taken) return true;
    return Boolean(this.active?.module.takeMapClick?.(latlng));
  }

  /** Call `listener(activeId)` whenever a module opens or closes. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  _changed() {
    for (const listener of this.listeners) listener(this.active?.id ?? null);
  }

  /** A program marker was clicked: its module opens on that feature. */
  _pick({ overlay, feature }) {
    this.open(overlay.module, { overlay: overlay.id, feature });
  }
}
