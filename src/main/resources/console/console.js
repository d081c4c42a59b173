// Warden's operator console: plain DOM code over the admin API, the admin key kept in sessionStorage.
"use strict";

const KEY = "warden.adminKey";
const MAX_ROWS = 500;
let streamAbort = null;

const $ = (id) => document.getElementById(id);

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text == null ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: "Bearer " + sessionStorage.getItem(KEY) }, options.headers || {});
  if (options.body && typeof options.body !== "string") {
    options.body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (res.status === 401) { signOut("the admin key was refused"); throw new Error("unauthorized"); }
  if (!res.ok) {
    let message = res.status + " " + res.statusText;
    try { message = (await res.json()).error || message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

async function json(path, options) {
  return (await api(path, options)).json();
}

// ---- sign in --------------------------------------------------------------------------------------------
function signOut(reason) {
  sessionStorage.removeItem(KEY);
  if (streamAbort) streamAbort.abort();
  $("tabs").hidden = true;
  document.querySelectorAll(".view").forEach((v) => (v.hidden = true));
  $("login").hidden = false;
  $("login-error").textContent = reason || "";
}

async function signIn(key) {
  sessionStorage.setItem(KEY, key);
  try {
    const policy = await json("/admin/policy");
    $("login").hidden = true;
    $("tabs").hidden = false;
    $("who").textContent = "policy generation " + policy.generation;
    show("decisions");
  } catch (e) {
    if (e.message !== "unauthorized") signOut(e.message);
  }
}

// ---- views ----------------------------------------------------------------------------------------------
const loaders = { decisions: startStream, accounts: loadAccounts, failures: loadFailures, policy: loadPolicy, reports: loadReports };

function show(view) {
  document.querySelectorAll(".view").forEach((v) => (v.hidden = v.id !== view));
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
  if (view !== "decisions" && streamAbort) { streamAbort.abort(); streamAbort = null; }
  loaders[view]();
}

// ---- decisions: the recent ones, then a server-sent event stream read with fetch (EventSource cannot send a key)
function filterQuery(form) {
  const params = new URLSearchParams();
  new FormData(form).forEach((v, k) => { if (v) params.set(k, v); });
  return params;
}

function addDecision(d, top) {
  const body = $("decision-rows");
  const row = top ? body.insertRow(0) : body.insertRow();
  row.dataset.seq = d.seq;
  cell(row, d.seq);
  cell(row, new Date(d.at).toLocaleTimeString());
  cell(row, d.model);
  cell(row, d.account);
  cell(row, d.action, "action-" + d.action);
  cell(row, d.reason);
  cell(row, d.defense);
  cell(row, d.batch);
  cell(row, d.withheld || "");
  cell(row, d.message);
  while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
}

async function startStream() {
  if (streamAbort) streamAbort.abort();
  const params = filterQuery($("decision-filter"));
  $("decision-rows").replaceChildren();
  const recent = await json("/admin/decisions?" + params + "&limit=200");
  recent.decisions.slice().reverse().forEach((d) => addDecision(d, false));
  const controller = new AbortController();
  streamAbort = controller;
  try {
    params.set("after", recent.last);
    const res = await api("/admin/decisions/stream?" + params, { signal: controller.signal, headers: { Accept: "text/event-stream" } });
    $("stream-state").textContent = "live";
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
        if (message.includes("event: decision") && data) addDecision(JSON.parse(data), true);
      }
    }
    $("stream-state").textContent = "stream ended";
  } catch (e) {
    if (e.name !== "AbortError") $("stream-state").textContent = "stream lost: " + e.message;
  }
}

// ---- accounts and bans ----------------------------------------------------------------------------------
async function loadAccounts() {
  const [bans, accounts] = await Promise.all([json("/admin/bans"), json("/admin/accounts")]);
  const banRows = $("ban-rows");
  banRows.replaceChildren();
  bans.bans.forEach((b) => {
    const row = banRows.insertRow();
    cell(row, b.account);
    cell(row, b.level);
    cell(row, new Date(b.until).toLocaleString());
    cell(row, b.reason);
    const lift = document.createElement("button");
    lift.textContent = "Lift";
    lift.addEventListener("click", async () => {
      await api("/admin/bans/" + encodeURIComponent(b.account), { method: "DELETE" });
      loadAccounts();
    });
    row.insertCell().append(lift);
  });
  if (!bans.bans.length) cell(banRows.insertRow(), "no account is banned", "muted").colSpan = 5;
  const rows = $("account-rows");
  rows.replaceChildren();
  accounts.accounts.concat(accounts.unconfigured).forEach((a) => {
    const row = rows.insertRow();
    cell(row, a.id);
    cell(row, a.tier);
    cell(row, a.recent_queries);
    cell(row, a.recent_refused, a.recent_refused ? "action-reject" : "");
  });
}

// ---- failures ------------------------------------------------------------------------------------------
let selectedFailure = null;

async function loadFailures() {
  const params = filterQuery($("failure-filter"));
  params.set("limit", "200");
  const page = await json("/api/failures?" + params);
  const rows = $("failure-rows");
  rows.replaceChildren();
  page.records.forEach((r) => {
    const row = rows.insertRow();
    row.className = "clickable";
    row.dataset.id = r.id;
    cell(row, r.id);
    cell(row, r.status);
    cell(row, r.failure_class);
    cell(row, r.model && r.model.name);
    cell(row, r.title);
    row.addEventListener("click", () => showFailure(r.id));
  });
  if (!page.records.length) cell(rows.insertRow(), "no failure records", "muted").colSpan = 5;
}

async function showFailure(id) {
  const r = await json("/api/failures/" + encodeURIComponent(id));
  selectedFailure = r.id;
  $("failure-detail").hidden = false;
  $("failure-title").textContent = r.id + " — " + (r.title || "");
  $("failure-meta").textContent = [r.status, r.failure_class, r.severity, r.model && r.model.name, r.reporter].filter(Boolean).join(" · ");
  $("failure-message").textContent = "";
  const box = $("failure-evidence");
  box.replaceChildren();
  for (const input of (r.evidence && r.evidence.inputs) || []) {
    const bytes = await (await api("/api/failures/blobs/" + input.sha256)).arrayBuffer();
    const canvas = drawTensor(input, bytes);
    if (canvas) box.append(canvas);
    else box.append(document.createTextNode(input.name + " " + input.datatype + " [" + input.shape.join(",") + "]"));
  }
}

// Evidence tensors are little-endian row-major; image-like shapes ([1,]C,H,W or H,W,C) are drawn scaled to the canvas.
function drawTensor(input, bytes) {
  const shape = input.shape.slice();
  while (shape.length > 3 && shape[0] === 1) shape.shift();
  let values;
  if (input.datatype === "FP32" || input.datatype === "FP16") values = new Float32Array(bytes);
  else if (input.datatype === "FP64") values = new Float64Array(bytes);
  else if (input.datatype === "UINT8") values = new Uint8Array(bytes);
  else return null;
  let c, h, w, chw;
  if (shape.length === 2) { c = 1; [h, w] = shape; chw = true; }
  else if (shape.length === 3 && (shape[0] === 1 || shape[0] === 3)) { [c, h, w] = shape; chw = true; }
  else if (shape.length === 3 && (shape[2] === 1 || shape[2] === 3)) { [h, w, c] = shape; chw = false; }
  else return null;
  let lo = Infinity, hi = -Infinity;
  values.forEach((v) => { lo = Math.min(lo, v); hi = Math.max(hi, v); });
  const span = hi > lo ? hi - lo : 1;
  const canvas = document.createElement("canvas");
  canvas.width = w; canvas.height = h;
  canvas.style.width = Math.max(112, w * 4) + "px";
  canvas.title = input.name + " [" + input.shape.join(",") + "]";
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const px = (y * w + x) * 4;
    for (let k = 0; k < 3; k++) {
      const ch = c === 1 ? 0 : k;
      const v = chw ? values[ch * h * w + y * w + x] : values[(y * w + x) * c + ch];
      image.data[px + k] = Math.round(255 * (v - lo) / span);
    }
    image.data[px + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

async function failureAction(path, body, done) {
  try {
    await api(path, { method: "POST", body });
    await loadFailures();
    if (done.startsWith("status")) await showFailure(selectedFailure);
    $("failure-message").textContent = done;
  } catch (e) {
    $("failure-message").textContent = e.message;
  }
}

// ---- policy --------------------------------------------------------------------------------------------
async function loadPolicy() {
  const [policy, history] = await Promise.all([json("/admin/policy"), json("/admin/policy/history")]);
  $("who").textContent = "policy generation " + policy.generation;
  $("policy-summary").textContent = "generation " + policy.generation + ", models " + policy.models.join(", ")
    + ", defenses " + policy.defenses.map((d) => d.type + (d.mode === "observe" ? " (observe)" : "")).join(" → ");
  const rows = $("generation-rows");
  rows.replaceChildren();
  history.generations.slice().reverse().forEach((g) => {
    const row = rows.insertRow();
    cell(row, g.generation);
    cell(row, new Date(g.loaded_at).toLocaleString());
    cell(row, g.source);
  });
  const diff = $("policy-diff");
  diff.replaceChildren();
  if (!history.diff) diff.textContent = "no reload since the server started";
  else history.diff.split("\n").forEach((line) => {
    const span = document.createElement("span");
    if (line.startsWith("+") && !line.startsWith("+++")) span.className = "add";
    if (line.startsWith("-") && !line.startsWith("---")) span.className = "del";
    span.textContent = line + "\n";
    diff.append(span);
  });
  $("policy-text").textContent = history.current || "";
}

// ---- reports -------------------------------------------------------------------------------------------
async function loadReports() {
  const shelf = await json("/admin/reports");
  $("reports-note").textContent = shelf.configured ? "" : "no report folder: start the server with --reports DIR";
  const rows = $("report-rows");
  rows.replaceChildren();
  shelf.reports.forEach((r) => {
    const row = rows.insertRow();
    cell(row, r.name);
    cell(row, r.kind);
    cell(row, new Date(r.modified).toLocaleString());
    const open = document.createElement("button");
    open.textContent = "Open";
    open.addEventListener("click", async () => {
      const link = await json("/admin/reports/" + encodeURIComponent(r.name) + "/link", { method: "POST" });
      window.open(link.url, "_blank", "noopener");
    });
    row.insertCell().append(open);
  });
}

// ---- wiring --------------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("admin-key").value.trim()); });
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
  $("decision-filter").addEventListener("submit", (e) => { e.preventDefault(); startStream(); });
  $("failure-filter").addEventListener("submit", (e) => { e.preventDefault(); loadFailures(); });
  document.querySelectorAll("#failure-detail [data-status]").forEach((b) => b.addEventListener("click", () =>
    failureAction("/api/failures/" + encodeURIComponent(selectedFailure) + "/status", { status: b.dataset.status }, "status set to " + b.dataset.status)));
  $("merge").addEventListener("click", () =>
    failureAction("/api/failures/" + encodeURIComponent(selectedFailure) + "/merge", { into: $("merge-into").value.trim() }, "merged into " + $("merge-into").value.trim()));
  $("reload").addEventListener("click", async () => {
    try { await api("/admin/policy/reload", { method: "POST" }); $("policy-message").textContent = "reloaded"; }
    catch (e) { $("policy-message").textContent = e.message; }
    loadPolicy();
  });
  if (sessionStorage.getItem(KEY)) signIn(sessionStorage.getItem(KEY)); else signOut();
});
