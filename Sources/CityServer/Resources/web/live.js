"use strict";
// The live map: committed case steps arrive as Server-Sent Events (/api/v1/events) and the cases
// layer is reloaded for them, so a case reported or moved anywhere shows without a reload; a case
// whose deadline passes (case.overdue, from the server's clock) is listed at the top of the cases
// panel until opened; the officers layer follows their fixes by reloading every few seconds while
// it is shown.

CG.live = { source: null, lastEvent: null, pending: null };

CG.startLive = function () {
  if (!window.EventSource) return;
  // EventSource sends no headers: the token, when one is set, goes in the query.
  const token = CG.token();
  const source = CG.live.source = new EventSource("/api/v1/events" + (token ? "?access_token=" + encodeURIComponent(token) : ""));
  const onStep = message => {
    let step;
    try { step = JSON.parse(message.data); } catch (err) { return; }
    CG.live.lastEvent = step;
    if (step.type === "case.report") CG.say(CG.t("liveReported") + " " + step.case + (step.subDistrict ? " · " + step.subDistrict : ""));
    // Steps come in bursts (an import, a dispatch round): one reload for the burst.
    clearTimeout(CG.live.pending);
    CG.live.pending = setTimeout(async () => {
      const state = CG.layers.cases;
      if (state && state.visible) await CG.refreshLayer("cases");
      document.getElementById("map").dataset.liveEvent = String(step.id);
    }, 150);
  };
  for (const type of CG.eventTypes) source.addEventListener(type, onStep);
  source.addEventListener("case.overdue", message => {
    let e;
    try { e = JSON.parse(message.data); } catch (err) { return; }
    CG.alertOverdue(e);
    onStep(message);
  });
  // The browser reconnects by itself and sends Last-Event-ID: no step is lost across a drop.
  source.onerror = () => { document.getElementById("map").dataset.live = "reconnecting"; };
  source.onopen = () => { document.getElementById("map").dataset.live = "open"; };
};

/// An overdue case at the top of the cases panel (once per case), with a count on the tab.
CG.alertOverdue = function (e) {
  const list = document.getElementById("overdue-alerts");
  if (list.querySelector(`li[data-case="${CSS.escape(e.case)}"]`)) return;
  const item = document.createElement("li");
  item.dataset.case = e.case;
  const button = document.createElement("button");
  button.className = "link";
  button.textContent = `${e.case} · ${CG.typeName(e.caseType || "")} · ${CG.t("dueWas")} ${new Date(e.at).toLocaleString()}`;
  button.addEventListener("click", () => { item.remove(); CG.countAlerts(); CG.showCase(e.case); });
  item.appendChild(button);
  list.prepend(item);
  CG.countAlerts();
  CG.say(CG.t("liveOverdue") + " " + e.case, true);
};

CG.countAlerts = function () {
  const n = document.querySelectorAll("#overdue-alerts li").length;
  document.getElementById("alerts").hidden = n === 0;
  const tab = document.querySelector("button[data-tab=cases]");
  if (n) tab.dataset.alerts = String(n); else delete tab.dataset.alerts;
};

/// After the token changes in Settings: the stream again, as the new reader.
CG.restartLive = function () {
  if (CG.live.source) CG.live.source.close();
  CG.startLive();
};

CG.eventTypes = ["case.report", "case.register", "case.rejectAtRegistration", "case.dispatch", "case.reportHandled",
  "case.verifyPassed", "case.sendBack", "case.close", "case.escalate", "case.cancel", "case.mergeAsDuplicate"];

/// Officers move with their fixes: reload the layer every five seconds while it is on screen.
CG.followOfficers = function () {
  setInterval(() => {
    const state = CG.layers.officers;
    if (state && state.visible && CG.map.getZoom() >= CG.layerDefs.officers.minZoom) CG.refreshLayer("officers");
  }, 5000);
};
