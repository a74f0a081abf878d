// The field app (勤务通): an officer's day on a phone, online or not. Reads go through the
// service worker (sw.js), which keeps the last answers; every write is queued (queue.js) and sent
// in order with its idempotency key. Positions: the browser's Geolocation API gives WGS-84
// (W3C Geolocation, "World Geodetic System"), sent as crs=wgs84; a phone whose browser hands out
// GCJ-02 (some Chinese browsers and WebViews) sets the switch in "More" and its fixes are sent as
// crs=gcj02, which the server turns into WGS-84 (GeoCore's ChinaOffsets). The map draws this
// system's own layers in WGS-84 with no internet tiles, so a tap on it is already WGS-84.
"use strict";
window.F = window.F || {};

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const OPEN = "reported,registered,dispatched,handled,verified";
const PHOTO_EVENTS = new Set(["reportHandled", "verifyPassed"]);
const OFFICER_EVENTS = new Set(["reportHandled", "verifyPassed", "sendBack"]); // AccessPolicy: the steps an officer takes

F.token = () => localStorage.getItem("field.token") || "";
F.officer = () => localStorage.getItem("field.officer") || "";
F.place = () => { try { return JSON.parse(localStorage.getItem("field.place") || "null"); } catch (_) { return null; } };
F.catalogue = null;

F.say = function (message, isError) {
  const toast = $("toast");
  toast.textContent = message;
  toast.className = "show" + (isError ? " error" : "");
  clearTimeout(F.say.timer);
  F.say.timer = setTimeout(() => { toast.className = ""; }, 3500);
};

/// A GET with the token; through the service worker, which answers from its cache when offline
/// (marked `X-Field-Cache`). Answers { data, cached }.
F.get = async function (path, options) {
  if (options && options.cacheOnly) {
    // What the service worker kept last time, without asking the network (a slow one is slow).
    const kept = window.caches && await caches.match(path, { ignoreVary: true });
    if (!kept) return null;
    return { data: await kept.json(), cached: "hit" };
  }
  const response = await fetch(path, { headers: { Authorization: "Bearer " + F.token(), Accept: "application/json, application/geo+json" } });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
  if (!response.ok) {
    const error = new Error((data && (data.detail || data.title)) || ("HTTP " + response.status));
    error.status = response.status;
    throw error;
  }
  return { data, cached: response.headers.get("X-Field-Cache") };
};

// --- Leaflet, loaded after the task list so that the first screen never waits for it.
F.leaflet = function () {
  if (window.L) return Promise.resolve(window.L);
  if (!F.leaflet.loading) {
    F.leaflet.loading = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/vendor/leaflet/leaflet.css";
      document.head.appendChild(css);
      const script = document.createElement("script");
      script.src = "/vendor/leaflet/leaflet.min.js";
      script.onload = () => resolve(window.L);
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  return F.leaflet.loading;
};

F.maps = {};
F.map = async function (id) {
  const L = await F.leaflet();
  if (!F.maps[id]) {
    const here = F.place() || { lon: 121.4737, lat: 31.2304 };
    const map = L.map(id, { zoomControl: true, attributionControl: false }).setView([here.lat, here.lon], 16);
    // No internet tiles: this system's own cells and roads around the view are the base map.
    const base = L.layerGroup().addTo(map);
    const drawBase = () => F.drawBase(map, base);
    map.on("moveend", drawBase);
    F.maps[id] = { map, layer: L.layerGroup().addTo(map) };
    drawBase();
  }
  setTimeout(() => F.maps[id].map.invalidateSize(), 0);
  return F.maps[id];
};

F.drawBase = async function (map, group) {
  if (map.getZoom() < 15) { group.clearLayers(); return; }
  const b = map.getBounds();
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
  const layers = await Promise.allSettled(["grids", "roads"].map((l) => F.get("/api/v1/layers/" + l + "?limit=500&bbox=" + bbox)));
  group.clearLayers();
  layers.forEach((r, i) => {
    if (r.status !== "fulfilled") return;
    L.geoJSON(r.value.data, { interactive: false, style: { className: i === 0 ? "cg-cell" : "cg-road" } }).addTo(group);
  });
};

// --- Where I am.
F.locate = function () {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error(F.t("geoFailed")));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy,
                       crs: $("gps-gcj").checked ? "gcj02" : "wgs84" }),
      () => reject(new Error(F.t("geoFailed"))), { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  });
};

