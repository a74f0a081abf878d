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

CG.planRoute = async function () {
  const box = document.getElementById("route-result");
  if (CG.routeStops.length < 2) { box.innerHTML = `<p class="error">${CG.t("routeNeedsStops")}</p>`; return; }
  const [start, ...rest] = CG.routeStops;
  const point = s => ({ id: s.id, lon: s.latlng.lng, lat: s.latlng.lat });
  box.innerHTML = `<p class="hint">${CG.t("loading")}</p>`;
  try {
    const answer = await CG.api("/api/v1/routes", { method: "POST", body: { mode: CG.routeMode, start: point(start), stops: rest.map(point) } });
    CG.drawRoute(answer);
  } catch (err) {
    box.innerHTML = err.status === 404 || err.status === 405
      ? `<p class="error" id="route-missing">${CG.t("routeMissing")}</p>`
      : `<p class="error">${CG.escape(CG.t("failed") + ": " + err.message)}</p>`;
  }
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
    pointToLayer: (f, ll) => L.circleMarker(ll, { pane: "points", radius: 4, color: "#0d47a1" }),
  }).addTo(CG.map);
  const b = CG.routeLayer.getBounds();
  if (b.isValid()) CG.map.fitBounds(b, { padding: [40, 40] });
  const metres = CG.findNumber(answer, ["lengthMeters", "totalMeters", "meters", "distanceMeters"]);
  const seconds = CG.findNumber(answer, ["totalSeconds", "durationSeconds", "seconds", "travelSeconds"]);
  box.innerHTML = `<p id="route-drawn">${CG.t("routeDrawn")}</p>` + CG.kv([
    ["length", metres !== null ? (metres / 1000).toFixed(2) + " " + CG.t("km") : ""],
    ["duration", seconds !== null ? Math.round(seconds / 60) + " " + CG.t("minutes") : ""],
  ]);
  CG.say(CG.t("routeDrawn"));
};
