// The city's own layers on the map, each loaded by bounding box as the map moves (no tiles, no
// internet), styled from its properties; the open-cases choropleth over the grid cells.
"use strict";
window.CG = window.CG || {};

/// Statuses that count as open (CityQueries.openStatuses): filled from the catalogue when it loads.
CG.openStatuses = [];
CG.statusColours = {
  reported: "#e53935", registered: "#fb8c00", dispatched: "#fdd835", handled: "#43a047", verified: "#00acc1",
  closed: "#9e9e9e", notRegistered: "#bdbdbd", escalated: "#6a1b9a", cancelled: "#e0e0e0", mergedAsDuplicate: "#cfd8dc",
};
/// Event classes (the first two digits of a case-type code, GB/T 30428.2): the marker's outline.
CG.classColours = { "01": "#263238", "02": "#1565c0", "03": "#6d4c41", "04": "#c2185b", "05": "#2e7d32" };
CG.classNames = {
  zh: { "01": "市容环境", "02": "宣传广告", "03": "施工管理", "04": "突发事件", "05": "街面秩序" },
  en: { "01": "City appearance", "02": "Advertising", "03": "Construction", "04": "Emergencies", "05": "Street order" },
};
CG.statusNames = {
  zh: { reported: "上报", registered: "立案", dispatched: "派遣", handled: "处置", verified: "核查", closed: "结案",
        notRegistered: "不予立案", escalated: "移送公安", cancelled: "作废", mergedAsDuplicate: "合并重复" },
  en: { reported: "Reported", registered: "Registered", dispatched: "Dispatched", handled: "Handled", verified: "Verified",
        closed: "Closed", notRegistered: "Not registered", escalated: "Escalated", cancelled: "Cancelled", mergedAsDuplicate: "Merged" },
};
CG.statusName = s => (CG.statusNames[CG.lang] || {})[s] || s;

/// A stable colour per road chief: an FNV-1a hash of the chief id picks the hue.
CG.chiefColour = function (id) {
  if (!id) return "#90a4ae";
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return "hsl(" + (h % 360) + ", 75%, " + (38 + (h >> 9) % 18) + "%)";
};

CG.licenceColours = { licensed: "#2e7d32", unlicensed: "#d32f2f", expired: "#f9a825" };

const P = f => f.properties || {};
/// A segment's chief: the stored segment names it (properties.segment.chiefID), and the layer
/// also files it as the feature's category.
CG.chiefOf = f => (P(f).segment && P(f).segment.chiefID) || (P(f).chief && P(f).chief.id) || P(f).category;

/// Each layer: where it draws (pane), from which zoom, shown at start, how, and the properties it
/// is styled and labelled by (`sends`: the map asks only for those — a shop's whole dossier is 3 KB,
/// and a click fetches the entity anyway; the export asks again for everything).
CG.layerDefs = {
  parcels: { pane: "areas", minZoom: 16, on: false, sends: "code",
    style: () => ({ color: "#a1887f", weight: 1, fillColor: "#efebe9", fillOpacity: 0.35 }) },
  grids: { pane: "areas", minZoom: 13, on: true, sends: "code",
    style: f => CG.cellStyle(f) },
  redlines: { pane: "areas", minZoom: 15, on: true, sends: "category",
    style: () => ({ color: "#e53935", weight: 1.5, dashArray: "5 4", fill: false }) },
  // From zoom 16: at 15 a view holds most of a district's structures (1,348 of Hongkou's 1,671).
  structures: { pane: "areas", minZoom: 16, on: true, sends: "category",
    style: f => ({ color: "#6a1b9a", weight: 1.5, fillColor: P(f).category === "demolished" ? "#bdbdbd" : "#ab47bc", fillOpacity: 0.55 }) },
  roads: { pane: "lines", minZoom: 14, on: false, sends: "category",
    style: () => ({ color: "#78909c", weight: 2 }) },
  segments: { pane: "lines", minZoom: 14, on: true, sends: "segment,chief,category",
    style: f => ({ color: CG.chiefColour(CG.chiefOf(f)), weight: 5, opacity: 0.85 }) },
  storefronts: { pane: "points", minZoom: 17, on: true, sends: "licenceStatus",
    point: f => ({ radius: 5, weight: P(f).licenceStatus === "unlicensed" ? 3 : 1, color: P(f).licenceStatus === "unlicensed" ? "#b71c1c" : "#fff",
      fillColor: CG.licenceColours[P(f).licenceStatus] || "#607d8b", fillOpacity: 0.9 }) },
  officers: { pane: "points", minZoom: 13, on: true,
    point: f => ({ radius: 6, weight: 2, color: "#0d47a1", dashArray: P(f).onDuty ? null : "2 2",
      fillColor: P(f).onDuty ? "#42a5f5" : "#cfd8dc", fillOpacity: 0.95 }) },
  // Cases are drawn one by one only where the server's level of detail says "cases" (mapview.js).
  cases: { pane: "points", minZoom: 11, on: true,
    point: f => ({ radius: 7, weight: 3, color: CG.classColours[String(P(f).typeCode || "").slice(0, 2)] || "#455a64",
      fillColor: CG.statusColours[P(f).status] || "#fff", fillOpacity: 0.95 }) },
};
CG.layerOrder = ["grids", "parcels", "redlines", "structures", "roads", "segments", "storefronts", "officers", "cases"];
CG.maxFeaturesPerLayer = 20000;
CG.layers = {};   // name -> { group, data, loadedBounds, truncated, controller }