F.locateOnServer = async function (p) {
  const { data } = await F.get("/api/v1/locate?lon=" + p.lon + "&lat=" + p.lat + "&crs=" + p.crs);
  const place = { lon: p.lon, lat: p.lat, crs: p.crs, cell: data.cell && (data.cell.code || data.cell.id), segment: data.segment && (data.segment.id || data.segment.segmentID), locate: data };
  localStorage.setItem("field.place", JSON.stringify(place));
  return place;
};

// --- My tasks: cases dispatched to me (with an officer id), and the open cases of the cell I
// was last in; overdue first, then by deadline.
F.renderTasks = async function (options) {
  const cacheOnly = !!(options && options.cacheOnly);
  const get = (path) => F.get(path, { cacheOnly }).then((r) => r || Promise.reject(new Error("not kept")));
  const list = $("task-list");
  const items = new Map();
  let cached = false, failed = null;
  const officer = F.officer(), place = F.place();
  const sources = [];
  if (officer) {
    sources.push(get("/api/v1/officers/" + encodeURIComponent(officer) + "/tasks").then(({ data, cached: c }) => {
      cached = cached || !!c;
      for (const t of data.tasks) items.set(t.id, { id: t.id, type: t.type, status: t.status, dueAt: t.dueAt, overdue: t.overdue, mine: true });
    }));
  }
  if (place && place.cell) {
    sources.push(get("/api/v1/cases?status=" + OPEN + "&grid=" + encodeURIComponent(place.cell) + "&limit=100").then(({ data, cached: c }) => {
      cached = cached || !!c;
      for (const f of data.features) {
        const p = f.properties;
        if (!items.has(f.id)) items.set(f.id, { id: f.id, type: p.typeCode, typeName: p.typeName, status: p.status, statusZH: p.statusZH, dueAt: p.dueAt, overdue: p.overdue, description: p.description });
      }
    }));
  }
  for (const r of await Promise.allSettled(sources)) if (r.status === "rejected") failed = r.reason;
  if (cacheOnly && failed) return false; // nothing kept yet: the network pass draws the list
  if (failed && !items.size && list.dataset.ready === "1") { $("tasks-source").textContent = failed.message; return false; }
  const pending = (await F.queue.all()).filter((a) => a.kind === "report" && a.state !== "done");
  const sorted = [...items.values()].sort((a, b) => (b.overdue - a.overdue) || String(a.dueAt || "~").localeCompare(String(b.dueAt || "~")) || a.id.localeCompare(b.id));
  const html = [];
  for (const a of pending) {
    html.push(`<li class="${a.state === "conflict" ? "conflict" : ""}" data-queued="${a.seq}"><div class="title"><span class="badge">${esc(F.t(a.state === "conflict" ? "conflict" : "pending"))}</span>${esc(F.typeName(a.body.type))}</div><div class="meta">${esc(a.body.description || "")}</div></li>`);
  }
  for (const t of sorted) {
    html.push(`<li class="tap${t.overdue ? " overdue" : ""}" data-case="${esc(t.id)}"><div class="title">${t.overdue ? `<span class="badge red">${esc(F.t("overdue"))}</span>` : ""}${esc(t.typeName || F.typeName(t.type))}</div>`
      + `<div class="meta">${esc(t.id)} · ${esc(F.statusName(t.status, t.statusZH))}${t.dueAt ? " · " + esc(F.t("due")) + " " + esc(t.dueAt.slice(0, 16).replace("T", " ")) : ""}</div>`
      + (t.description ? `<div class="meta">${esc(t.description)}</div>` : "") + "</li>");
  }
  list.innerHTML = html.join("") || `<li>${esc(F.t("noTasks"))}</li>`;
  list.dataset.count = String(sorted.length);
  list.dataset.ready = "1";
  list.dataset.source = cached ? "cache" : "network";
  // When the list was first shown, for scripts/bench-field (measured from navigation start).
  if (!performance.getEntriesByName("field:tasks").length) performance.mark("field:tasks");
  $("tasks-source").textContent = failed && !sorted.length ? failed.message : (cached ? F.t("fromCache") : F.t("fromNetwork")) + " " + new Date().toLocaleTimeString();
  document.dispatchEvent(new Event("field:tasks"));
  return true;
};

