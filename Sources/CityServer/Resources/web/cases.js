// Cases: the nearest open ones to a point, reporting one at a point, and moving one through the
// closed-loop workflow (立案 → 派遣 → 处置 → 核查 → 结案) with the token from Settings.
"use strict";
window.CG = window.CG || {};

CG.catalogue = { caseTypes: [], eventClasses: [], departments: [] };

CG.loadCatalogue = async function () {
  try { CG.catalogue = await CG.api("/api/v1/catalogue"); } catch (err) { CG.say(CG.t("failed") + ": catalogue — " + err.message, true); }
  CG.applyWorkflow();
  CG.renderCaseTypes();
};

/// The statuses, their Chinese names and the steps each allows, as the server's workflow has them
/// (GET /api/v1/catalogue): the map keeps no copy of the state machine.
CG.applyWorkflow = function () {
  const c = CG.catalogue;
  if (c.workflow) CG.nextEvents = c.workflow;
  if (c.statuses) {
    CG.openStatuses = c.statuses.filter(s => s.open).map(s => s.code);
    for (const s of c.statuses) CG.statusNames.zh[s.code] = s.nameZH;
  }
  for (const k of c.eventClasses || []) { CG.classNames.zh[k.code] = k.nameZH; CG.classNames.en[k.code] = k.nameEN; }
};

CG.typeName = function (code) {
  const t = CG.catalogue.caseTypes.find(c => c.code === code);
  return t ? code + " " + (CG.lang === "zh" ? t.nameZH : t.nameEN) : String(code || "");
};

CG.renderCaseTypes = function () {
  const select = document.getElementById("report-type"), chosen = select.value;
  select.innerHTML = CG.catalogue.caseTypes.map(t => `<option value="${CG.escape(t.code)}">${CG.escape(CG.typeName(t.code))}</option>`).join("");
  if (chosen) select.value = chosen;
};

/// The open cases nearest to a point, listed and drawn; from the browser's location when no point is given.
CG.showNearest = async function (latlng) {
  CG.openTab("cases");
  const box = document.getElementById("case-list");
  box.innerHTML = `<p class="hint">${CG.t("loading")}</p>`;
  try {
    const fc = await CG.api("/api/v1/nearest?" + CG.query({ lon: latlng.lng.toFixed(7), lat: latlng.lat.toFixed(7), k: 10 }));
    CG.nearestCases = fc.features;
    CG.markPoint(latlng);
    CG.showResults(fc);
    box.innerHTML = `<h3>${CG.t("nearestFromHere")} (${fc.features.length})</h3><ul class="items" data-list="nearest">` +
      fc.features.map(f => `<li><button data-id="${CG.escape(f.id)}"><span class="badge" style="background:${CG.statusColours[f.properties.status]};color:#000">${CG.escape(CG.statusName(f.properties.status))}</span>` +
        `${CG.escape(f.id)} · ${CG.escape(CG.typeName(f.properties.typeCode))} · ${Math.round(f.properties.distanceMeters)} ${CG.t("metres")}</button></li>`).join("") + `</ul>`;
    box.querySelectorAll("button[data-id]").forEach(b => b.addEventListener("click", () => CG.openEntity("cases", b.dataset.id, true)));
  } catch (err) { box.innerHTML = `<p class="error">${CG.escape(err.message)}</p>`; }
};

CG.nearestFromBrowser = function () {
  const fallback = () => { CG.say(CG.t("geoUnavailable")); CG.showNearest(CG.map.getCenter()); };
  if (!navigator.geolocation) return fallback();
  navigator.geolocation.getCurrentPosition(pos => {
    const ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
    CG.map.setView(ll, Math.max(CG.map.getZoom(), 17));
    CG.showNearest(ll);
  }, fallback, { timeout: 8000, maximumAge: 60000 });
};

/// Features found by a search or a nearest query, drawn over the layers until the next ones.
CG.showResults = function (fc) {
  if (CG.resultLayer) CG.map.removeLayer(CG.resultLayer);
  CG.resultLayer = L.geoJSON(fc, {
    pane: "points", style: { color: "#ff6d00", weight: 4, fillOpacity: 0.1 },
    pointToLayer: (f, ll) => L.circleMarker(ll, { pane: "points", radius: 10, color: "#ff6d00", weight: 3, fill: false }),
    onEachFeature: (f, layer) => layer.on("click", e => {
      L.DomEvent.stopPropagation(e);
      CG.onFeatureClick(f.properties.layer || "cases", f, e.latlng);
    }),
  }).addTo(CG.map);
};

CG.startReport = function (latlng) {
  CG.reportPoint = latlng;
  document.getElementById("report-point").textContent = latlng.lat.toFixed(6) + ", " + latlng.lng.toFixed(6);
  CG.openTab("cases");
  document.getElementById("report-form").scrollIntoView({ behavior: "smooth" });
};

