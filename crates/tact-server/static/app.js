// Tact review desk: a little vanilla JavaScript. Every write goes to the JSON API with the
// session's CSRF token in the X-CSRF-Token header. Text is inserted with textContent only.
"use strict";
(function () {
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  async function api(method, url, body) {
    const opts = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(url, opts);
    let data = null;
    const text = await res.text();
    if (text) { try { data = JSON.parse(text); } catch (_) { data = null; } }
    if (!res.ok) {
      const msg = data && data.error ? data.error.message : "The desk answered " + res.status;
      throw new Error(msg);
    }
    return data;
  }

  function showError(el, err) {
    if (!el) { alert(err.message); return; }
    el.textContent = err.message;
    el.hidden = false;
  }

  // Forms with data-api: fields become a JSON object (empty fields left out; name[] makes
  // an array), sent with the form's data-method; then reload, show "saved", or the secret.
  document.querySelectorAll("form[data-api]").forEach(function (form) {
    form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const errEl = form.querySelector(".form-error");
      const okEl = form.querySelector(".form-ok");
      if (errEl) errEl.hidden = true;
      if (okEl) okEl.hidden = true;
      const body = {};
      new FormData(form).forEach(function (value, key) {
        if (key.endsWith("[]")) {
          const k = key.slice(0, -2);
          (body[k] = body[k] || []).push(value);
        } else if (value !== "") {
          body[key] = value;
        }
      });
      try {
        const data = await api(form.dataset.method || "POST", form.dataset.api, body);
        const then = form.dataset.then;
        if (then === "reload") location.reload();
        else if (then === "secret") {
          document.getElementById("token-secret").textContent = data.secret;
          okEl.hidden = false;
        } else if (okEl) okEl.hidden = false;
      } catch (err) { showError(errEl, err); }
    });
  });

  document.querySelectorAll("[data-delete]").forEach(function (b) {
    b.addEventListener("click", async function () {
      try { await api("DELETE", b.dataset.delete); location.reload(); } catch (err) { alert(err.message); }
    });
  });

  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.addEventListener("click", async function () {
      const text = document.getElementById(b.dataset.copy).textContent;
      try { await navigator.clipboard.writeText(text); b.textContent = "Copied"; } catch (_) { b.textContent = "Select and copy"; }
    });
  });
  document.querySelectorAll("[data-download]").forEach(function (b) {
    b.addEventListener("click", function () {
      const text = document.getElementById(b.dataset.download).textContent;
      const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
      const a = document.createElement("a");
      a.href = url; a.download = b.dataset.filename || "post.txt";
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  });

  const verify = document.getElementById("verify-chain");
  if (verify) {
    verify.addEventListener("click", async function () {
      const out = document.getElementById("verify-result");
      out.textContent = "Verifying…";
      try {
        const r = await api("POST", verify.dataset.verify);
        out.textContent = r.ok
          ? "The chain verifies: " + r.head.seq + " events, head " + r.head.hash
          : "Broken at event " + r.broken.seq + ": " + r.broken.problem;
        out.className = r.ok ? "ok" : "error";
      } catch (err) { out.textContent = err.message; out.className = "error"; }
    });
  }

  // The editor: debounced check as you type, highlights, findings, suggestions, save, submit.
  const editor = document.getElementById("editor");
  if (!editor) return;
  const text = document.getElementById("draft-text");
  const kind = document.getElementById("kind");
  const practice = document.getElementById("practice");
  const account = document.getElementById("account");
  const replying = document.getElementById("replying-to");
  const replyingWrap = document.getElementById("replying-wrap");
  const verdict = document.getElementById("verdict");
  const preview = document.getElementById("preview");
  const findings = document.getElementById("findings");
  const suggestions = document.getElementById("suggestions");
  const errEl = document.getElementById("editor-error");
  let draftId = editor.dataset.draftId;
  let timer = null;
  let seq = 0;

  // The backdrop holds the same text as the textarea; a trailing newline needs a character
  // after it to take up its line.
  function backdrop(value) {
    preview.textContent = value.endsWith("\n") ? value + " " : value;
    grow();
  }
  // The textarea grows with its text (it never scrolls), so the backdrop's lines wrap
  // exactly like the textarea's.
  function grow() {
    text.style.height = "auto";
    text.style.height = (text.scrollHeight + 2) + "px";
  }

  function render(report, checked) {
    if (checked !== text.value) return;
    const chars = Array.from(checked);
    const fs = (report.findings || []).slice().sort(function (a, b) { return a.start - b.start; });
    preview.textContent = "";
    let pos = 0;
    fs.forEach(function (f, i) {
      const start = Math.max(f.start, pos);
      if (f.end <= start) return;
      preview.appendChild(document.createTextNode(chars.slice(pos, start).join("")));
      const m = document.createElement("mark");
      m.className = "sev-" + f.severity;
      m.dataset.finding = String(i);
      m.title = f.message;
      m.textContent = chars.slice(start, f.end).join("");
      preview.appendChild(m);
      pos = f.end;
    });
    const rest = chars.slice(pos).join("");
    preview.appendChild(document.createTextNode(rest.endsWith("\n") || (!rest && checked.endsWith("\n")) ? rest + " " : rest));
    findings.textContent = "";
    fs.forEach(function (f) {
      const li = document.createElement("li");
      li.dataset.rule = f.rule;
      const head = document.createElement("strong");
      head.textContent = f.severity + " · " + f.rule + " · “" + chars.slice(f.start, f.end).join("") + "”";
      const msg = document.createElement("div"); msg.textContent = f.message;
      const fix = document.createElement("div"); fix.textContent = "Fix: " + f.fix;
      li.append(head, msg, fix);
      findings.appendChild(li);
    });
    if (!fs.length) {
      // Say so plainly rather than show an empty list.
      const li = document.createElement("li");
      li.id = "no-findings"; li.dataset.test = "no-findings";
      li.textContent = "No findings: ready to submit.";
      findings.appendChild(li);
    }
    const labels = { pass: "Passes: safe to submit.", review: "Needs review: a reviewer must approve it.", block: "Blocked: only the compliance officer may approve it, with a reason." };
    verdict.textContent = labels[report.verdict] || report.verdict;
    verdict.className = "verdict " + report.verdict;
    suggestions.textContent = "";
    // The rewrite is often one of the suggestions: list each safe version once.
    const options = (report.suggestions || []).slice();
    if (report.rewrite && options.indexOf(report.rewrite) < 0) options.unshift(report.rewrite);
    options.forEach(function (s, i) {
      const li = document.createElement("li");
      const p = document.createElement("p"); p.textContent = s;
      const b = document.createElement("button");
      b.type = "button"; b.textContent = "Use this"; b.id = "use-suggestion-" + i;
      b.dataset.test = "use-suggestion";
      b.addEventListener("click", function () { text.value = s; backdrop(s); check(); text.focus(); });
      li.append(p, b);
      suggestions.appendChild(li);
    });
    if (!options.length) {
      const li = document.createElement("li"); li.textContent = "No suggestions for this text.";
      suggestions.appendChild(li);
    }
  }

  async function check() {
    const mine = ++seq;
    const checked = text.value;
    if (!checked.trim()) { verdict.textContent = "Start typing; Tact checks as you write."; return; }
    const body = { text: checked, kind: kind.value };
    if (kind.value === "reply" && replying.value.trim()) body.replying_to = replying.value;
    try {
      const report = await api("POST", "/api/v1/check?practice=" + encodeURIComponent(practice.value), body);
      if (mine === seq) { errEl.hidden = true; render(report, checked); }
    } catch (err) { showError(errEl, err); }
  }
  function later() { clearTimeout(timer); timer = setTimeout(check, 300); }
  text.addEventListener("input", function () { backdrop(text.value); later(); });
  window.addEventListener("resize", grow);
  replying.addEventListener("input", later);
  kind.addEventListener("change", function () { replyingWrap.hidden = kind.value !== "reply"; check(); });
  practice.addEventListener("change", check);

  async function save() {
    if (draftId) {
      await api("PUT", "/api/v1/drafts/" + draftId, { body: text.value });
    } else {
      const body = { body: text.value, kind: kind.value, practice_id: practice.value };
      if (account.value) body.account_id = account.value;
      if (kind.value === "reply" && replying.value.trim()) body.replying_to = replying.value;
      const r = await api("POST", "/api/v1/drafts", body);
      draftId = r.draft.id;
      editor.dataset.draftId = draftId;
      history.replaceState(null, "", "/drafts/" + draftId + "/edit");
    }
  }
  document.getElementById("save-draft").addEventListener("click", async function () {
    try { await save(); verdict.textContent = "Saved. " + verdict.textContent; } catch (err) { showError(errEl, err); }
  });
  document.getElementById("submit-draft").addEventListener("click", async function () {
    try {
      await save();
      await api("POST", "/api/v1/drafts/" + draftId + "/submit");
      location.href = "/drafts/" + draftId;
    } catch (err) { showError(errEl, err); }
  });
  backdrop(text.value);
  if (text.value.trim()) check();
})();