F.typeName = function (code) {
  const t = F.catalogue && F.catalogue.caseTypes.find((c) => c.code === code);
  return t ? (F.lang() === "en" && t.nameEN ? t.nameEN : t.nameZH || t.name || code) : code;
};
F.statusName = function (code, zh) {
  if (F.lang() === "zh") {
    const s = F.catalogue && F.catalogue.statuses.find((x) => x.code === code);
    return zh || (s && s.nameZH) || code;
  }
  return code;
};

// --- Near me: where I stand (cell, segment, red-line verdict), nearest open cases and shops.
F.renderNear = async function () {
  let p;
  try {
    p = await F.locate();
  } catch (e) {
    const last = F.place();
    if (!last) { F.say(e.message, true); return; }
    p = last;
  }
  let place;
  try { place = await F.locateOnServer(p); } catch (e) { F.say(e.message, true); return; }
  const l = place.locate || {};
  const red = l.redLine || null;
  const verdict = $("verdict");
  // The red-line verdict where I stand (inside / outside / needsOnSiteConfirmation), as the
  // server decides it from the road red lines (within their tolerance).
  verdict.className = "verdict" + (l.redLineVerdict === "inside" ? " inside" : "");
  verdict.dataset.verdict = l.redLineVerdict || "";
  verdict.innerHTML = [
    place.cell ? `${esc(F.t("cell"))} ${esc(place.cell)}${l.cell && l.cell.officer ? " · " + esc(l.cell.officer) : ""}` : esc(F.t("notInCell")),
    place.segment ? `${esc(F.t("segment"))} ${esc(place.segment)}` : "",
    l.redLineVerdict ? `${esc(F.t("redLine"))}: ${esc(F.lang() === "zh" && l.redLineVerdictZH ? l.redLineVerdictZH : l.redLineVerdict)}`
      + (red ? ` · ${esc(red.roadName || "")} ${Math.abs(red.signedDistanceMeters).toFixed(1)} ${esc(F.t("metres"))}` : "") : "",
  ].filter(Boolean).join("<br>");
  const [cases, shops] = await Promise.allSettled([
    F.get("/api/v1/nearest?lon=" + p.lon + "&lat=" + p.lat + "&crs=" + p.crs + "&k=10"),
    place.cell ? F.get("/api/v1/grids/" + encodeURIComponent(place.cell)) : Promise.resolve({ data: {} }),
  ]);
  const features = cases.status === "fulfilled" ? cases.value.data.features : [];
  $("near-cases").innerHTML = features.map((f) => `<li class="tap" data-case="${esc(f.id)}"><div class="title">${esc(f.properties.typeName || F.typeName(f.properties.typeCode))}</div>`
    + `<div class="meta">${esc(f.id)} · ${esc(F.statusName(f.properties.status, f.properties.statusZH))} · ${Math.round(f.properties.distanceMeters)} ${esc(F.t("metres"))}</div></li>`).join("")
    || `<li>${esc(F.t("nothing"))}</li>`;
  const cell = shops.status === "fulfilled" ? shops.value.data : {};
  const stores = ((cell.storefronts && (cell.storefronts.features || cell.storefronts)) || []).map((s) => {
    const c = s.geometry && s.geometry.coordinates;
    const d = c ? F.metres(p, { lon: c[0], lat: c[1] }) : Infinity;
    return { id: s.id || (s.properties && s.properties.id), name: s.properties ? (s.properties.name || s.properties.shopName) : s.name, address: s.properties && s.properties.address, d };
  }).filter((s) => s.id).sort((a, b) => a.d - b.d).slice(0, 10);
  $("near-shops").innerHTML = stores.map((s) => `<li class="tap" data-shop="${esc(s.id)}"><div class="title">${esc(s.name || s.id)}</div>`
    + `<div class="meta">${esc(s.address || "")}${isFinite(s.d) ? " · " + Math.round(s.d) + " " + esc(F.t("metres")) : ""}</div></li>`).join("") || `<li>${esc(F.t("nothing"))}</li>`;
  const { map, layer } = await F.map("near-map");
  layer.clearLayers();
  L.circleMarker([p.lat, p.lon], { radius: 9, color: "#1f5fa8", fillOpacity: 0.8 }).addTo(layer);
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    L.circleMarker([lat, lon], { radius: 7, color: "#c0392b" }).addTo(layer).on("click", () => F.openCase(f.id));
  }
  map.setView([p.lat, p.lon], 17);
};

