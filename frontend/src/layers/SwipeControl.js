// Swipe compare: a vertical divider the user drags across the map; the `left` layer shows to
// its left, the `right` layer to its right. Both layers are clipped in layer-pixel space, so
// the clip follows panning and zooming.
import L from "leaflet";

export const SwipeControl = L.Control.extend({
  options: {
    position: "bottomright",
    // where the divider starts, as a fraction of the map's width
    ratio: 0.5,
    // labels shown on each side of the divider (e.g. the two dates)
    leftLabel: "",
    rightLabel: "",
    // keyboard step, as a fraction of the width
    step: 0.02,
  },

  initialize(left, right, options) {
    L.setOptions(this, options);
    this._left = left;
    this._right = right;
    this._ratio = this.options.ratio;
  },

  onAdd(map) {
    const divider = L.DomUtil.create("div", "swipe-divider", map.getContainer());
    const handle = L.DomUtil.create("button", "swipe-handle", divider);
    handle.type = "button";
    handle.setAttribute("role", "slider");
    handle.setAttribute("aria-valuemin", "0");
    handle.setAttribute("aria-valuemax", "100");
    handle.textContent = "⇆";
    L.DomUtil.create("span", "swipe-label swipe-left", divider).textContent = this.options.leftLabel;
    L.DomUtil.create("span", "swipe-label swipe-right", divider).textContent = this.options.rightLabel;
    this._divider = divider;
    this._handle = handle;
    L.DomEvent.disableClickPropagation(divider);
    L.DomEvent.on(handle, "pointerdown", this._start, this);
    L.DomEvent.on(handle, "keydown", this._key, this);
    map.on("move zoom zoomend viewreset resize", this._update, this);
    for (const layer of [this._left, this._right]) layer.on("load tileload", this._update, this);
    this._update();
    // the control's own box in the corner stays empty: the divider is the control
    return L.DomUtil.create("div", "swipe-anchor");
  },

  onRemove(map) {
    map.off("move zoom zoomend viewreset resize", this._update, this);
    for (const layer of [this._left, this._right]) {
      layer.off("load tileload", this._update, this);
      const container = layer.getContainer?.();
      if (container) container.style.clipPath = "";
    }
    this._stop();
    this._divider.remove();
  },

  /** Move the divider to a fraction of the map's width. */
  setRatio(ratio) {
    this._ratio = Math.max(0, Math.min(1, ratio));
    this._update();
    return this;
  },

  getRatio() {
    return this._ratio;
  },

  _start(event) {
    L.DomEvent.preventDefault(event);
    this._handle.setPointerCapture?.(event.pointerId);
    L.DomEvent.on(document, "pointermove", this._drag, this);
    L.DomEvent.on(document, "pointerup pointercancel", this._stop, this);
    this._map.dragging?.disable();
  },

  _drag(event) {
    const box = this._map.getContainer().getBoundingClientRect();
    this.setRatio((event.clientX - box.left) / box.width);
  },

  _stop() {
    L.DomEvent.off(document, "pointermove", this._drag, this);
    L.DomEvent.off(document, "pointerup pointercancel", this._stop, this);
    this._map?.dragging?.enable();
  },

  _key(event) {
    const step = { ArrowLeft: -this.options.step, ArrowRight: this.options.step }[event.key];
    if (step === undefined) return;
    L.DomEvent.preventDefault(event);
    this.setRatio(this._ratio + step);
  },

  _update() {
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    const x = Math.round(size.x * this._ratio);
    this._divider.style.left = `${x}px`;
    this._handle.setAttribute("aria-valuenow", String(Math.round(this._ratio * 100)));
    const nw = map.containerPointToLayerPoint([0, 0]);
    const se = map.containerPointToLayerPoint(size);
    const cut = nw.x + x;
    const clip = (x0, x1) => `polygon(${x0}px ${nw.y}px, ${x1}px ${nw.y}px, ${x1}px ${se.y}px, ${x0}px ${se.y}px)`;
    const left = this._left.getContainer?.();
    const right = this._right.getContainer?.();
    if (left) left.style.clipPath = clip(nw.x, cut);
    if (right) right.style.clipPath = clip(cut, se.x);
  },
});