CG.cellStyle = function (f) {
  const base = { color: "#17324d", weight: 1.2, fillColor: "#17324d", fillOpacity: 0.02 };
  const counts = CG.choropleth ? CG.choropleth.counts : CG.lod && CG.lod.cellCounts;
  if (!counts) return base;
  let n = counts[P(f).code] || 0;
  // The level of detail's counts run into the hundreds: classed against the busiest cell in view.
  if (!CG.choropleth && n) n = Math.ceil(8 * n / CG.lod.cellMax);
  return Object.assign(base, { fillColor: CG.choroplethColour(n), fillOpacity: n ? 0.55 : 0.05 });
};
CG.choroplethBreaks = [1, 2, 4, 8];
CG.choroplethColour = function (n) {
  const colours = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#e6550d", "#a63603"];
  let k = 0;
  while (k < CG.choroplethBreaks.length && n >= CG.choroplethBreaks[k]) k++;
  return colours[k];
};

CG.createPanes = function (map) {
  [["areas", 410], ["lines", 430], ["labels", 445], ["points", 450]].forEach(([name, z]) => { map.createPane(name).style.zIndex = z; });
  map.getPane("labels").style.pointerEvents = "none";
};

CG.makeGroup = function (name) {
  const def = CG.layerDefs[name];
  const options = { pane: def.pane, className: "cg-" + name, onEachFeature: (f, layer) => CG.bindFeature(name, f, layer) };
  if (def.style) options.style = def.style;
  if (name === "cases") options.filter = f => !CG.lod.ids || CG.lod.ids.has(f.id);
  if (def.point) options.pointToLayer = (f, latlng) => L.circleMarker(latlng, Object.assign({ pane: def.pane, className: "cg-" + name }, def.point(f)));
  return L.geoJSON(null, options);
};

CG.bindFeature = function (name, f, layer) {
  layer.on("click", e => {
    L.DomEvent.stopPropagation(e);
    CG.onFeatureClick(name, f, e.latlng);
  });
};

CG.paddedBBox = function () {
  const b = CG.map.getBounds().pad(0.25);
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => Math.round(v * 1e6) / 1e6);
};