/// Great-circle metres (haversine): enough to order shops within one cell.
F.metres = function (a, b) {
  const r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
};

// --- A case, and moving it along.
F.photoHTML = async function (photos) {
  const out = [];
  for (const ph of photos || []) {
    try {
      const response = await fetch(ph.thumbnailUrl || ph.url, { headers: { Authorization: "Bearer " + F.token() } });
      if (!response.ok) continue;
      const url = await F.dataURL(await response.blob()); // CSP: img-src 'self' data:
      out.push(`<img src="${url}" alt="${esc(ph.stage || "")}" title="${esc((ph.stage || "") + " " + (ph.takenAt || ""))}">`);
    } catch (_) { /* offline: the photo is not kept */ }
  }
  return `<div class="photos">${out.join("")}</div>`;
};

F.dataURL = (blob) => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(reader.result);
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(blob);
});

F.sheet = function (title, html) {
  $("detail-title").textContent = title;
  $("detail-body").innerHTML = html;
  $("detail").hidden = false;
};

F.openCase = async function (id) {
  F.sheet(id, `<p>${esc(F.t("loading"))}</p>`);
  let c;
  try { c = (await F.get("/api/v1/cases/" + encodeURIComponent(id))).data; } catch (e) { $("detail-body").innerHTML = `<p class="error">${esc(e.message)}</p>`; return; }
  const p = c.properties || c;
  const allowed = ((F.catalogue && F.catalogue.workflow[p.status]) || []).filter((e) => OFFICER_EVENTS.has(e));
  const checks = (p.photos || []).flatMap((ph) => (ph.checks || []).map((k) => `<li class="meta">${esc(ph.stage || "")}: ${esc(k.message || k.code)}</li>`));
  let html = `<p class="title">${esc(p.typeName || F.typeName(p.typeCode))} · ${esc(F.statusName(p.status, p.statusZH))}</p>`
    + `<p>${esc(p.description || "")}</p>`
    + (p.dueAt ? `<p class="meta">${esc(F.t("due"))} ${esc(p.dueAt.replace("T", " ").slice(0, 16))}${p.overdue ? ` <span class="badge red">${esc(F.t("overdue"))}</span>` : ""}</p>` : "")
    + (p.storefrontID ? `<button class="wide" data-shop="${esc(p.storefrontID)}">${esc(F.t("dossier"))} ${esc(p.storefrontID)}</button>` : "")
    + `<h3>${esc(F.t("photos"))}</h3>${await F.photoHTML(p.photos)}` + (checks.length ? `<ul>${checks.join("")}</ul>` : "");
  if (allowed.length) {
    html += `<form id="step-form" class="stack" data-case="${esc(id)}"><h3>${esc(F.t("transition"))}</h3>`
      + `<select id="step-event">${allowed.map((e) => `<option value="${e}">${esc(F.t("ev." + e))}</option>`).join("")}</select>`
      + `<label class="camera"><span>${esc(F.t("afterPhoto"))}</span><input id="step-photo" type="file" accept="image/*" capture="environment"></label>`
      + `<label><span>${esc(F.t("note"))}</span><textarea id="step-note" rows="2"></textarea></label>`
      + `<button type="submit" class="primary wide">${esc(F.t("submitHandled"))}</button></form>`;
  }
  $("detail-body").innerHTML = html;
};

