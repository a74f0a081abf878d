// Patrol route planning: stops picked on the map (or the nearest open cases), sent to
// POST /api/v1/routes, and the answer drawn. A server without that route answers 404, which the
// panel says plainly instead of drawing anything.
"use strict";
window.CG = window.CG || {};

CG.routeStops = [];
CG.routeMode = "foot";

CG.addStop = function (latlng, id) {
  CG.routeStops.push({ id: id || "stop-" + (CG.routeStops.length + 1), latlng });
  CG.renderStops();
  CG.openTab("route");
};

CG.clearRoute = function () {
  CG.routeStops = [];
  if (CG.routeLayer) CG.map.removeLayer(CG.routeLayer);
  CG.routeLayer = null;
  document.getElementById("route-result").innerHTML = "";
  CG.renderStops();
};

CG.renderStops = function () {
  if (!CG.stopLayer) CG.stopLayer = L.layerGroup().addTo(CG.map);
  CG.stopLayer.clearLayers();
  CG.routeStops.forEach((s, i) => L.marker(s.latlng, { pane: "points", title: s.id })
    .bindTooltip(String(i + 1), { permanent: true, direction: "top" }).addTo(CG.stopLayer));
  document.getElementById("route-stops").innerHTML = CG.routeStops.map(s =>
    `<li>${CG.escape(s.id)} <span class="hint">${s.latlng.lat.toFixed(5)}, ${s.latlng.lng.toFixed(5)}</span></li>`).join("");
};

/// The open cases nearest to the map's centre (or the last clicked point) become the stops.
CG.stopsFromCases = async function () {
  const from = CG.lastPoint || CG.map.getCenter();
  try {
    const fc = await CG.api("/api/v1/nearest?" + CG.query({ lon: from.lng.toFixed(7), lat: from.lat.toFixed(7), k: 8 }));
    CG.routeStops = fc.features.map(f => ({ id: f.id, latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) }));
    CG.renderStops();
  } catch (err) { CG.say(CG.t("failed") + ": " + err.message, true); }
};

/// Plans through the picked stops (the first is the start), or, given `source` such as
/// {grid: code}, through that area's open cases from the last clicked point.
CG.planRoute = async function (source) {
  const box = document.getElementById("route-result");
  const point = s => ({ id: s.id, lon: s.latlng.lng, lat: s.latlng.lat });
  let body;
  if (source && !(source instanceof Event)) {
    const from = CG.lastPoint || CG.map.getCenter();
    body = Object.assign({ mode: CG.routeMode, start: { lon: from.lng, lat: from.lat } }, source);
  } else {
    if (CG.routeStops.length < 2) { box.innerHTML = `<p class="error">${CG.t("routeNeedsStops")}</p>`; return; }
    const [start, ...rest] = CG.routeStops;
    body = { mode: CG.routeMode, start: point(start), stops: rest.map(point) };
  }
  CG.openTab("route");
  box.innerHTML = `<p class="hint">${CG.t("loading")}</p>`;
  try {
    CG.drawRoute(await CG.api("/api/v1/routes", { method: "POST", body }));
  } catch (err) {
    // A server without the route answers 404 with the no-route problem (or 405).
    const missing = err.status === 405 || (err.status === 404 && (/no-route/.test(err.type) || /no route for/.test(err.message)));
    box.innerHTML = missing
      ? `<p class="error" id="route-missing">${CG.t("routeMissing")}</p>`
      : `<p class="error">${CG.escape(CG.t("failed") + ": " + err.message)}</p>`;
  }
};

/// The order of visits, and the stops the planner could not fit (unreachable, over budget) with why.
CG.routeDetailsHTML = function (answer) {
  const route = (answer.features || []).find(f => f.id === "route");
  const left = Object.entries((route && route.properties && route.properties.leftOut) || {});
  const order = (route && route.properties && route.properties.order) || [];
  const ordered = order.length ? `<ol id="route-order">${order.map(id => `<li>${CG.escape(id)}</li>`).join("")}</ol>` : "";
  return ordered + (left.length ? `<p class="hint">${left.map(([id, why]) => CG.escape(id + ": " + why)).join("<br>")}</p>` : "");
};

/// The first GeoJSON object in the answer: the answer itself, or a member such as route/geometry.
CG.findGeoJSON = function (value) {
  const kinds = ["Feature", "FeatureCollection", "LineString", "MultiLineString", "GeometryCollection"];
  if (!value || typeof value !== "object") return null;
  if (kinds.includes(value.type)) return value;
  for (const key of ["route", "geometry", "path", "features"]) {
    const found = CG.findGeoJSON(value[key]);
    if (found) return found;
  }
  return null;
};

/// A number anywhere in the answer under one of the names, e.g. lengthMeters or totalSeconds.
CG.findNumber = function (value, names, depth) {
  if (!value || typeof value !== "object" || (depth || 0) > 3) return null;
  for (const n of names) if (typeof value[n] === "number") return value[n];
  for (const v of Object.values(value)) {
    const found = CG.findNumber(v, names, (depth || 0) + 1);
    if (found !== null) return found;
  }
  return null;
};

CG.drawRoute = function (answer) {
  const box = document.getElementById("route-result");
  const geojson = CG.findGeoJSON(answer);
  if (CG.routeLayer) CG.map.removeLayer(CG.routeLayer);
  if (!geojson) { box.innerHTML = `<p class="error">${CG.t("failed")}: no route geometry</p>`; return; }
  CG.routeLayer = L.geoJSON(geojson, {
    pane: "lines", interactive: false,
    style: { color: "#0d47a1", weight: 6, opacity: 0.85, dashArray: "1 0", className: "patrol-route" },
    pointToLayer: (f, ll) => L.circleMarker(ll, { pane: "points", radius: 6, color: "#fff", weight: 2, fillColor: "#0d47a1", fillOpacity: 1 })
      .bindTooltip(String((f.properties || {}).sequence || "") + ". " + f.id, { direction: "right" }),
  }).addTo(CG.map);
  const b = CG.routeLayer.getBounds();
  if (b.isValid()) CG.map.fitBounds(b, { padding: [40, 40] });
  const metres = CG.findNumber(answer, ["meters", "lengthMeters", "totalMeters", "distanceMeters"]);
  const seconds = CG.findNumber(answer, ["totalSeconds", "durationSeconds", "seconds", "travelSeconds"]);
  const minutes = seconds !== null ? seconds / 60 : CG.findNumber(answer, ["travelMinutes", "minutes"]);
  box.innerHTML = `<p id="route-drawn">${CG.t("routeDrawn")}</p>` + CG.kv([
    ["length", metres !== null ? (metres / 1000).toFixed(2) + " " + CG.t("km") : ""],
    ["duration", minutes !== null ? Math.round(minutes) + " " + CG.t("minutes") : ""],
  ]) + CG.routeDetailsHTML(answer);
  CG.say(CG.t("routeDrawn"));
};
