// What a click shows in the panel: a place (locate and its cell's figures and lists), a road-chief
// segment (its chief and frontage), a storefront's or structure's dossier.
"use strict";
window.CG = window.CG || {};

const E = s => CG.escape(s);
const kv = rows => `<table class="kv">${rows.filter(r => r && r[1] !== undefined && r[1] !== null && r[1] !== "")
  .map(([k, v, attr]) => `<tr><th>${E(CG.t(k))}</th><td${attr ? " " + attr : ""}>${v}</td></tr>`).join("")}</table>`;
CG.kv = kv;

CG.showInfo = function (html) {
  document.getElementById("info").innerHTML = html;
  CG.openTab("info");
};

CG.loadingInfo = function () { CG.showInfo(`<p class="hint">${CG.t("loading")}</p>`); };

CG.failInfo = function (err) {
  CG.showInfo(`<p class="error">${E(CG.t("failed"))}: ${E(err.message)}</p>`);
};

/// A clicked point: where it belongs (locate) and, when it falls in a cell, that cell's report.
CG.showPlace = async function (latlng) {
  CG.lastPoint = latlng;
  CG.markPoint(latlng);
  CG.loadingInfo();
  try {
    const lon = latlng.lng.toFixed(7), lat = latlng.lat.toFixed(7);
    const where = await CG.api("/api/v1/locate?" + CG.query({ lon, lat }));
    let html = `<section id="locate-result">` + CG.locateHTML(where, latlng) + `</section>`;
    if (where.cell) {
      const report = await CG.api("/api/v1/grids/" + encodeURIComponent(where.cell.code));
      html += `<section id="cell-report">` + CG.cellHTML(report) + `</section>`;
      CG.highlight(report.cell);
    }
    CG.showInfo(html);
    CG.wireLists();
  } catch (err) { CG.failInfo(err); }
};

CG.locateHTML = function (w, latlng) {
  const seg = w.segment, chief = seg && seg.chief, rl = w.redLine;
  const verdict = CG.lang === "zh" ? w.redLineVerdictZH : w.redLineVerdict;
  let html = `<h2>${CG.t("location")} <small class="hint">${latlng.lat.toFixed(6)}, ${latlng.lng.toFixed(6)}</small></h2>`;
  html += kv([
    ["cell", w.cell ? `<span id="located-cell">${E(w.cell.code)}</span>` : E(CG.t("outside"))],
    w.cell && ["subDistrict", E(w.cell.subDistrict)],
    w.cell && ["community", E(w.cell.community)],
    w.cell && ["officer", E(w.cell.officer)],
    w.parcel && ["parcel", E(w.parcel.number) + (w.parcel.holder ? " · " + E(w.parcel.holder) : "")],
    seg && ["segment", `<button class="link" data-segment="${E(seg.id)}">${E(seg.roadName)} · ${E(seg.id)}</button> (${seg.distanceMeters.toFixed(1)} ${CG.t("metres")})`],
    chief && ["chief", `<span id="located-chief">${E(chief.name)}</span> · ${E(chief.unit)} · ${E(chief.phone)}`],
    ["redLine", `<span id="located-verdict">${E(verdict)}</span>` + (rl ? ` · ${E(rl.roadName)} (${rl.signedDistanceMeters.toFixed(1)} ${CG.t("metres")})` : "")],
    ["wasteLiability", E(CG.lang === "zh" ? w.constructionWasteLiabilityZH : w.constructionWasteLiability)],
  ]);
  html += `<div class="actions">
    <button data-action="nearest">${CG.t("nearestFromHere")}</button>
    <button data-action="report">${CG.t("reportHere")}</button>
    <button data-action="stop">${CG.t("addStop")}</button>
    ${w.cell ? `<button data-action="patrolCell" data-cell="${E(w.cell.code)}">${CG.t("patrolCell")}</button>` : ""}</div>`;
  return html;
};

/// The figures the grid center reads first; each cell carries data-figure for scripts and tests.
CG.figuresHTML = function (fig) {
  const n = v => (v === undefined || v === null ? "—" : String(Math.round(v * 100) / 100));
  const rows = [["storefronts", "storefronts"], ["unlicensed", "unlicensed"], ["expiredLicences", "expiredLicences"],
    ["wallBreaking", "wallBreaking"], ["structures", "structures"], ["structureArea", "structureAreaSquareMeters"],
    ["demolished", "demolished"], ["openCases", "openCases"], ["overdueCases", "overdueCases"]];
  let html = kv(rows.map(([label, key]) => [label, n(fig[key]), `data-figure="${key}"`]));
  const byType = Object.entries(fig.openCasesByType || {}).sort();
  if (byType.length) {
    html += `<p class="hint">${byType.map(([type, count]) => `${E(CG.typeName(type))}: <b>${count}</b>`).join(" · ")}</p>`;
  }
  return html;
};

