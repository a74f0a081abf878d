// The map at city scale: the server decides the level of detail (grid clusters, per-cell
// aggregates or the cases themselves, /api/v1/map/cases), the page draws aggregates on a canvas
// with their counts, a heat map of the cases on a canvas of its own, and a neutral base of the
// city's own roads and parcels at low contrast (/api/v1/map/base). The time filter feeds every
// case query.
"use strict";
window.CG = window.CG || {};

CG.lod = { level: null, data: null, ids: null, controller: null, heat: false, requests: 0 };

/// The filter the map's case queries share: status (open, overdue, all), type, and the reported
/// window (last 24 h, 7 d, 30 d, custom, or all time).
CG.caseFilter = { status: "open", range: "all", from: "", to: "", type: "" };

CG.caseFilterParams = function () {
  const f = CG.caseFilter, out = { status: f.status, type: f.type };
  const hours = { "24h": 24, "7d": 168, "30d": 720 }[f.range];
  if (hours) out.from = new Date(Date.now() - hours * 3600e3).toISOString().replace(/\.\d+Z$/, "Z");
  if (f.range === "custom") { out.from = f.from; out.to = f.to; }
  return out;
};

/// Aggregates are circles on one canvas, each with its count written inside: a hundred
/// clusters are a hundred paths on one element, not a hundred DOM nodes.
CG.CountCanvas = L.Canvas.extend({
  _updateCircle: function (layer) {
    L.Canvas.prototype._updateCircle.call(this, layer);
    const label = layer.options.label;
    if (!label || layer._empty()) return;
    const ctx = this._ctx, p = layer._point;
    ctx.font = "600 11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#fff";
    ctx.fillText(label, p.x, p.y);
  },
});

CG.shortCount = n => n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : String(n);

/// A circle per aggregate: its area grows with its share of the largest count in view (at most
/// some 40 px across, so neighbouring clusters some 60 px apart stay apart), its colour with the
/// overdue share. A cell's badge is small: the cell itself is coloured by its count.
CG.aggregateMarker = function (f, largest) {
  const p = f.properties, share = p.count ? p.overdue / p.count : 0;
  const [lon, lat] = f.geometry.coordinates;
  const radius = p.kind === "cell" ? 10 : 8 + 12 * Math.sqrt(p.count / Math.max(1, largest));
  const fill = share > 0.5 ? "#c62828" : share > 0.2 ? "#ef6c00" : share > 0 ? "#f9a825" : "#1565c0";
  const m = L.circleMarker([lat, lon], { renderer: CG.lod.renderer, pane: "aggregates", radius, weight: 2, color: "#fff",
    fillColor: fill, fillOpacity: 0.85, label: CG.shortCount(p.count), interactive: true });
  m.feature = f;
  m.on("click", e => {
    L.DomEvent.stopPropagation(e);
    // A cluster opens one zoom step at a time towards its cases; a cell shows its report.
    if (p.kind === "cell") return CG.showPlace(e.latlng);
    CG.map.setView(e.latlng, Math.min(CG.map.getZoom() + 2, CG.map.getMaxZoom()));
  });
  return m;
};

/// Asks the server what to draw of the cases here, and draws it. At the cases level the page's
/// own cases layer (full features, clickable) draws exactly the ids the answer lists.
CG.refreshCaseLevel = async function () {
  const map = CG.map, lod = CG.lod;
  if (lod.controller) lod.controller.abort();
  lod.controller = new AbortController();
  const params = Object.assign({ bbox: CG.paddedBBox().join(","), zoom: map.getZoom() }, CG.caseFilterParams());
  try {
    const fc = await CG.api("/api/v1/map/cases?" + CG.query(params), { signal: lod.controller.signal });
    lod.requests++;
    lod.level = fc.level;
    lod.data = fc;
    lod.ids = fc.level === "cases" ? new Set(fc.features.map(f => f.id)) : null;
    lod.group.clearLayers();
    // With the heat map on, the heat map stands for the aggregates.
    if (fc.level !== "cases" && !lod.heat) {
      const largest = fc.features.reduce((m, f) => Math.max(m, f.properties.count), 0);
      for (const f of fc.features) lod.group.addLayer(CG.aggregateMarker(f, largest));
    }
    CG.colourCells(fc);
    document.getElementById("map").dataset.level = fc.level;
    // The aggregates' canvas covers the map: with nothing on it, clicks go through to the cells,
    // segments and markers below.
    map.getPane("aggregates").style.pointerEvents = lod.group.getLayers().length ? "" : "none";
    CG.renderLevelNote();
  } catch (err) {
    // 503 while the server builds its case map after a start: ask again shortly, quietly.
    if (err.status === 503) { setTimeout(CG.refreshCaseLevel, 2000); return; }
    if (err.name !== "AbortError") CG.say(CG.t("failed") + ": map — " + err.message, true);
  }
  if (lod.heat) await CG.refreshHeat();
};

