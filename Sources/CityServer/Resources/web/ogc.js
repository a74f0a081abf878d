"use strict";
// The OGC API's HTML pages: a small map of the collection's extent or of the page's features,
// drawn from the JSON of the same resource (data-geojson) with the city's own layers only (no
// internet tiles).
(function () {
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const map = L.map(el, { attributionControl: false });
  const box = (el.dataset.bbox || "").split(",").map(Number);
  if (box.length === 4 && box.every(Number.isFinite)) map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
  else map.setView([31.23, 121.47], 13);
  if (!el.dataset.geojson) return;
  fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then(r => r.json())
    .then(data => {
      const layer = L.geoJSON(data, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, weight: 1, color: "#c62828", fillOpacity: 0.7 }),
        style: { color: "#1565c0", weight: 2, fillOpacity: 0.15 },
        onEachFeature: (f, l) => l.bindTooltip(String(f.id)),
      }).addTo(map);
      const bounds = layer.getBounds();
      if (!(box.length === 4 && box.every(Number.isFinite)) && bounds.isValid()) {
        if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), 17);
        else map.fitBounds(bounds, { padding: [20, 20] });
      }
      el.dataset.drawn = String(data.type === "Feature" ? 1 : (data.features || []).length);
    });
})();