F.submitStep = async function (form) {
  const id = form.dataset.case, event = $("step-event").value, file = $("step-photo").files[0];
  if (PHOTO_EVENTS.has(event) && !file) { F.say(F.t("needPhoto"), true); return; }
  let after;
  // The after-photo first: the server may refuse "handled" without it.
  if (file) after = await F.queue.add({ kind: "photo", caseId: id, stage: "after", blob: file, label: id });
  await F.queue.add({ kind: "transition", caseId: id, after, body: { event, note: $("step-note").value }, label: id + " " + F.t("ev." + event) });
  $("detail").hidden = true;
  F.say(F.t("queued"));
  F.sync();
};

// --- A shop's dossier (一店一档) with its photos and records.
F.openShop = async function (id) {
  F.sheet(id, `<p>${esc(F.t("loading"))}</p>`);
  let d;
  try { d = (await F.get("/api/v1/dossiers/storefronts/" + encodeURIComponent(id))).data; } catch (e) { $("detail-body").innerHTML = `<p class="error">${esc(e.message)}</p>`; return; }
  const e = d.entity || d.feature || {};
  const props = e.properties || e;
  const records = d.records || [];
  const cases = (d.cases && (d.cases.features || d.cases)) || [];
  $("detail-body").innerHTML = `<p class="title">${esc(props.name || props.shopName || id)}</p><p class="meta">${esc(props.address || "")}</p>`
    + `<h3>${esc(F.t("photos"))}</h3>${await F.photoHTML(d.photos)}`
    + `<h3>${esc(F.t("records"))}</h3><ul class="cards">${records.map((r) => `<li><div class="title">${esc(r.kindZH || r.kind)} · ${esc(String(r.date || "").slice(0, 10))}</div><div class="meta">${esc(r.officer || "")} ${esc(r.note || "")}</div></li>`).join("") || `<li>${esc(F.t("nothing"))}</li>`}</ul>`
    + `<h3>${esc(F.t("cases"))}</h3><ul class="cards">${cases.map((c) => `<li class="tap" data-case="${esc(c.id)}">${esc(c.id)} · ${esc(F.statusName((c.properties || c).status, (c.properties || c).statusZH))}</li>`).join("") || `<li>${esc(F.t("nothing"))}</li>`}</ul>`
    + `<form id="record-form" class="stack" data-shop="${esc(id)}"><h3>${esc(F.t("addRecord"))}</h3>`
    + `<select id="record-kind">${["inspection", "warning", "rectification", "talk", "notice", "other"].map((k) => `<option>${k}</option>`).join("")}</select>`
    + `<label class="camera"><span>${esc(F.t("photos"))}</span><input id="record-photo" type="file" accept="image/*" capture="environment"></label>`
    + `<label><span>${esc(F.t("note"))}</span><textarea id="record-note" rows="2"></textarea></label>`
    + `<button type="submit" class="primary wide">${esc(F.t("save"))}</button></form>`;
};

F.submitRecord = async function (form) {
  const id = form.dataset.shop, file = $("record-photo").files[0];
  await F.queue.add({ kind: "record", layer: "storefronts", entityId: id, body: { kind: $("record-kind").value, note: $("record-note").value }, label: id });
  if (file) await F.queue.add({ kind: "photo", layer: "storefronts", entityId: id, blob: file, label: id });
  $("detail").hidden = true;
  F.say(F.t("queued"));
  F.sync();
};

// --- Reporting a case with the camera.
F.reportPoint = null;
F.setReportPoint = function (p) {
  F.reportPoint = p;
  $("report-point").textContent = p.lat.toFixed(6) + ", " + p.lon.toFixed(6) + (p.crs === "gcj02" ? " (GCJ-02)" : "");
  if (F.maps["report-map"] && window.L) {
    const { map, layer } = F.maps["report-map"];
    layer.clearLayers();
    L.marker([p.lat, p.lon]).addTo(layer);
    map.setView([p.lat, p.lon], Math.max(map.getZoom(), 17));
  }
};