/// Loads the visible layers for the current view; a layer whose loaded box still covers the view
/// (and was not cut short) is left as it is.
CG.refreshLayers = async function (force) {
  const map = CG.map, zoom = map.getZoom(), view = map.getBounds();
  await Promise.all([CG.refreshCaseLevel(), CG.refreshBase()]);
  const jobs = CG.layerOrder.map(async name => {
    const def = CG.layerDefs[name], state = CG.layers[name];
    if (!state.visible || zoom < def.minZoom) { map.removeLayer(state.group); return; }
    if (name === "cases") {
      // Aggregates stand for the cases at this level: the layer waits for a level that lists them,
      // and then draws the cases the level-of-detail answer listed (no second request).
      if (CG.lod.level !== "cases") { map.removeLayer(state.group); return; }
      map.addLayer(state.group);
      state.data = { type: "FeatureCollection", features: CG.lod.data.features, truncated: false };
      state.truncated = false;
      state.group.clearLayers();
      state.group.addData(state.data);
      return;
    }
    map.addLayer(state.group);
    if (!force && state.loadedBounds && state.loadedBounds.contains(view) && !state.truncated && !CG.muchLarger(state.loadedBounds, view)) return;
    await CG.loadLayer(name);
  });
  await Promise.all(jobs);
  CG.cellLabels.redraw();
  if (CG.choropleth) await CG.updateChoropleth();
  document.getElementById("map").dataset.loaded = String(++CG.refreshCount);
};
CG.refreshCount = 0;

/// A layer loaded at district zoom holds the whole district: once zoomed in, what lies far outside
/// the view is shed by loading the view's box again (Leaflet reprojects every SVG path at each zoom,
/// and bench-map counted 2,350 cells and 759 segments drawn at zoom 17 where some 300 are in view).
CG.muchLarger = function (loaded, view) {
  const area = b => (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
  return area(loaded) > 16 * area(view);
};

/// Loads one layer for the current view into its group, replacing what it held; a load still
/// running for the layer is abandoned. True when the layer was loaded.
CG.loadLayer = async function (name) {
  const state = CG.layers[name];
  if (state.controller) state.controller.abort();
  state.controller = new AbortController();
  const bbox = CG.paddedBBox();
  try {
    const fc = await CG.fetchLayer(name, bbox, CG.maxFeaturesPerLayer, state.controller.signal, CG.layerDefs[name].sends);
    state.data = fc;
    state.truncated = fc.truncated;
    state.loadedBounds = L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
    state.group.clearLayers();
    state.group.addData(fc);
    return true;
  } catch (err) {
    if (err.name !== "AbortError") CG.say(CG.t("failed") + ": " + name + " — " + err.message, true);
    return false;
  }
};

/// Reloads one shown layer whatever it holds (a live step, an officer's fix).
CG.refreshLayer = async function (name) {
  const state = CG.layers[name];
  if (!state || !state.visible) return;
  if (name === "cases") {
    await CG.refreshLayers();
    return;
  }
  await CG.loadLayer(name);
  if (name === "cases" && CG.choropleth) await CG.updateChoropleth();
};

/// Open cases per cell inside the view, counted by the server (per-cell aggregates, or the cases
/// themselves with their cell when they are few), with the time and type filter, then drawn as
/// classes on the cells.
CG.updateChoropleth = async function () {
  const params = Object.assign(CG.caseFilterParams(), { bbox: CG.paddedBBox().join(","), zoom: 16, status: "open" });
  const fc = await CG.api("/api/v1/map/cases?" + CG.query(params));
  const counts = {};
  for (const f of fc.features) {
    const p = P(f);
    if (p.kind === "cell") counts[p.key] = p.count;
    else if (p.kind === "case" && p.cell) counts[p.cell] = (counts[p.cell] || 0) + 1;
  }
  CG.choropleth = { counts };
  CG.layers.grids.group.setStyle(CG.cellStyle);
  CG.renderLegend();
};

CG.setChoropleth = async function (on) {
  CG.choropleth = null;
  if (on) await CG.updateChoropleth();
  else CG.layers.grids.group.setStyle(CG.cellStyle);
  CG.renderLegend();
};

CG.renderLayerList = function () {
  const box = document.getElementById("layer-list");
  box.innerHTML = CG.layerOrder.map(name =>
    `<label><input type="checkbox" data-layer="${name}" ${CG.layers[name].visible ? "checked" : ""}> ${CG.escape(CG.t("layer." + name))}</label>`).join("");
  box.querySelectorAll("input").forEach(input => input.addEventListener("change", () => {
    CG.layers[input.dataset.layer].visible = input.checked;
    CG.refreshLayers();
  }));
};

CG.renderLegend = function () {
  const swatch = (fill, edge, label, square) =>
    `<div class="item"><span class="swatch${square ? " square" : ""}" style="background:${fill};border-color:${edge}"></span>${CG.escape(label)}</div>`;
  let html = `<h3>${CG.t("legend")} · ${CG.t("layer.cases")}</h3>`;
  html += Object.keys(CG.statusColours).map(s => swatch(CG.statusColours[s], "#0003", CG.statusName(s))).join("");
  html += Object.keys(CG.classColours).map(c => swatch("#fff", CG.classColours[c], c + " " + CG.classNames[CG.lang][c])).join("");
  html += `<h3>${CG.t("layer.storefronts")}</h3>`;
  html += [["licensed", CG.lang === "zh" ? "有证" : "Licensed"], ["unlicensed", CG.t("unlicensed")], ["expired", CG.t("expiredLicences")]]
    .map(([k, label]) => swatch(CG.licenceColours[k], k === "unlicensed" ? "#b71c1c" : "#fff", label)).join("");
  html += swatch("#ab47bc", "#6a1b9a", CG.t("layer.structures"), true) + swatch("none", "#e53935", CG.t("layer.redlines"), true);
  if (CG.choropleth) {
    html += `<h3>${CG.t("openCases")} / ${CG.t("cell")}</h3>`;
    const b = CG.choroplethBreaks;
    html += [["0", 0], ...b.map((v, i) => [i + 1 < b.length ? v + "–" + (b[i + 1] - 1) : "≥ " + v, v])]
      .map(([label, n]) => swatch(CG.choroplethColour(n), "#0003", label, true)).join("");
  }
  document.getElementById("legend").innerHTML = html;
};

/// What is shown now, as one FeatureCollection (each feature's properties carry its layer).
CG.shownFeatures = function () {
  const view = CG.map.getBounds(), features = [];
  for (const name of CG.layerOrder) {
    const state = CG.layers[name];
    if (!CG.map.hasLayer(state.group) || !state.data) continue;
    state.group.eachLayer(layer => {
      const b = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng()]);
      if (!view.intersects(b)) return;
      const f = layer.feature;
      features.push({ type: "Feature", id: f.id, geometry: f.geometry, properties: Object.assign({ layer: name }, f.properties) });
    });
  }
  for (const extra of [CG.routeLayer, CG.resultLayer]) {
    if (extra && CG.map.hasLayer(extra)) extra.eachLayer(l => { if (l.feature) features.push(l.feature); });
  }
  return { type: "FeatureCollection", features };
};