CG.cellHTML = function (r) {
  const p = r.cell.properties || {};
  let html = `<h2>${CG.t("cell")} <span id="cell-code">${E(p.code)}</span></h2>`;
  html += `<p class="hint">${E(p.subDistrictName || "")} ${E(p.communityName || "")}</p>`;
  html += `<h3>${CG.t("figures")}</h3>` + CG.figuresHTML(r.figures);
  html += CG.listsHTML(r);
  return html;
};

CG.listsHTML = function (r) {
  return CG.listHTML("storefronts", r.storefronts, f => `${f.properties.name} · ${f.properties.address}`,
      f => f.properties.licenceStatus === "unlicensed" ? `<span class="badge" style="background:#d32f2f">${CG.t("unlicensed")}</span>` : "")
    + CG.listHTML("structures", r.structures, f => `${f.properties.address} · ${f.properties.holder || ""}`)
    + CG.listHTML("cases", r.cases, f => `${f.id} · ${CG.typeName(f.properties.typeCode)}`,
      f => `<span class="badge" style="background:${CG.statusColours[f.properties.status] || "#78909c"};color:#000">${E(CG.statusName(f.properties.status))}</span>`)
    + CG.listHTML("officers", r.officers, f => `${f.properties.name} · ${f.properties.team}`,
      f => f.properties.onDuty ? `<span class="badge" style="background:#2e7d32">${CG.t("onDuty")}</span>` : "");
};

CG.listHTML = function (layer, fc, label, badge) {
  const items = (fc && fc.features) || [];
  const total = fc && fc.numberMatched !== undefined ? fc.numberMatched : items.length;
  let html = `<h3>${CG.t(layer)} (${total})</h3>`;
  if (!items.length) return html + `<p class="hint">${CG.t("noneHere")}</p>`;
  html += `<ul class="items" data-list="${layer}">` + items.map(f =>
    `<li><button data-layer="${layer}" data-id="${E(f.id)}">${badge ? badge(f) : ""}${E(label(f))}</button></li>`).join("") + `</ul>`;
  return html;
};

/// Buttons inside the panel: list entries open their entity; place actions act on the last point.
CG.wireLists = function () {
  const box = document.getElementById("info");
  box.querySelectorAll("button[data-layer]").forEach(b => b.addEventListener("click", () => CG.openEntity(b.dataset.layer, b.dataset.id, true)));
  box.querySelectorAll("button[data-segment]").forEach(b => b.addEventListener("click", () => CG.showSegment(b.dataset.segment)));
  box.querySelectorAll("button[data-action]").forEach(b => b.addEventListener("click", () => CG.placeAction(b.dataset.action, b.dataset)));
};

CG.placeAction = function (action, data) {
  const p = CG.lastPoint;
  if (!p) return CG.say(CG.t("pickPoint"), true);
  if (action === "nearest") CG.showNearest(p);
  if (action === "report") CG.startReport(p);
  if (action === "stop") CG.addStop(p);
  if (action === "patrolCell") CG.planRoute({ grid: data.cell });
};

/// Opens a storefront's or structure's dossier, a case, a segment or a cell, and (from a list)
/// brings it into view.
CG.openEntity = async function (layer, id, zoomTo) {
  if (zoomTo) {
    try {
      const f = await CG.api("/api/v1/layers/" + layer + "/" + encodeURIComponent(id));
      CG.highlight(f, true);
    } catch (_) { /* the panel below says what went wrong */ }
  }
  if (layer === "storefronts" || layer === "structures") return CG.showDossier(layer, id);
  if (layer === "cases") return CG.showCase(id);
  if (layer === "segments") return CG.showSegment(id);
  if (layer === "grids") return CG.showCell(id);
  const f = await CG.api("/api/v1/layers/" + layer + "/" + encodeURIComponent(id));
  CG.showInfo(`<h2>${E(CG.t("layer." + layer))} ${E(id)}</h2>` + kv(Object.entries(f.properties).map(([k, v]) => [k, E(typeof v === "object" ? JSON.stringify(v) : v)])));
};

CG.showCell = async function (code) {
  CG.loadingInfo();
  try {
    const report = await CG.api("/api/v1/grids/" + encodeURIComponent(code));
    CG.highlight(report.cell, true);
    CG.showInfo(`<section id="cell-report">` + CG.cellHTML(report) + `</section>`);
    CG.wireLists();
  } catch (err) { CG.failInfo(err); }
};

