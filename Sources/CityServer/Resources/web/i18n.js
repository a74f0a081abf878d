// Chinese and English labels. Elements carry data-i18n (text), data-i18n-placeholder or
// data-i18n-title; code calls CG.t(key). The choice is kept in localStorage.
"use strict";
window.CG = window.CG || {};

CG.messages = {
  zh: {
    title: "城市网格地图", panel: "面板", search: "搜索", searchHint: "网格编码、道路、路长、商户名称或地址",
    allLayers: "全部图层", "tab.info": "详情", "tab.layers": "图层", "tab.cases": "案件", "tab.route": "巡查路线",
    "tab.settings": "设置", clickHint: "点击地图：定位、网格统计、路段路长、实体档案。",
    "layer.grids": "网格", "layer.parcels": "地块", "layer.roads": "道路", "layer.segments": "路段（按路长着色）",
    "layer.redlines": "道路红线", "layer.storefronts": "沿街商户", "layer.structures": "违法建筑", "layer.cases": "案件", "layer.officers": "执法队员", liveReported: "新上报案件", liveOverdue: "案件已超期", overdueAlerts: "超期提醒", dueWas: "应办结于",
    suggested: "就近派遣（按路网时间）", noOfficer: "暂无在岗且定位新鲜的队员可到达", minutes: "分钟", busyLate: "手上有超期案件",
    "mode.foot": "步巡", "mode.bike": "骑行", "mode.car": "车巡",
    choropleth: "按网格统计未结案件（分级着色）", export: "导出当前显示（GeoJSON）",
    exportNote: "导出为浏览器下载；Shapefile 请用命令行 citygrid export。",
    nearestFromMe: "我附近的未结案件", nearestFromHere: "附近未结案件", reportHere: "在此上报", addStop: "加入巡查",
    reportCase: "上报案件", reportHint: "先在地图上点选位置。", point: "位置", caseType: "案件类型", source: "来源",
    description: "描述", submitReport: "上报", "src.patrol": "巡查发现", "src.hotline12345": "12345热线",
    "src.camera": "视频监控", "src.complaint": "投诉举报", "src.media": "媒体曝光",
    routeHint: "点选地图上的巡查点（或“加入巡查”），再规划路线。", routeFromCases: "以附近未结案件为巡查点",
    clear: "清空", planRoute: "规划巡查路线", token: "访问令牌（巡查员/派单员）", save: "保存",
    tokenNote: "令牌仅保存在本浏览器（localStorage）。", tokenSaved: "令牌已保存", tokenCleared: "令牌已清空",
    location: "位置", cell: "网格", subDistrict: "街道", community: "社区", officer: "网格员", parcel: "地块",
    landUse: "用地", holder: "权利人", segment: "路段", road: "道路", chief: "路长", unit: "单位", phone: "电话",
    redLine: "红线", verdict: "判定", distance: "距离", metres: "米", wasteLiability: "建筑垃圾责任",
    figures: "统计", storefronts: "商户", unlicensed: "无证", expiredLicences: "证照过期", wallBreaking: "破墙开店",
    structures: "违建", officers: "执法队员", onDuty: "在岗", structureArea: "违建面积（㎡）", demolished: "已拆除", openCases: "未结案件", overdueCases: "超期案件",
    photos: "证据照片", "photo.stage.report": "上报", "photo.stage.before": "处置前", "photo.stage.after": "处置后", "photo.stage.record": "档案", "photo.farFromPlace": "拍摄地点距案件 {m} 米", "photo.takenBeforeReport": "拍摄时间早于上报",
    "photo.takenAfterClose": "拍摄时间晚于结案", "photo.noPosition": "照片无定位信息", "photo.noTime": "照片无拍摄时间",
    cases: "案件", records: "档案记录", history: "流转记录", noneHere: "无", loading: "加载中…", failed: "请求失败",
    frontage: "沿街范围", status: "状态", type: "类型", reported: "上报时间", due: "期限", assignee: "处置对象",
    dossier: "档案", workflow: "案件流转", event: "操作", note: "备注", apply: "执行", needToken: "请先在“设置”中填写令牌",
    "ev.register": "立案", "ev.rejectAtRegistration": "不予立案", "ev.dispatch": "派遣", "ev.reportHandled": "处置反馈",
    "ev.verifyPassed": "核查通过", "ev.sendBack": "返工", "ev.close": "结案", "ev.escalate": "移送公安", "ev.cancel": "作废",
    "ev.mergeAsDuplicate": "合并重复", pickPoint: "请先在地图上点选位置", reportedOk: "已上报案件", duplicates: "疑似重复",
    departments: "建议部门", routeNeedsStops: "至少需要两个巡查点", routeMissing: "本服务器尚未提供巡查路线规划（POST /api/v1/routes 返回 404）。",
    routeDrawn: "路线已绘制", length: "长度", duration: "时长", minutes: "分钟", km: "公里", found: "找到", results: "条结果",
    noResults: "没有结果", legend: "图例", exported: "已导出", features: "个要素", myLocation: "我的位置",
    geoUnavailable: "无法获取浏览器位置，改用地图中心", outside: "不在任何网格内", stops: "巡查点", flags: "标记", patrolCell: "巡查本网格案件",
    dashboard: "驾驶舱",
    caseFilter: "案件筛选（地图、热力图、分级着色）", filterStatus: "状态", filterRange: "上报时间", "scope.open": "未结", "scope.overdue": "超期",
    "scope.all": "全部", "range.all": "不限", "range.24h": "最近24小时", "range.7d": "最近7天", "range.30d": "最近30天", "range.custom": "自定义",
    heatMap: "热力图", "level.clusters": "按区域聚合", "level.cells": "按网格聚合", "level.cases": "逐案显示",
  },
  en: {
    title: "City grid map", panel: "Panel", search: "Search", searchHint: "Grid code, road, chief, shop name or address",
    allLayers: "All layers", "tab.info": "Details", "tab.layers": "Layers", "tab.cases": "Cases", "tab.route": "Patrol",
    "tab.settings": "Settings", clickHint: "Click the map: locate, cell figures, segment and chief, dossiers.",
    "layer.grids": "Grid cells", "layer.parcels": "Parcels", "layer.roads": "Roads", "layer.segments": "Segments (by road chief)",
    "layer.redlines": "Red lines", "layer.storefronts": "Storefronts", "layer.structures": "Illegal structures", "layer.cases": "Cases", "layer.officers": "Officers", liveReported: "New case reported", liveOverdue: "Case overdue", overdueAlerts: "Overdue", dueWas: "due",
    suggested: "Soonest officers (street time)", noOfficer: "No officer on duty with a fresh fix reaches it", minutes: "min", busyLate: "late with another case",
    "mode.foot": "on foot", "mode.bike": "by bike", "mode.car": "by car",
    choropleth: "Open cases per cell (choropleth)", export: "Export what is shown (GeoJSON)",
    exportNote: "Downloads in the browser; for shapefiles use `citygrid export`.",
    nearestFromMe: "Open cases near me", nearestFromHere: "Nearest open cases", reportHere: "Report here", addStop: "Add to patrol",
    reportCase: "Report a case", reportHint: "Pick the place on the map first.", point: "Point", caseType: "Case type", source: "Source",
    description: "Description", submitReport: "Report", "src.patrol": "Patrol", "src.hotline12345": "12345 hotline",
    "src.camera": "Camera", "src.complaint": "Complaint", "src.media": "Media",
    routeHint: "Pick patrol stops on the map (or “Add to patrol”), then plan.", routeFromCases: "Stops from nearby open cases",
    clear: "Clear", planRoute: "Plan patrol route", token: "Access token (officer / dispatcher)", save: "Save",
    tokenNote: "The token stays in this browser (localStorage).", tokenSaved: "Token saved", tokenCleared: "Token cleared",
    location: "Location", cell: "Cell", subDistrict: "Sub-district", community: "Community", officer: "Grid officer", parcel: "Parcel",
    landUse: "Land use", holder: "Holder", segment: "Segment", road: "Road", chief: "Road chief", unit: "Unit", phone: "Phone",
    redLine: "Red line", verdict: "Verdict", distance: "Distance", metres: "m", wasteLiability: "Construction-waste liability",
    figures: "Figures", storefronts: "Storefronts", unlicensed: "Unlicensed", expiredLicences: "Expired licences", wallBreaking: "Wall breaking",
    structures: "Structures", officers: "Officers", onDuty: "on duty", structureArea: "Structure area (m²)", demolished: "Demolished", openCases: "Open cases", overdueCases: "Overdue cases",
    photos: "Evidence photos", "photo.stage.report": "Report", "photo.stage.before": "Before", "photo.stage.after": "After", "photo.stage.record": "Record", "photo.farFromPlace": "photo taken {m} m away", "photo.takenBeforeReport": "taken before the case was reported",
    "photo.takenAfterClose": "taken after the case was closed", "photo.noPosition": "no GPS position in the photo", "photo.noTime": "no time in the photo",
    cases: "Cases", records: "Records", history: "History", noneHere: "None", loading: "Loading…", failed: "Request failed",
    frontage: "Frontage", status: "Status", type: "Type", reported: "Reported", due: "Due", assignee: "Assignee",
    dossier: "Dossier", workflow: "Workflow", event: "Step", note: "Note", apply: "Apply", needToken: "Enter a token under Settings first",
    "ev.register": "Register", "ev.rejectAtRegistration": "Reject", "ev.dispatch": "Dispatch", "ev.reportHandled": "Report handled",
    "ev.verifyPassed": "Verify", "ev.sendBack": "Send back", "ev.close": "Close", "ev.escalate": "Escalate", "ev.cancel": "Cancel",
    "ev.mergeAsDuplicate": "Merge as duplicate", pickPoint: "Pick a point on the map first", reportedOk: "Case reported", duplicates: "Likely duplicates",
    departments: "Proposed departments", routeNeedsStops: "A route needs two stops or more", routeMissing: "This server does not plan patrol routes yet (POST /api/v1/routes answered 404).",
    routeDrawn: "Route drawn", length: "Length", duration: "Duration", minutes: "min", km: "km", found: "Found", results: "results",
    noResults: "No results", legend: "Legend", exported: "Exported", features: "features", myLocation: "My location",
    geoUnavailable: "Browser location unavailable; using the map centre", outside: "Outside every cell", stops: "stops", flags: "Flags", patrolCell: "Patrol this cell's cases",
    dashboard: "Dashboard",
    caseFilter: "Case filter (map, heat map, choropleth)", filterStatus: "Status", filterRange: "Reported", "scope.open": "Open", "scope.overdue": "Overdue",
    "scope.all": "All", "range.all": "Any time", "range.24h": "Last 24 h", "range.7d": "Last 7 days", "range.30d": "Last 30 days", "range.custom": "Custom",
    heatMap: "Heat map", "level.clusters": "Clustered by area", "level.cells": "Aggregated per cell", "level.cases": "Each case",
  },
};

CG.lang = localStorage.getItem("citygrid.lang") === "en" ? "en" : "zh";

CG.t = function (key) {
  const m = CG.messages[CG.lang];
  return key in m ? m[key] : (CG.messages.zh[key] || key);
};

CG.applyLanguage = function () {
  document.documentElement.lang = CG.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = CG.t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach(el => { el.placeholder = CG.t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll("[data-i18n-title]").forEach(el => { el.title = CG.t(el.dataset.i18nTitle); });
  document.getElementById("lang-toggle").textContent = CG.lang === "zh" ? "EN" : "中文";
  document.title = CG.t("title") + " · CityGrid";
};

CG.toggleLanguage = function () {
  CG.lang = CG.lang === "zh" ? "en" : "zh";
  localStorage.setItem("citygrid.lang", CG.lang);
  CG.applyLanguage();
  document.dispatchEvent(new Event("cg:language"));
};
