// Evidence photos in the case and dossier panels: thumbnails that open the viewing size, each
// with its stage and what the location and time checks found (the verifier's second look).
"use strict";

/// The photos of a case or dossier, as the API (`id`, `thumbnailUrl`) or a layer's feature
/// (`sha256`) gives them.
CG.photosHTML = function (photos) {
  if (!photos || !photos.length) return "";
  const E = CG.escape;
  return `<h3>${CG.t("photos")} (${photos.length})</h3><ul class="photos" data-list="photos">` + photos.map(p => {
    const id = p.id || p.sha256;
    const stage = CG.t("photo.stage." + p.stage) || p.stage;
    const checks = (p.checks || []).map(c => {
      const warn = c.code === "farFromPlace" || c.code === "takenBeforeReport" || c.code === "takenAfterClose";
      const text = CG.t("photo." + c.code).replace("{m}", Math.round(c.distanceMeters || 0));
      return `<li class="${warn ? "photo-warning" : "hint"}" data-check="${E(c.code)}">${E(text)}</li>`;
    }).join("");
    return `<li><a href="/api/v1/photos/${E(id)}" target="_blank" rel="noopener">` +
      `<img src="/api/v1/photos/${E(id)}/thumbnail" alt="${E(stage)}" loading="lazy"></a>` +
      `<span class="photo-stage">${E(stage)}${p.takenAt ? " · " + E(String(p.takenAt).replace("T", " ").slice(0, 16)) : ""}</span>` +
      (checks ? `<ul class="photo-checks">${checks}</ul>` : "") + `</li>`;
  }).join("") + `</ul>`;
};