F.submitReport = async function () {
  const type = $("report-type").value, p = F.reportPoint, file = $("report-photo").files[0];
  if (!type) { F.say(F.t("noType"), true); return; }
  if (!p) { F.say(F.t("noPoint"), true); return; }
  const body = { type, source: "patrol", description: $("report-description").value, lon: p.lon, lat: p.lat, crs: p.crs };
  const seq = await F.queue.add({ kind: "report", body, label: F.typeName(type) });
  if (file) await F.queue.add({ kind: "photo", after: seq, stage: "report", blob: file, label: F.typeName(type) });
  $("report-form").reset();
  $("report-preview").hidden = true;
  F.reportPoint = null;
  $("report-point").textContent = "—";
  F.say(F.t("queued"));
  await F.sync();
};

// --- The outbox.
F.renderQueue = async function () {
  const actions = (await F.queue.all()).sort((a, b) => a.seq - b.seq);
  const waiting = actions.filter((a) => a.state !== "done");
  const badge = $("queue-badge");
  badge.hidden = waiting.length === 0;
  badge.textContent = String(waiting.length);
  badge.dataset.conflicts = String(waiting.filter((a) => a.state === "conflict").length);
  $("queue-list").innerHTML = waiting.map((a) => `<li class="${a.state === "conflict" ? "conflict" : ""}" data-seq="${a.seq}">`
    + `<div class="title">${esc(F.t("act." + a.kind))} · ${esc(a.label || "")}</div>`
    + `<div class="meta">${esc(F.t(a.state === "conflict" ? "conflict" : "pending"))} · ${esc(a.queuedAt.slice(11, 19))}</div>`
    + (a.error ? `<div class="meta error">${a.blocked ? "" : esc(F.t("conflictNote"))}${esc(a.error)}</div><button data-drop="${a.seq}">${esc(F.t("drop"))}</button>` : "")
    + "</li>").join("") || `<li>${esc(F.t("queueEmpty"))}</li>`;
};

F.sync = async function () {
  const before = (await F.queue.all()).filter((a) => a.state === "conflict").length;
  const sent = await F.queue.flush();
  const after = (await F.queue.all()).filter((a) => a.state === "conflict").length;
  if (after > before) F.say(F.t("conflict") + ": " + ((await F.queue.all()).filter((a) => a.state === "conflict").pop().error), true);
  else if (sent) F.say(F.t("sent") + " " + sent);
  await F.renderQueue();
  if (sent) F.renderTasks();
};

F.setNet = function () {
  const net = $("net");
  net.dataset.state = navigator.onLine ? "online" : "offline";
  net.textContent = F.t(navigator.onLine ? "online" : "offline");
};

// --- Start.
F.showApp = async function () {
  $("login").hidden = true;
  $("app").hidden = false;
  $("who").textContent = F.t("signedInAs") + " …" + F.token().slice(-4) + (F.officer() ? " · " + F.officer() : "");
  const showCatalogue = (r) => {
    if (!r) return;
    F.catalogue = r.data;
    const chosen = $("report-type").value;
    $("report-type").innerHTML = `<option value=""></option>` + r.data.caseTypes.map((t) => `<option value="${esc(t.code)}">${esc(t.code)} ${esc(F.lang() === "en" && t.nameEN ? t.nameEN : t.nameZH || t.name)}</option>`).join("");
    $("report-type").value = chosen;
  };
  // The last kept answers first (the list shows at once, even on a slow or no network), then
  // the network's.
  const kept = await Promise.all([F.get("/api/v1/catalogue", { cacheOnly: true }).then(showCatalogue).catch(() => {}),
                                  F.renderTasks({ cacheOnly: true }).catch(() => false)]);
  const fresh = F.get("/api/v1/catalogue").then(showCatalogue).catch(() => {});
  await F.renderTasks().catch((e) => { if (!kept[1]) F.say(e.message, true); });
  fresh.then(() => { if (F.officer()) F.renderTasks({ cacheOnly: true }); }); // officer tasks name types by code
  // The service worker once the first screen is up: its install fetches Leaflet, which must not
  // compete with the task list on a slow network.
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" }).catch(() => {});
  F.renderQueue();
  F.sync();
  // Where I am, for the next time the list is drawn (the cell's cases), without holding up this one.
  F.locate().then(F.locateOnServer).then(() => F.renderTasks()).catch(() => {});
};

