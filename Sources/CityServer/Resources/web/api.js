// The JSON API, with the bearer token the user entered (kept in localStorage, never in the page).
"use strict";
window.CG = window.CG || {};

CG.token = function () { return localStorage.getItem("citygrid.token") || ""; };
CG.setToken = function (t) { t ? localStorage.setItem("citygrid.token", t) : localStorage.removeItem("citygrid.token"); };

/// An error carrying the HTTP status and the RFC 9457 problem's detail.
class APIError extends Error {
  constructor(status, detail, type) { super(detail || ("HTTP " + status)); this.status = status; this.type = type || ""; }
}
CG.APIError = APIError;

CG.api = async function (path, options) {
  const opts = Object.assign({ method: "GET" }, options || {});
  const headers = { Accept: "application/json, application/geo+json, application/problem+json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (CG.token()) headers.Authorization = "Bearer " + CG.token();
  const res = await fetch(path, {
    method: opts.method, headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
  if (!res.ok) {
    const detail = data && (data.detail || data.title) || text.slice(0, 200);
    throw new APIError(res.status, detail, data && data.type);
  }
  return data;
};

CG.query = function (params) {
  return Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&");
};

/// Every page of a layer listing inside `bbox`, following nextCursor up to `max` features.
CG.fetchLayer = async function (layer, bbox, max, signal, properties) {
  const features = [];
  let cursor = null;
  do {
    const page = await CG.api("/api/v1/layers/" + layer + "?" +
      CG.query({ bbox: bbox && bbox.join(","), limit: Math.min(2000, max - features.length), properties, cursor }), { signal });
    features.push(...page.features);
    cursor = page.nextCursor;
  } while (cursor && features.length < max);
  return { type: "FeatureCollection", features, truncated: !!cursor };
};

/// Shows a short message in the status line (and a toast on a phone, where the panel may be shut).
CG.say = function (message, isError) {
  const el = document.getElementById("status");
  el.textContent = message;
  el.className = isError ? "error" : "";
  let toast = document.getElementById("toast");
  if (!toast) { toast = document.createElement("div"); toast.id = "toast"; document.body.appendChild(toast); }
  toast.textContent = message;
  toast.className = "show" + (isError ? " error" : "");
  clearTimeout(CG.say.timer);
  CG.say.timer = setTimeout(() => { toast.className = ""; }, 4000);
};

CG.escape = function (s) {
  return String(s === undefined || s === null ? "" : s).replace(/[&<>"']/g,
    c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
};