CG.showSegment = async function (id) {
  CG.loadingInfo();
  try {
    const r = await CG.api("/api/v1/segments/" + encodeURIComponent(id));
    const props = r.segment.properties || {}, p = props.segment || props, c = r.chief || props.chief;
    CG.highlight(r.segment);
    let html = `<h2>${CG.t("segment")} <span id="segment-id">${E(p.id || id)}</span></h2>`;
    html += kv([["road", E(p.roadName)], ["length", p.lengthMeters ? Math.round(p.lengthMeters) + " " + CG.t("metres") : ""],
      c && ["chief", `<span id="segment-chief" style="border-bottom:4px solid ${CG.chiefColour(c.id)}">${E(c.name)}</span> (${E(c.id)})`],
      c && ["unit", E(c.unit)], c && ["phone", `<a href="tel:${E(c.phone)}">${E(c.phone)}</a>`],
      ["frontage", E(r.frontage)]]);
    html += `<h3>${CG.t("figures")}</h3>` + CG.figuresHTML(r.figures) + CG.listsHTML(r);
    CG.showInfo(html);
    CG.wireLists();
  } catch (err) { CG.failInfo(err); }
};

/// CityModel's labels for licence and structure statuses and storefront flags.
CG.entityWords = {
  zh: { licensed: "有证照", unlicensed: "无证无照", expired: "证照过期", identified: "已认定", notified: "已告知", demolished: "已拆除",
        wallBreaking: "破墙开店", outsideTrading: "跨门营业", illegalSignboard: "违规店招", nuisance: "油烟噪声扰民", doorstepPledgeSigned: "已签门责" },
  en: { licensed: "Licensed", unlicensed: "Unlicensed", expired: "Licence expired", identified: "Identified", notified: "Notified",
        demolished: "Demolished", wallBreaking: "Wall breaking", outsideTrading: "Trading outside", illegalSignboard: "Illegal signboard",
        nuisance: "Fumes or noise", doorstepPledgeSigned: "Doorstep pledge signed" },
};
CG.word = w => (CG.entityWords[CG.lang] || {})[w] || w;

CG.showDossier = async function (layer, id) {
  CG.loadingInfo();
  try {
    const d = await CG.api("/api/v1/dossiers/" + layer + "/" + encodeURIComponent(id));
    const p = d.entity.properties || {};
    const status = p.licenceStatus || p.category || (p.status && typeof p.status === "object" ? Object.keys(p.status)[0] : p.status);
    let html = `<h2>${CG.t("dossier")} <span id="dossier-id">${E(id)}</span></h2>`;
    html += kv([["layer." + layer, E(p.name || p.holder || "")], ["holder", layer === "structures" ? "" : E(p.holder)],
      ["location", E(p.address)], ["status", E(CG.word(status))], ["type", E(p.trade || "")],
      ["structureArea", p.areaSquareMeters ? Math.round(p.areaSquareMeters) : ""],
      ["flags", p.flags && p.flags.length ? E([].concat(p.flags).map(CG.word).join(", ")) : ""]]);
    html += `<h3>${CG.t("records")} (${d.records.length})</h3>`;
    html += d.records.length ? `<ul class="items" data-list="records">` + d.records.map(r =>
      `<li>${E(String(r.date).slice(0, 10))} · <b>${E(r.kind)}</b> · ${E(r.officer)}<br><span class="hint">${E(r.note)}</span></li>`).join("") + `</ul>`
      : `<p class="hint">${CG.t("noneHere")}</p>`;
    html += CG.photosHTML(d.photos);
    html += `<h3>${CG.t("cases")} (${d.cases.length})</h3><ul class="items">` +
      d.cases.map(c => `<li><button data-layer="cases" data-id="${E(c)}">${E(c)}</button></li>`).join("") + `</ul>`;
    CG.showInfo(html);
    CG.wireLists();
  } catch (err) { CG.failInfo(err); }
};

/// A thick outline around the chosen feature, replaced by the next choice.
CG.highlight = function (feature, fit) {
  if (CG.highlightLayer) CG.map.removeLayer(CG.highlightLayer);
  CG.highlightLayer = L.geoJSON(feature, {
    pane: "lines", interactive: false, style: { color: "#00e5ff", weight: 5, fill: false },
    pointToLayer: (f, ll) => L.circleMarker(ll, { pane: "points", radius: 12, color: "#00e5ff", weight: 4, fill: false }),
  }).addTo(CG.map);
  if (fit) {
    const b = CG.highlightLayer.getBounds();
    if (b.isValid()) CG.map.fitBounds(b, { maxZoom: 18, padding: [40, 40] });
  }
};

CG.markPoint = function (latlng) {
  if (!CG.pointMarker) CG.pointMarker = L.circleMarker(latlng, { pane: "points", radius: 6, color: "#000", weight: 2, fillColor: "#00e5ff", fillOpacity: 1, interactive: false });
  CG.pointMarker.setLatLng(latlng).addTo(CG.map);
};