CG.submitReport = async function (event) {
  event.preventDefault();
  if (!CG.reportPoint) return CG.say(CG.t("pickPoint"), true);
  if (!CG.token()) return CG.say(CG.t("needToken"), true);
  try {
    const out = await CG.api("/api/v1/cases", { method: "POST", body: {
      type: document.getElementById("report-type").value, source: document.getElementById("report-source").value,
      lon: CG.reportPoint.lng, lat: CG.reportPoint.lat, description: document.getElementById("report-description").value,
    } });
    const c = out.case;
    CG.say(CG.t("reportedOk") + " " + c.id);
    CG.refreshLayers(true);
    await CG.showCase(c.id);
    const extra = [];
    if (out.likelyDuplicates.features.length) extra.push(CG.t("duplicates") + ": " + out.likelyDuplicates.features.map(f => f.id).join(", "));
    if (out.proposedDepartments.length) extra.push(CG.t("departments") + ": " + out.proposedDepartments.map(d => CG.lang === "zh" ? d.nameZH : d.nameEN).join(", "));
    if (extra.length) document.getElementById("info").insertAdjacentHTML("beforeend", `<p class="hint">${CG.escape(extra.join(" · "))}</p>`);
  } catch (err) { CG.say(CG.t("failed") + ": " + err.message, true); }
};

/// Which steps the workflow allows from each status: filled from the catalogue (CityModel's
/// CaseWorkflow, through GET /api/v1/catalogue); the server still decides, and says why when it refuses.
CG.nextEvents = {};

CG.showCase = async function (id) {
  CG.loadingInfo();
  try {
    const [f, h] = await Promise.all([CG.api("/api/v1/layers/cases/" + encodeURIComponent(id)),
      CG.api("/api/v1/cases/" + encodeURIComponent(id) + "/history")]);
    const p = f.properties, a = p.attribution || {};
    CG.highlight(f);
    CG.lastPoint = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
    let html = `<h2>${CG.t("cases")} <span id="case-id">${CG.escape(id)}</span></h2>`;
    html += CG.kv([["status", `<span id="case-status">${CG.escape(CG.statusName(p.status))}</span>`], ["type", CG.escape(CG.typeName(p.typeCode))],
      ["description", CG.escape(p.description)], ["reported", CG.escape(String(p.reportedAt || "").replace("T", " ").slice(0, 16))],
      ["cell", CG.escape(a.gridCode)], ["segment", a.segment ? CG.escape(a.segment.roadName + " · " + a.segment.segmentID) : ""],
      ["assignee", CG.escape(CG.assignmentText(p.assignment))], ["due", CG.escape(CG.deadlineText(p.deadline))]]);
    html += `<h3>${CG.t("history")}</h3><ul class="items" data-list="history">` + (h.history || []).map(r =>
      `<li>${CG.escape(String(r.at || r.date || "").replace("T", " ").slice(0, 16))} · <b>${CG.escape(CG.eventText(r.event))}</b> · ${CG.escape(r.actor || "")}` +
      `${r.note ? `<br><span class="hint">${CG.escape(r.note)}</span>` : ""}</li>`).join("") + `</ul>`;
    html += CG.photosHTML(p.photos);
    html += CG.workflowHTML(p, a);
    if ((CG.nextEvents[p.status] || []).includes("dispatch")) html += `<div id="suggestions" class="stack"></div>`;
    CG.showInfo(html);
    CG.wireWorkflow(id);
    if (document.getElementById("suggestions")) CG.showSuggestions(id);
  } catch (err) { CG.failInfo(err); }
};

/// "department:housing" → "职能部门 住房保障和房屋管理局" (an assignee as the API writes and takes it).
CG.assignmentText = function (a) {
  if (!a || typeof a !== "string") return "";
  const cut = a.indexOf(":"), kind = a.slice(0, cut), code = a.slice(cut + 1);
  const label = { department: CG.lang === "zh" ? "职能部门" : "Department", gridTeam: CG.lang === "zh" ? "网格队伍" : "Grid team",
    roadChief: CG.t("chief"), officer: CG.t("layer.officers") }[kind] || kind;
  const dept = CG.catalogue.departments.find(d => d.code === code);
  return label + " " + (dept ? (CG.lang === "zh" ? dept.nameZH : dept.nameEN) : code);
};

/// {"rule": "timeLimit", "value": 5, "unit": "workingDays", "from": "…"} → "5个工作日 · 2026-11-21 13:41";
/// {"rule": "fixed", "dueAt": "…"} → the date the dispatcher set.
CG.deadlineText = function (d) {
  if (!d || typeof d !== "object") return d ? String(d) : "";
  const when = t => String(t || "").replace("T", " ").slice(0, 16);
  if (d.rule === "fixed") return when(d.dueAt);
  const units = { zh: { workingDays: "个工作日", workingHours: "个工作小时" } };
  const unit = (units[CG.lang] || {})[d.unit] || " " + d.unit;
  return (d.value !== undefined ? d.value + unit : "") + (d.from ? " · " + when(d.from) : "");
};