/// Downloads what is shown as GeoJSON with every property: the layers the map loaded lean are
/// asked again for the shown box in full (one request per such layer), keeping what is shown.
CG.exportShown = async function () {
  const fc = CG.shownFeatures(), view = CG.map.getBounds();
  const bbox = [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()];
  // A route's or a search result's features carry no layer (and may carry no properties).
  const lean = [...new Set(fc.features.map(f => P(f).layer).filter(name => CG.layerDefs[name] && CG.layerDefs[name].sends))];
  try {
    for (const name of lean) {
      const full = new Map((await CG.fetchLayer(name, bbox, CG.maxFeaturesPerLayer)).features.map(f => [f.id, f.properties]));
      for (const f of fc.features) {
        if (P(f).layer === name && full.has(f.id)) f.properties = Object.assign({ layer: name }, full.get(f.id));
      }
    }
  } catch (err) {
    return CG.say(CG.t("failed") + ": " + err.message, true);
  }
  CG.lastExport = fc;
  const blob = new Blob([JSON.stringify(fc)], { type: "application/geo+json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "citygrid-" + new Date().toISOString().slice(0, 19).replace(/[:T]/g, "") + ".geojson";
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  CG.say(CG.t("exported") + " " + fc.features.length + " " + CG.t("features"));
  return fc.features.length;
};
