// The grid cells' codes, written on one canvas after each move: at zoom 16 the last part of the
// code, from zoom 17 the whole code. A permanent Leaflet tooltip per cell was a DOM node per cell
// (some 1,700 in a padded zoom-16 view of a Hongkou-scale district), and laying them out was most
// of the slowest step bench-map measured; text on a canvas costs a fraction of a millisecond each.
"use strict";
window.CG = window.CG || {};

CG.CellLabels = L.Layer.extend({
  onAdd: function (map) {
    this._canvas = L.DomUtil.create("canvas", "cg-cell-labels leaflet-zoom-hide");
    map.getPane("labels").appendChild(this._canvas);
    this.codes = [];
    this.redraw();
  },
  onRemove: function () {
    L.DomUtil.remove(this._canvas);
    this.codes = [];
  },
  /// Draws the labels of the cells now loaded whose centre is in view; `codes` lists what it wrote.
  redraw: function () {
    const map = this._map, canvas = this._canvas;
    if (!map || !canvas) return;
    const size = map.getSize(), zoom = map.getZoom(), grids = CG.layers.grids;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    canvas.width = size.x; canvas.height = size.y;
    this.codes = [];
    if (zoom < 16 || !grids || !map.hasLayer(grids.group)) return;
    const ctx = canvas.getContext("2d");
    ctx.font = "600 11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#17324d";
    grids.group.eachLayer(layer => {
      const code = layer.feature && layer.feature.properties && layer.feature.properties.code;
      if (!code) return;
      // The centre is found once per loaded cell (Leaflet's polygon centroid, as the tooltips had).
      const at = layer._labelAt || (layer._labelAt = layer.getCenter());
      const p = map.latLngToContainerPoint(at);
      if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) return;
      const text = zoom >= 17 ? String(code) : String(code).split("-").pop();
      ctx.strokeText(text, p.x, p.y);
      ctx.fillText(text, p.x, p.y);
      this.codes.push(String(code));
    });
  },
});
