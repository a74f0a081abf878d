// Starts the map: no base tiles (the city's own layers are the map), the view fitted to the
// district's cells, clicks routed to the right panel, the controls wired.
"use strict";
window.CG = window.CG || {};

CG.openTab = function (name) {
  document.querySelectorAll("#tabs button").forEach(b => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach(s => s.classList.toggle("active", s.id === "tab-" + name));
  document.getElementById("panel").classList.remove("closed");
};

/// A click on a drawn feature: a cell shows the place (locate and the cell's report), a segment
/// its chief and frontage, an entity its dossier, a case its history and workflow.
CG.onFeatureClick = function (layer, feature, latlng) {
  const id = feature.id;
  if (layer === "grids" || layer === "parcels" || layer === "redlines" || layer === "roads") return CG.showPlace(latlng);
  if (layer === "officers") {
    const p = feature.properties || {};
    const fix = p.position && p.position.at ? p.position.at : "—";
    return L.popup().setLatLng(latlng).setContent(document.createTextNode(
      [id, p.name, p.team, p.mode, p.onDuty ? "在岗 on duty" : "离岗 off duty", fix].join(" · "))).openOn(CG.map);
  }
  CG.lastPoint = latlng;
  return CG.openEntity(layer, id, false);
};

/// The district's extent, from its cells (every cell is small; the first page of a few thousand
/// covers a district), so the page opens on the data wherever the district is.
CG.fitDistrict = async function () {
  try {
    const fc = await CG.api("/api/v1/layers/grids?limit=5000");
    const b = L.geoJSON(fc).getBounds();
    if (b.isValid()) { CG.map.fitBounds(b); return; }
  } catch (err) { CG.say(CG.t("failed") + ": " + err.message, true); }
  CG.map.setView([31.2304, 121.4737], 15);
};

CG.search = async function (event) {
  event.preventDefault();
  const q = document.getElementById("search-q").value.trim();
  if (!q) return;
  const layer = document.getElementById("search-layer").value;
  try {
    const fc = await CG.api("/api/v1/search?" + CG.query({ q, layer, limit: 30 }));
    CG.showResults(fc);
    const label = f => {
      const p = f.properties;
      const seg = p.segment || {};
      return [p.code, p.name, p.roadName || seg.roadName, p.address, p.holder, p.chief && p.chief.name, p.typeCode && CG.typeName(p.typeCode)].filter(Boolean).join(" · ");
    };
    let html = `<h2>${CG.t("search")}: ${CG.escape(q)}</h2><p class="hint">${CG.t("found")} ${fc.features.length} ${CG.t("results")}</p>`;
    html += fc.features.length ? `<ul class="items" data-list="search">` + fc.features.map(f =>
      `<li><button data-layer="${CG.escape(f.properties.layer)}" data-id="${CG.escape(f.id)}"><span class="badge">${CG.escape(CG.t("layer." + f.properties.layer))}</span>${CG.escape(f.id)} · ${CG.escape(label(f))}</button></li>`).join("") + `</ul>`
      : `<p>${CG.t("noResults")}</p>`;
    CG.showInfo(html);
    CG.wireLists();
    const b = CG.resultLayer.getBounds();
    if (b.isValid()) CG.map.fitBounds(b, { maxZoom: 18, padding: [40, 40] });
  } catch (err) { CG.say(CG.t("failed") + ": " + err.message, true); }
};

CG.start = async function () {
  CG.applyLanguage();
  const map = CG.map = L.map("map", { zoomControl: true, preferCanvas: false, minZoom: 11, maxZoom: 20 });
  CG.createPanes(map);
  CG.startLevels(map);
  L.control.scale({ imperial: false }).addTo(map);
  // The streets (and the roads, segments and red lines derived from them) are OpenStreetMap data:
  // ODbL asks for the credit wherever they are shown.
  map.attributionControl.addAttribution("街道 streets © OpenStreetMap contributors (ODbL)");
  for (const name of CG.layerOrder) CG.layers[name] = { group: CG.makeGroup(name), visible: CG.layerDefs[name].on };
  map.on("click", e => CG.showPlace(e.latlng));
  map.on("moveend", () => CG.refreshLayers());

  document.getElementById("lang-toggle").addEventListener("click", CG.toggleLanguage);
  document.getElementById("panel-toggle").addEventListener("click", () => {
    document.getElementById("panel").classList.toggle("closed");
    setTimeout(() => map.invalidateSize(), 50);
  });
  document.querySelectorAll("#tabs button").forEach(b => b.addEventListener("click", () => CG.openTab(b.dataset.tab)));
  document.getElementById("search-form").addEventListener("submit", CG.search);
  document.getElementById("choropleth").addEventListener("change", e => CG.setChoropleth(e.target.checked));
  document.getElementById("export").addEventListener("click", CG.exportShown);
  document.getElementById("nearest-here").addEventListener("click", CG.nearestFromBrowser);
  document.getElementById("report-form").addEventListener("submit", CG.submitReport);
  document.getElementById("route-plan").addEventListener("click", CG.planRoute);
  document.getElementById("route-clear").addEventListener("click", CG.clearRoute);
  document.getElementById("route-from-cases").addEventListener("click", CG.stopsFromCases);
  const tokenInput = document.getElementById("token");
  tokenInput.value = CG.token();
  document.getElementById("token-form").addEventListener("submit", e => {
    e.preventDefault(); CG.setToken(tokenInput.value.trim()); CG.say(CG.t("tokenSaved")); CG.restartLive();
  });
  document.getElementById("token-clear").addEventListener("click", () => {
    tokenInput.value = ""; CG.setToken(""); CG.say(CG.t("tokenCleared")); CG.restartLive();
  });
  document.addEventListener("cg:language", () => { CG.renderLayerList(); CG.renderLegend(); CG.renderCaseTypes(); });

  CG.renderLayerList();
  CG.renderLegend();
  await CG.loadCatalogue();
  await CG.fitDistrict();
  await CG.refreshLayers();
  CG.startLive();
  CG.followOfficers();
  document.body.dataset.ready = "true";
};

document.addEventListener("DOMContentLoaded", CG.start);
