"use strict";
// The grid center's wall screen (领导驾驶舱). Every number is /api/v1/dashboard's, which CityQuery
// computes with the same code as /api/v1/figures; the page only draws: tiles, ranked tables with
// SVG sparklines, SVG bars. It reloads every minute and, debounced, on every case step the live
// stream (/api/v1/events) announces. `?asOf=…` replays another instant (and then stays on it).

Object.assign(CG.messages.zh, {
  "dash.title": "领导驾驶舱", "dash.today": "今日（与上周同日同时段比较）", "dash.map": "网格地图",
  "dash.reported": "上报", "dash.registered": "立案", "dash.dispatched": "派遣", "dash.closed": "结案", "dash.overdue": "超期",
  "dash.bySubDistrict": "街道排名（近30天）", "dash.byDepartment": "处置部门排名（近30天）", "dash.byChief": "路长排名（近30天）",
  "dash.topCells": "未结案件最多的网格", "dash.topSegments": "未结案件最多的路段", "dash.repeatOffenders": "屡查屡犯（近30天）",
  "dash.rank": "名次", "dash.name": "名称", "dash.received": "受理数", "dash.registrationRate": "立案率", "dash.closureRate": "结案率",
  "dash.onTimeClosureRate": "按期结案率", "dash.reworkRate": "返工率", "dash.meanHandlingHours": "平均处置(时)",
  "dash.overdueOpen": "超期未结", "dash.trend": "30天趋势", "dash.sparkMetric": "趋势线", "dash.open": "未结", "dash.cases": "件",
  "dash.asOf": "数据时间", "dash.vsLastWeek": "较上周", "dash.report": "上月考核报告", "dash.live": "实时", "dash.polling": "每分钟刷新",
  "dash.none": "暂无",
});
Object.assign(CG.messages.en, {
  "dash.title": "Command dashboard", "dash.today": "Today (against the same hours of the same weekday last week)", "dash.map": "Map",
  "dash.reported": "Reported", "dash.registered": "Registered", "dash.dispatched": "Dispatched", "dash.closed": "Closed", "dash.overdue": "Overdue",
  "dash.bySubDistrict": "Sub-districts (30 days)", "dash.byDepartment": "Departments (30 days)", "dash.byChief": "Road chiefs (30 days)",
  "dash.topCells": "Cells with most open cases", "dash.topSegments": "Segments with most open cases", "dash.repeatOffenders": "Repeat offenders (30 days)",
  "dash.rank": "#", "dash.name": "Name", "dash.received": "Received", "dash.registrationRate": "Registered", "dash.closureRate": "Closed",
  "dash.onTimeClosureRate": "On time", "dash.reworkRate": "Rework", "dash.meanHandlingHours": "Mean h",
  "dash.overdueOpen": "Overdue", "dash.trend": "30 days", "dash.sparkMetric": "Trend of", "dash.open": "open", "dash.cases": "cases",
  "dash.asOf": "As of", "dash.vsLastWeek": "vs last week", "dash.report": "Last month's report", "dash.live": "live", "dash.polling": "refreshes every minute",
  "dash.none": "None",
});

CG.dash = { data: null, timer: null, pending: null, asOf: new URLSearchParams(location.search).get("asOf") };

CG.dash.percent = v => (v === undefined || v === null) ? "—" : (v * 100).toFixed(1) + "%";
CG.dash.hours = v => (v === undefined || v === null) ? "—" : v.toFixed(1);

CG.dash.svg = function (tag, attrs, children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children || []) el.appendChild(c);
  return el;
};