CG.renderLevelNote = function () {
  const fc = CG.lod.data, box = document.getElementById("level-note");
  if (!fc || !box) return;
  box.textContent = CG.t("level." + fc.level) + " · " + fc.numberMatched + " " + CG.t("cases") + " · " +
    fc.overdue + " " + CG.t("overdueCases");
};

/// The neutral base: roads (and parcels from zoom 15) as one faint path per layer on a canvas.
CG.refreshBase = async function () {
  const map = CG.map, base = CG.base;
  if (base.controller) base.controller.abort();
  base.controller = new AbortController();
  try {
    const fc = await CG.api("/api/v1/map/base?" + CG.query({ bbox: CG.paddedBBox().join(","), zoom: map.getZoom() }),
                            { signal: base.controller.signal });
    base.group.clearLayers();
    base.group.addData(fc);
  } catch (err) {
    if (err.name !== "AbortError") CG.say(CG.t("failed") + ": base — " + err.message, true);
  }
};

/// The heat map: one canvas the size of the map, redrawn from the server's squares after each
/// move. Each square is a blurred disc whose opacity is its share of the busiest square; the
/// alpha is then coloured blue → yellow → red (the way simpleheat does it).
CG.HeatLayer = L.Layer.extend({
  onAdd: function (map) {
    this._canvas = L.DomUtil.create("canvas", "cg-heat leaflet-zoom-hide");
    map.getPane("heat").appendChild(this._canvas);
    map.on("moveend", this._draw, this);
    this._draw();
  },
  onRemove: function (map) {
    L.DomUtil.remove(this._canvas);
    map.off("moveend", this._draw, this);
  },
  setData: function (d) { this._data = d; this._draw(); },
  _palette: function () {
    if (this._colours) return this._colours;
    const c = document.createElement("canvas");
    c.width = 1; c.height = 256;
    const ctx = c.getContext("2d"), g = ctx.createLinearGradient(0, 0, 0, 256);
    g.addColorStop(0.2, "#2c7bb6"); g.addColorStop(0.45, "#abd9e9"); g.addColorStop(0.65, "#ffffbf");
    g.addColorStop(0.85, "#fdae61"); g.addColorStop(1, "#d7191c");
    ctx.fillStyle = g; ctx.fillRect(0, 0, 1, 256);
    return (this._colours = ctx.getImageData(0, 0, 1, 256).data);
  },
  _draw: function () {
    const map = this._map;
    if (!map || !this._canvas) return;
    const size = map.getSize(), canvas = this._canvas;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    canvas.width = size.x; canvas.height = size.y;
    const d = this._data;
    if (!d || !d.cells.length) return;
    const ctx = canvas.getContext("2d");
    const origin = map.latLngToContainerPoint([d.cells[0][1], d.cells[0][0]]);
    const step = map.latLngToContainerPoint([d.cells[0][1], d.cells[0][0] + 0.001]).x - origin.x;
    const radius = Math.max(6, d.cellMeters / (111320 * Math.cos(d.cells[0][1] * Math.PI / 180) * 0.001) * step * 1.2);
    ctx.shadowBlur = radius;
    ctx.shadowColor = "black";
    for (const [lon, lat, n] of d.cells) {
      const p = map.latLngToContainerPoint([lat, lon]);
      if (p.x < -radius || p.y < -radius || p.x > size.x + radius || p.y > size.y + radius) continue;
      ctx.globalAlpha = Math.min(1, 0.15 + n / d.max);
      ctx.beginPath();
      ctx.arc(p.x - 10000, p.y, radius / 2, 0, 2 * Math.PI);
      ctx.shadowOffsetX = 10000;
      ctx.fill();
    }
    const image = ctx.getImageData(0, 0, size.x, size.y), px = image.data, colours = this._palette();
    for (let i = 3; i < px.length; i += 4) {
      const a = px[i];
      if (!a) continue;
      px[i - 3] = colours[a * 4]; px[i - 2] = colours[a * 4 + 1]; px[i - 1] = colours[a * 4 + 2];
      px[i] = Math.min(220, a * 1.3);
    }
    ctx.putImageData(image, 0, 0);
  },
});

