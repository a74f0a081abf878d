// The offline queue: every write the officer makes (case report, photo upload, case step, dossier
// record) is an action in IndexedDB with its photo Blob and an idempotency key fixed when it was
// queued (crypto.randomUUID). Actions are sent in the order they were made, each with its key, so
// a repeat after a lost answer is answered by the server from its store and never writes twice.
// A photo or a step that belongs to a case reported offline names the report action (`after`)
// and takes the case id from its answer.
"use strict";
window.F = window.F || {};

F.queue = (function () {
  const DB = "citygrid-field", STORE = "actions";
  let opened = null;
  let flushing = null;

  function db() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return opened;
  }

  /// Adds an action; answers its sequence number (what a later action names in `after`).
  async function add(action) {
    // The token too: an action is sent in the name of the officer who made it, even if another
    // signs in on the phone before the network returns.
    const full = Object.assign({ key: crypto.randomUUID(), state: "pending", queuedAt: new Date().toISOString(), token: F.token() }, action);
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(STORE, "readwrite");
      const r = t.objectStore(STORE).add(full);
      t.oncomplete = () => resolve(r.result);
      t.onerror = () => reject(t.error);
    });
  }

  async function all() {
    const d = await db();
    return new Promise((resolve, reject) => {
      const r = d.transaction(STORE).objectStore(STORE).getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  async function put(action) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(STORE, "readwrite");
      t.objectStore(STORE).put(action);
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    });
  }

  async function remove(seq) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(STORE, "readwrite");
      t.objectStore(STORE).delete(seq);
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    });
  }

  /// The request an action makes, with the case id its report got when it names one.
  function request(action, byseq) {
    let caseId = action.caseId;
    if (!caseId && action.after) {
      const parent = byseq.get(action.after);
      caseId = parent && parent.result && parent.result.caseId;
    }
    const enc = encodeURIComponent;
    switch (action.kind) {
      case "report": return { path: "/api/v1/cases", type: "application/json", body: JSON.stringify(action.body) };
      case "transition": return { path: "/api/v1/cases/" + enc(caseId) + "/transitions", type: "application/json", body: JSON.stringify(action.body) };
      case "photo": {
        const base = action.layer ? "/api/v1/dossiers/" + enc(action.layer) + "/" + enc(action.entityId) : "/api/v1/cases/" + enc(caseId);
        return { path: base + "/photos" + (action.stage ? "?stage=" + enc(action.stage) : ""), type: action.blob.type || "image/jpeg", body: action.blob };
      }
      case "record": return { path: "/api/v1/dossiers/" + enc(action.layer) + "/" + enc(action.entityId) + "/records", type: "application/json", body: JSON.stringify(action.body) };
    }
    throw new Error("unknown action " + action.kind);
  }

  /// Sends the pending actions in order, until one cannot be sent now (no network, a 5xx, a
  /// 429: tried again later with the same key). A refusal the officer must see (4xx: the case
  /// was closed meanwhile, a type no longer in the catalogue) marks the action "conflict" with
  /// the server's words, and every action that depends on it too.
  async function flush() {
    if (flushing) return flushing;
    flushing = (async () => {
      let sent = 0;
      try {
        const actions = (await all()).sort((a, b) => a.seq - b.seq);
        const byseq = new Map(actions.map((a) => [a.seq, a]));
        for (const action of actions) {
          if (action.state !== "pending") continue;
          const parent = action.after && byseq.get(action.after);
          if (parent && parent.state === "conflict") {
            action.state = "conflict";
            action.error = F.t("dependsFailed");
            action.blocked = true; // not sent: what it needs was refused
            await put(action);
            continue;
          }
          if (parent && parent.state !== "done") break; // order: never before what it depends on
          const r = request(action, byseq);
          let response;
          try {
            response = await fetch(r.path, {
              method: "POST", body: r.body,
              headers: { "Content-Type": r.type, "Idempotency-Key": action.key, Authorization: "Bearer " + (action.token || F.token()),
                         Accept: "application/json, application/problem+json" },
            });
          } catch (_) {
            break; // offline: keep the order, try again when the network is back
          }
          const text = await response.text();
          let data = null;
          try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
          if (response.status >= 500 || response.status === 429 || response.status === 503) break;
          if (response.ok) {
            action.state = "done";
            action.result = { status: response.status, replayed: response.headers.get("Idempotent-Replayed") === "true" };
            if (action.kind === "report" && data && data.case) action.result.caseId = data.case.id || (data.case.properties && data.case.properties.id);
            if (action.kind === "photo" && data) action.result.photo = data.id;
            action.doneAt = new Date().toISOString();
            action.blob = undefined; // the server has it now
            sent += 1;
          } else {
            action.state = "conflict";
            action.error = (data && (data.detail || data.title)) || ("HTTP " + response.status);
            action.status = response.status;
          }
          await put(action);
        }
      } finally {
        flushing = null;
      }
      if (F.onQueueChanged) F.onQueueChanged(sent);
      return sent;
    })();
    return flushing;
  }

  return { add, all, put, remove, flush };
})();