/// A sparkline of one metric over the 30 days: a polyline, the last point marked; a day with no
/// rate (nothing due) leaves a gap rather than a false zero.
CG.dash.sparkline = function (daily, metric) {
  const w = 90, h = 22, values = daily.map(d => d[metric]);
  const numbers = values.filter(v => v !== undefined && v !== null);
  const max = metric.endsWith("Rate") ? 1 : Math.max(1, ...numbers);
  const x = i => (i * (w - 4)) / Math.max(1, values.length - 1) + 2, y = v => h - 2 - (v / max) * (h - 4);
  const svg = CG.dash.svg("svg", { class: "spark", width: w, height: h, viewBox: `0 0 ${w} ${h}`, "data-metric": metric });
  let run = [];
  const flush = () => {
    if (run.length > 1) svg.appendChild(CG.dash.svg("polyline", { points: run.join(" "), fill: "none", stroke: "#5dade2", "stroke-width": 1.5 }));
    run = [];
  };
  values.forEach((v, i) => { if (v === undefined || v === null) flush(); else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`); });
  flush();
  const last = values.length - 1;
  if (last >= 0 && values[last] !== undefined && values[last] !== null) {
    svg.appendChild(CG.dash.svg("circle", { cx: x(last).toFixed(1), cy: y(values[last]).toFixed(1), r: 2, fill: "#f5b041" }));
  }
  svg.appendChild(CG.dash.svg("title", {}, [document.createTextNode(CG.t("dash." + metric))]));
  return svg;
};

CG.dash.tiles = function (d) {
  const tiles = document.getElementById("tiles");
  tiles.textContent = "";
  for (const key of ["reported", "registered", "dispatched", "closed", "overdue"]) {
    const now = d.today[key], before = d.sameDayLastWeek[key], diff = now - before;
    // More overdue is worse; for the other counts, more is neither good nor bad: only overdue is coloured.
    const cls = diff === 0 ? "same" : key === "overdue" ? (diff > 0 ? "worse" : "better") : "same";
    const tile = document.createElement("div");
    tile.className = "tile " + key;
    tile.dataset.figure = key;
    tile.innerHTML = `<div class="label">${CG.escape(CG.t("dash." + key))}</div>` +
      `<div class="value" data-field="today">${now}</div>` +
      `<div class="change ${cls}">${CG.escape(CG.t("dash.vsLastWeek"))} <span data-field="change">${diff > 0 ? "▲ " + diff : diff < 0 ? "▼ " + (-diff) : "— 0"}</span>` +
      ` <span class="muted">(<span data-field="lastWeek">${before}</span>)</span></div>`;
    tiles.appendChild(tile);
  }
};

CG.dash.columns = ["received", "registrationRate", "closureRate", "onTimeClosureRate", "reworkRate", "meanHandlingHours", "overdueOpen"];

CG.dash.ranking = function (tableID, groups, metric) {
  const table = document.getElementById(tableID);
  table.textContent = "";
  const head = table.createTHead().insertRow();
  for (const k of ["rank", "name", ...CG.dash.columns, "trend"]) {
    const th = document.createElement("th");
    th.textContent = CG.t("dash." + k);
    if (k === "name") th.className = "name";
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const g of groups) {
    const r = g.ranked, c = r.current, row = body.insertRow();
    row.dataset.group = r.group;
    const cell = (text, field, cls) => {
      const td = row.insertCell();
      td.textContent = text;
      if (field) td.dataset.field = field;
      if (cls) td.className = cls;
      return td;
    };
    cell(String(r.rank), "rank", "rank");
    cell(r.label, "label", "name").title = r.group;
    for (const k of CG.dash.columns) {
      const v = c[k];
      cell(k.endsWith("Rate") ? CG.dash.percent(v) : k === "meanHandlingHours" ? CG.dash.hours(v) : String(v), k);
    }
    cell("", "trend").appendChild(CG.dash.sparkline(g.daily, metric));
  }
};

/// Horizontal bars: open cases, the overdue part drawn over them in red.
CG.dash.bars = function (containerID, items) {
  const box = document.getElementById(containerID);
  box.textContent = "";
  if (!items.length) { box.textContent = CG.t("dash.none"); return; }
  const rowH = 22, labelW = 170, w = 420, max = Math.max(...items.map(i => i.open));
  const svg = CG.dash.svg("svg", { width: "100%", viewBox: `0 0 ${w} ${items.length * rowH}`, role: "img" });
  items.forEach((item, i) => {
    const y = i * rowH, scale = (w - labelW - 40) / max;
    const g = CG.dash.svg("g", { "data-id": item.id, "data-open": item.open, "data-overdue": item.overdue });
    const label = CG.dash.svg("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", fill: "#cfe3ff", "font-size": 12 });
    label.textContent = item.label.length > 20 ? item.label.slice(0, 19) + "…" : item.label;
    g.appendChild(label);
    g.appendChild(CG.dash.svg("rect", { x: labelW, y: y + 4, width: (item.open * scale).toFixed(1), height: rowH - 8, fill: "#2e86c1" }));
    g.appendChild(CG.dash.svg("rect", { x: labelW, y: y + 4, width: (item.overdue * scale).toFixed(1), height: rowH - 8, fill: "#e74c3c" }));
    const n = CG.dash.svg("text", { x: labelW + item.open * scale + 4, y: y + 15, fill: "#e6edf3", "font-size": 12 });
    n.textContent = `${item.open} (${item.overdue})`;
    g.appendChild(n);
    g.appendChild(CG.dash.svg("title", {}, [document.createTextNode(`${item.label}: ${CG.t("dash.open")} ${item.open}, ${CG.t("dash.overdue")} ${item.overdue}`)]));
    svg.appendChild(g);
  });
  box.appendChild(svg);
};

CG.dash.offenders = function (list) {
  const ol = document.getElementById("repeat-offenders");
  ol.textContent = "";
  if (!list.length) { ol.textContent = CG.t("dash.none"); return; }
  for (const o of list) {
    const li = document.createElement("li");
    li.dataset.id = o.id;
    li.dataset.cases = o.cases;
    li.textContent = `${o.label} · ${o.cases} ${CG.t("dash.cases")} · ${o.latestCaseID}`;
    ol.appendChild(li);
  }
};

CG.dash.draw = function () {
  const d = CG.dash.data;
  if (!d) return;
  const metric = document.getElementById("spark-metric").value;
  document.getElementById("as-of").textContent = CG.t("dash.asOf") + " " + d.asOf.replace("T", " ").slice(0, 16);
  CG.dash.tiles(d);
  CG.dash.ranking("rank-subDistricts", d.subDistricts, metric);
  CG.dash.ranking("rank-departments", d.departments, metric);
  CG.dash.ranking("rank-chiefs", d.chiefs, metric);
  CG.dash.bars("top-cells", d.topCells);
  CG.dash.bars("top-segments", d.topSegments);
  CG.dash.offenders(d.repeatOffenders);
  // Last month's report, in each format.
  const [y, m] = d.asOf.slice(0, 7).split("-").map(Number);
  const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  document.getElementById("report-links").innerHTML = `${CG.escape(CG.t("dash.report"))} ${last}: ` +
    ["html", "pdf", "xlsx"].map(f => `<a href="/api/v1/reports/${last}?format=${f}">${f.toUpperCase()}</a>`).join(" · ");
};

CG.dash.load = async function () {
  const main = document.getElementById("dashboard");
  try {
    CG.dash.data = await CG.api("/api/v1/dashboard" + (CG.dash.asOf ? "?" + CG.query({ asOf: CG.dash.asOf }) : ""));
    CG.dash.draw();
    main.dataset.state = "ready";
    main.dataset.loadedAt = String(Date.now());
    const status = document.getElementById("status");
    status.textContent = "";
    status.className = "";
  } catch (err) {
    main.dataset.state = "failed";
    const status = document.getElementById("status");
    status.textContent = String(err.message || err);
    status.className = "error";
  }
};

/// Case steps from the live stream: one reload per burst.
CG.dash.listen = function () {
  if (!window.EventSource) return;
  const token = CG.token();
  const source = new EventSource("/api/v1/events" + (token ? "?access_token=" + encodeURIComponent(token) : ""));
  const state = document.getElementById("live-state");
  source.onopen = () => { state.textContent = "● " + CG.t("dash.live"); state.dataset.live = "open"; };
  source.onerror = () => { state.textContent = CG.t("dash.polling"); state.dataset.live = "reconnecting"; };
  const onStep = () => {
    clearTimeout(CG.dash.pending);
    CG.dash.pending = setTimeout(CG.dash.load, 1500);
  };
  for (const type of ["case.report", "case.register", "case.rejectAtRegistration", "case.dispatch", "case.reportHandled",
    "case.verifyPassed", "case.sendBack", "case.close", "case.escalate", "case.cancel", "case.mergeAsDuplicate", "case.overdue"]) {
    source.addEventListener(type, onStep);
  }
};

document.addEventListener("DOMContentLoaded", () => {
  const setTitle = () => { document.title = CG.t("dash.title") + " · CityGrid"; };
  CG.applyLanguage();
  setTitle();
  document.getElementById("lang-toggle").addEventListener("click", () => { CG.toggleLanguage(); setTitle(); CG.dash.draw(); });
  document.getElementById("spark-metric").addEventListener("change", CG.dash.draw);
  CG.dash.load();
  CG.dash.timer = setInterval(CG.dash.load, 60_000);
  CG.dash.listen();
});