F.start = function () {
  F.applyLanguage();
  F.setNet();
  $("gps-gcj").checked = localStorage.getItem("field.gcj") === "1";
  $("gps-gcj").addEventListener("change", (e) => localStorage.setItem("field.gcj", e.target.checked ? "1" : "0"));
  $("lang").addEventListener("click", () => {
    localStorage.setItem("field.lang", F.lang() === "en" ? "zh" : "en");
    F.applyLanguage();
    F.setNet();
    if (F.token()) { F.renderTasks(); F.renderQueue(); }
  });
  window.addEventListener("online", () => { F.setNet(); F.sync(); });
  window.addEventListener("offline", F.setNet);
  setInterval(() => { if (F.token()) F.sync(); }, 15000);
  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const token = $("login-token").value.trim();
    localStorage.setItem("field.token", token);
    localStorage.setItem("field.officer", $("login-officer").value.trim());
    try {
      await F.get("/api/v1/catalogue"); // an unknown token is a 401 on every route
    } catch (error) {
      if (error.status === 401) { localStorage.removeItem("field.token"); $("login-error").textContent = F.t("failedLogin"); return; }
    }
    F.showApp();
  });
  $("logout").addEventListener("click", async () => {
    // The next officer on this phone must not see this one's kept data; queued actions keep
    // their own token and are still sent.
    localStorage.removeItem("field.token");
    localStorage.removeItem("field.officer");
    if (window.caches) for (const name of await caches.keys()) if (name.endsWith("-data")) await caches.delete(name);
    location.reload();
  });
  $("tabs").addEventListener("click", (e) => {
    const tab = e.target.dataset.tab;
    if (!tab) return;
    for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
    for (const s of document.querySelectorAll(".tab")) s.classList.toggle("active", s.id === "tab-" + tab);
    if (tab === "near") F.renderNear();
    if (tab === "report") F.map("report-map").then(({ map }) => {
      if (!map.tapping) { map.tapping = true; map.on("click", (ev) => F.setReportPoint({ lon: ev.latlng.lng, lat: ev.latlng.lat, crs: "wgs84" })); }
    });
    if (tab === "more") F.renderQueue();
    if (tab === "tasks") F.renderTasks();
  });
  $("queue-badge").addEventListener("click", () => document.querySelector('#tabs button[data-tab="more"]').click());
  $("near-refresh").addEventListener("click", F.renderNear);
  $("report-gps").addEventListener("click", () => F.locate().then(F.setReportPoint, (err) => F.say(err.message, true)));
  $("report-photo").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    $("report-preview").hidden = !file;
    if (file) $("report-preview").src = await F.dataURL(file);
  });
  $("report-form").addEventListener("submit", (e) => { e.preventDefault(); F.submitReport(); });
  $("queue-flush").addEventListener("click", F.sync);
  $("detail-close").addEventListener("click", () => { $("detail").hidden = true; });
  document.body.addEventListener("submit", (e) => {
    if (e.target.id === "step-form") { e.preventDefault(); F.submitStep(e.target); }
    if (e.target.id === "record-form") { e.preventDefault(); F.submitRecord(e.target); }
  });
  document.body.addEventListener("click", async (e) => {
    const item = e.target.closest("[data-case],[data-shop],[data-drop]");
    if (!item || item.tagName === "FORM") return;
    if (item.dataset.drop) { await F.queue.remove(Number(item.dataset.drop)); F.renderQueue(); return; }
    if (item.dataset.case) F.openCase(item.dataset.case);
    else if (item.dataset.shop) F.openShop(item.dataset.shop);
  });
  F.onQueueChanged = () => F.renderQueue();
  if (F.token()) F.showApp(); else $("login").hidden = false;
};

F.start();
