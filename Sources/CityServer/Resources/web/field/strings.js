// The field app's words, Chinese first, English on the switch (kept in localStorage). Elements
// carry data-i18n; code calls F.t(key).
"use strict";
window.F = window.F || {};

F.messages = {
  zh: {
    title: "勤务通", online: "在线", offline: "离线", loginTitle: "队员登录", token: "访问令牌", officerId: "队员工号（可选）",
    login: "登录", "tab.tasks": "我的任务", "tab.near": "附近", "tab.report": "上报", "tab.more": "更多",
    whereAmI: "定位我的位置", nearCases: "附近未结案件", nearShops: "附近商户", caseType: "案件类型", description: "描述",
    photo: "现场照片（处置前）", useGps: "用GPS定位", tapHint: "或在地图上点选位置", submitReport: "上报",
    outbox: "待发送", sendNow: "立即发送", settings: "设置", gpsGcj: "本机GPS为GCJ-02坐标（部分国内浏览器）",
    crsNote: "地图为本系统自有图层（WGS-84），不加载互联网底图；点选地图的位置即为WGS-84。", logout: "退出登录", back: "返回",
    fromCache: "离线数据，更新于", fromNetwork: "已更新", noTasks: "暂无任务", overdue: "超期", due: "期限", status: "状态",
    metres: "米", noPoint: "请先用GPS定位或在地图上点选位置", noType: "请选择案件类型", queued: "已保存，联网后自动发送",
    sent: "已发送", conflict: "冲突", pending: "待发送", done: "已完成", failedLogin: "令牌无效或无法连接服务器",
    insideRedLine: "位于道路红线内", outsideRedLine: "不在道路红线内", cell: "网格", segment: "路段", chief: "路长",
    notInCell: "不在任何网格内", geoFailed: "无法获取位置", records: "档案记录", cases: "案件", photos: "照片",
    dossier: "一店一档", handledWithPhoto: "处置完成（需处置后照片）", afterPhoto: "处置后照片", submitHandled: "提交处置结果",
    needPhoto: "请先拍摄处置后照片", transition: "流转", description2: "说明", addRecord: "添加档案记录", note: "备注",
    kind: "类型", save: "保存", report: "上报案件", "ev.reportHandled": "处置反馈", "ev.register": "立案", "ev.verifyPassed": "核查通过", "ev.sendBack": "返工",
    "act.report": "上报案件", "act.photo": "上传照片", "act.transition": "案件流转", "act.record": "档案记录", retry: "重试", drop: "放弃",
    conflictNote: "服务器拒绝：", dependsFailed: "前一步未成功", distance: "距离", nothing: "无", loading: "加载中…",
    queueEmpty: "没有待发送的操作", signedInAs: "当前令牌", reportHere: "在此上报", redLine: "道路红线",
  },
  en: {
    title: "Field duty", online: "Online", offline: "Offline", loginTitle: "Officer sign-in", token: "Access token", officerId: "Officer id (optional)",
    login: "Sign in", "tab.tasks": "My tasks", "tab.near": "Near me", "tab.report": "Report", "tab.more": "More",
    whereAmI: "Locate me", nearCases: "Open cases nearby", nearShops: "Shops nearby", caseType: "Case type", description: "Description",
    photo: "Photo (before handling)", useGps: "Use GPS", tapHint: "or tap the map", submitReport: "Report",
    outbox: "Outbox", sendNow: "Send now", settings: "Settings", gpsGcj: "This phone's GPS gives GCJ-02 (some Chinese browsers)",
    crsNote: "The map shows this system's own layers (WGS-84), no internet tiles; a tap on it is a WGS-84 point.", logout: "Sign out", back: "Back",
    fromCache: "Offline data from", fromNetwork: "Updated", noTasks: "No tasks", overdue: "Overdue", due: "Due", status: "Status",
    metres: "m", noPoint: "Locate with GPS or tap the map first", noType: "Choose a case type", queued: "Saved; sent when online",
    sent: "Sent", conflict: "Conflict", pending: "Pending", done: "Done", failedLogin: "Token refused or server unreachable",
    insideRedLine: "Inside the road red line", outsideRedLine: "Outside the road red line", cell: "Cell", segment: "Segment", chief: "Road chief",
    notInCell: "Outside every grid cell", geoFailed: "No location", records: "Records", cases: "Cases", photos: "Photos",
    dossier: "Shop dossier", handledWithPhoto: "Handled (after-photo needed)", afterPhoto: "After-photo", submitHandled: "Hand in",
    needPhoto: "Take the after-photo first", transition: "Step", description2: "Note", addRecord: "Add a record", note: "Note",
    kind: "Kind", save: "Save", report: "Report a case", "ev.reportHandled": "Handled", "ev.register": "Register", "ev.verifyPassed": "Verified", "ev.sendBack": "Send back",
    "act.report": "Case report", "act.photo": "Photo upload", "act.transition": "Case step", "act.record": "Dossier record", retry: "Retry", drop: "Drop",
    conflictNote: "Refused by the server: ", dependsFailed: "an earlier step failed", distance: "Distance", nothing: "None", loading: "Loading…",
    queueEmpty: "Nothing waiting", signedInAs: "Token", reportHere: "Report here", redLine: "Road red line",
  },
};

F.lang = function () { return localStorage.getItem("field.lang") === "en" ? "en" : "zh"; };
F.t = function (key) { return F.messages[F.lang()][key] || F.messages.zh[key] || key; };
F.applyLanguage = function () {
  document.documentElement.lang = F.lang() === "en" ? "en" : "zh-CN";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = F.t(el.dataset.i18n);
  document.getElementById("lang").textContent = F.lang() === "en" ? "中文" : "EN";
};