CG.refreshHeat = async function () {
  const params = Object.assign({ bbox: CG.paddedBBox().join(","), zoom: CG.map.getZoom() }, CG.caseFilterParams());
  try {
    CG.heatLayer.setData(await CG.api("/api/v1/map/heat?" + CG.query(params)));
  } catch (err) { CG.say(CG.t("failed") + ": heat — " + err.message, true); }
};

CG.setHeat = async function (on) {
  CG.lod.heat = on;
  if (on) CG.map.addLayer(CG.heatLayer); else CG.map.removeLayer(CG.heatLayer);
  await CG.refreshCaseLevel();
};

/// At the cells level the cells themselves carry the counts (CG.cellStyle reads them), in the
/// choropleth's classes; at other levels the cells go back to outlines.
CG.colourCells = function (fc) {
  const had = !!CG.lod.cellCounts;
  CG.lod.cellCounts = null;
  if (fc && fc.level === "cells") {
    CG.lod.cellCounts = {};
    for (const f of fc.features) CG.lod.cellCounts[f.properties.key] = f.properties.count;
    CG.lod.cellMax = fc.features.reduce((m, f) => Math.max(m, f.properties.count), 1);
  }
  if (had || CG.lod.cellCounts) CG.layers.grids.group.setStyle(CG.cellStyle);
};

/// The filter's controls: status, period (with the custom dates shown only for "custom"), type.
CG.wireCaseFilter = function () {
  const status = document.getElementById("filter-status"), range = document.getElementById("filter-range");
  const from = document.getElementById("filter-from"), to = document.getElementById("filter-to");
  const type = document.getElementById("filter-type"), custom = document.getElementById("filter-custom");
  const apply = () => {
    CG.caseFilter = { status: status.value, range: range.value, from: from.value, to: to.value, type: type.value };
    custom.hidden = range.value !== "custom";
    if (range.value === "custom" && (!from.value || !to.value)) return;
    CG.refreshLayers(true);
  };
  [status, range, from, to, type].forEach(el => el.addEventListener("change", apply));
  document.getElementById("heat").addEventListener("change", e => CG.setHeat(e.target.checked));
};

/// How many things are drawn now: SVG paths, canvas paths and labels, DOM markers (bench-map's count).
CG.drawnElements = function () {
  let n = document.querySelectorAll("#map svg path, #map .leaflet-marker-icon, #map .leaflet-tooltip").length;
  n += CG.lod.group.getLayers().length + CG.cellLabels.codes.length;
  CG.base.group.eachLayer(() => { n++; });
  return n;
};

CG.startLevels = function (map) {
  [["base", 300], ["heat", 440], ["aggregates", 455]].forEach(([name, z]) => { map.createPane(name).style.zIndex = z; });
  map.getPane("base").style.pointerEvents = "none";
  map.getPane("heat").style.pointerEvents = "none";
  CG.lod.renderer = new CG.CountCanvas({ pane: "aggregates", padding: 0.25 });
  CG.lod.group = L.layerGroup().addTo(map);
  CG.base = { group: L.geoJSON(null, { pane: "base", renderer: L.canvas({ pane: "base" }), interactive: false,
    style: f => f.properties.layer === "parcels" ? { color: "#d5dbe1", weight: 0.6, fill: false }
                                                 : { color: "#b9c2cb", weight: 1.4, opacity: 0.9 } }).addTo(map) };
  CG.heatLayer = new CG.HeatLayer();
  CG.cellLabels = new CG.CellLabels().addTo(map);
  CG.wireCaseFilter();
};
