// SVG for a cluster inside a vector tile: the circle with the number of points it stands for,
// centred so it stays inside the tile's buffer.
import { SVG } from "leaflet";
import { defaultFeatureLayer, featureLayerBase } from "leaflet-vector-tile-layer";

export function clusterFeatureLayer(feature, layerName, pxPerExtent, options) {
  const self = featureLayerBase(feature, layerName, pxPerExtent, options);
  self.marker = defaultFeatureLayer(feature, layerName, pxPerExtent, options);
  const at = self.scalePoint(feature.loadGeometry()[0][0]);
  const label = SVG.create("text");
  label.setAttribute("class", "cluster-label");
  label.setAttribute("x", at.x);
  label.setAttribute("y", at.y);
  label.setAttribute("text-anchor", "middle");
  label.setAttribute("dominant-baseline", "central");
  label.setAttribute("pointer-events", "none");
  label.textContent = String(feature.properties.point_count);
  const group = SVG.create("g");
  group.append(self.marker.graphics, label);
  self.graphics = group;

  self.setStyle = function setStyle(style) {
    const merged = { ...options, ...style };
    self.marker.setStyle(merged);
    label.setAttribute("font-size", merged.labelSize ?? 11);
    label.setAttribute("visibility", merged.hidden ? "hidden" : "visible");
  };
  self.applyOptions(options);
  return self;
}