/// An event as the history rows name it ("dispatch"), or as a case's own history holds it
/// ({"event": "dispatch", "assignee": …}).
CG.eventText = function (e) {
  const name = e && typeof e === "object" ? e.event : String(e || "");
  const key = "ev." + name;
  return CG.t(key) === key ? (name === "report" ? (CG.lang === "zh" ? "上报" : "Report") : name) : CG.t(key);
};

CG.workflowHTML = function (p, a) {
  const events = CG.nextEvents[p.status] || [];
  if (!events.length) return "";
  const chief = a.segment && a.segment.chiefID;
  const assignees = CG.catalogue.departments.map(d => [`department:${d.code}`, CG.lang === "zh" ? d.nameZH : d.nameEN]);
  if (chief) assignees.unshift([`roadChief:${chief}`, CG.t("chief") + " " + chief]);
  if (a.gridCode) assignees.push([`gridTeam:${a.gridCode}`, CG.t("cell") + " " + a.gridCode]);
  return `<form id="workflow-form" class="stack"><h3>${CG.t("workflow")}</h3>
    <label>${CG.t("event")} <select id="wf-event">${events.map(e => `<option value="${e}">${CG.t("ev." + e)}</option>`).join("")}</select></label>
    <label>${CG.t("assignee")} <select id="wf-assignee">${assignees.map(([v, l]) => `<option value="${CG.escape(v)}">${CG.escape(l)}</option>`).join("")}</select></label>
    <label>${CG.t("note")} <input id="wf-note" type="text"></label>
    <button type="submit" class="wide primary">${CG.t("apply")}</button></form>`;
};

CG.wireWorkflow = function (id) {
  CG.wireLists();
  const form = document.getElementById("workflow-form");
  if (!form) return;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    if (!CG.token()) return CG.say(CG.t("needToken"), true);
    const body = { event: document.getElementById("wf-event").value, note: document.getElementById("wf-note").value };
    if (body.event === "dispatch") body.assignee = document.getElementById("wf-assignee").value;
    if (body.event === "mergeAsDuplicate") body.of = prompt("Case id / 案件编号") || "";
    try {
      const after = await CG.api("/api/v1/cases/" + encodeURIComponent(id) + "/transitions", { method: "POST", body });
      CG.say(CG.t("ev." + body.event) + " → " + CG.statusName(after.status));
      CG.refreshLayers(true);
      CG.showCase(id);
    } catch (err) { CG.say(CG.t("failed") + ": " + err.message, true); }
  });
};

/// The on-duty officers who reach the case soonest along the streets (GET …/suggestions), each with
/// its ETA and street path; one click dispatches the case to that officer.
CG.showSuggestions = async function (id) {
  const box = document.getElementById("suggestions");
  box.innerHTML = `<h3>${CG.t("suggested")}</h3><p class="hint">${CG.t("loading")}</p>`;
  try {
    const fc = await CG.api("/api/v1/cases/" + encodeURIComponent(id) + "/suggestions?k=3");
    if (CG.suggestionLayer) CG.map.removeLayer(CG.suggestionLayer);
    CG.suggestionLayer = L.geoJSON(fc, { pane: "lines", style: { color: "#1e88e5", weight: 4, dashArray: "6 4" } }).addTo(CG.map);
    if (!fc.features.length) { box.innerHTML = `<h3>${CG.t("suggested")}</h3><p class="hint">${CG.t("noOfficer")}</p>`; return; }
    box.innerHTML = `<h3>${CG.t("suggested")}</h3><ul class="items" data-list="suggestions">` + fc.features.map(f => {
      const p = f.properties;
      return `<li><button data-officer="${CG.escape(p.officer)}">${CG.escape(p.officer)} ${CG.escape(p.name)} · ${CG.escape(CG.t("mode." + p.mode))} · ` +
        `${p.etaMinutes} ${CG.t("minutes")}${p.busyWithOverdue ? " · " + CG.t("busyLate") : ""}</button></li>`;
    }).join("") + `</ul>`;
    box.querySelectorAll("button[data-officer]").forEach(b => b.addEventListener("click", async () => {
      if (!CG.token()) return CG.say(CG.t("needToken"), true);
      try {
        const after = await CG.api("/api/v1/cases/" + encodeURIComponent(id) + "/transitions",
          { method: "POST", body: { event: "dispatch", assignee: "officer:" + b.dataset.officer } });
        CG.say(CG.t("ev.dispatch") + " → " + b.dataset.officer + " · " + CG.statusName(after.status));
        if (CG.suggestionLayer) CG.map.removeLayer(CG.suggestionLayer);
        CG.refreshLayers(true);
        CG.showCase(id);
      } catch (err) { CG.say(CG.t("failed") + ": " + err.message, true); }
    }));
  } catch (err) { box.innerHTML = `<p class="error">${CG.escape(err.message)}</p>`; }
};
