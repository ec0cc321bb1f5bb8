// Offline support for a signed-in runner: installs the service worker, lists the sessions saved
// on this phone (waiting, sent, or needing a look) and asks for the waiting ones to be sent when
// the signal returns. Every page works without this file.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="tendo-user"]');
  if (!meta || meta.getAttribute("data-runner") !== "true") { return; }
  if (!("serviceWorker" in navigator) || !window.indexedDB || typeof TendoQueue === "undefined") { return; }
  var user = meta.getAttribute("content");
  var main = document.getElementById("main");
  if (!main) { return; }

  navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" }).catch(function () {});

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }
  function time(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }
  // As the pages write dates: "3 Nov 2026".
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function day(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!p || !MONTHS[+p[2] - 1]) { return "an undated day"; }
    return (+p[3]) + " " + MONTHS[+p[2] - 1] + " " + p[1];
  }
  function freshId() {
    var bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // A page shown from the phone's copy: say so, and give every form a new submission id so a
  // session logged from the copy is never taken for one already saved from the same page.
  var note = el("p", { "class": "offline-note", role: "status", "data-offline-note": "" });
  var copy = document.querySelector('meta[name="tendo-offline-copy"]');
  function showNote() {
    if (copy) {
      var at = parseInt(copy.getAttribute("content"), 10);
      var saved = "this is the copy saved on this phone" + (at ? " at " + time(at) : "") + ".";
      note.textContent = navigator.onLine
        ? "You are back online, but " + saved + " Reload the page for the latest."
        : "You are offline: " + saved + " A session you save now stays on this phone and is sent when you are back online.";
    } else if (!navigator.onLine) {
      note.textContent = "You are offline. A session you save now stays on this phone and is sent when you are back online.";
    } else {
      if (note.parentNode) { note.parentNode.removeChild(note); }
      return;
    }
    if (!note.parentNode) { main.insertBefore(note, main.firstChild); }
  }
  if (copy) {
    document.querySelectorAll('input[name="submission_id"]').forEach(function (i) { i.value = freshId(); });
    document.querySelectorAll(".flash").forEach(function (f) { f.hidden = true; });
  }
  showNote();

  var section = el("section", { "class": "offline-queue", "aria-labelledby": "offline-queue-title", "data-offline-queue": "" });
  section.appendChild(el("h2", { id: "offline-queue-title" }, "Saved on this phone"));
  var list = el("ul", {});
  section.appendChild(list);

  function describe(item) {
    var li = el("li", { "data-queue-state": item.state, "data-submission-id": item.submissionId });
    var what = "Session of " + day(item.performedOn);
    if (item.state === "sent") {
      li.appendChild(document.createTextNode(what + ": sent at " + time(item.sentAt) + ". "));
      li.appendChild(el("a", { href: item.href || "/sessions" }, "View it"));
    } else if (item.state === "rejected") {
      li.appendChild(document.createTextNode(what + " (saved at " + time(item.savedAt) +
        "): it was not accepted as it is. Open it to see why and send it again. "));
      var review = el("button", { type: "button", "class": "secondary" }, "Review and send");
      review.addEventListener("click", function () { reviewItem(item); });
      var discard = el("button", { type: "button", "class": "link" }, "Discard");
      discard.addEventListener("click", function () {
        if (window.confirm("Delete this session from this phone? It was never saved on the server.")) {
          TendoQueue.remove(item.key).then(render);
        }
      });
      li.appendChild(review);
      li.appendChild(discard);
    } else {
      li.appendChild(document.createTextNode(what + ": saved on this phone at " + time(item.savedAt) +
        ", waiting to be sent."));
    }
    return li;
  }

  var pending = [];
  function render() {
    return TendoQueue.items(user).then(function (items) {
      pending = items.filter(function (i) { return i.state !== "sent"; });
      list.textContent = "";
      items.slice().reverse().forEach(function (i) { list.appendChild(describe(i)); });
      if (items.length && !section.parentNode) {
        main.insertBefore(section, note.parentNode ? note.nextSibling : main.firstChild);
      } else if (!items.length && section.parentNode) {
        section.parentNode.removeChild(section);
      }
      return items;
    }).catch(function () { return []; });
  }

  // Sends the waiting sessions (the service worker does it, with a fresh CSRF token). Background
  // Sync does the same where the browser has it; this covers the others.
  function flush() {
    if (!navigator.onLine) { return; }
    render().then(function (items) {
      var waiting = items.some(function (i) { return i.state === "waiting"; });
      if (!waiting) { return; }
      return navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active) { reg.active.postMessage({ type: "tendo-flush" }); }
      });
    });
  }

  // A session the server refused: open it in the real form, with every value, so the server
  // shows what to fix. From then on it lives in that form, not on the phone.
  function reviewItem(item) {
    fetch("/offline/token", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok || r.redirected) { throw new Error("signed out"); }
      return r.json();
    }).then(function (who) {
      var form = el("form", { method: "post", action: "/sessions", hidden: "" });
      new URLSearchParams(item.body).forEach(function (value, name) {
        var input = el("input", { type: "hidden", name: name });
        input.value = name === "csrf_token" ? who.csrf_token : value;
        form.appendChild(input);
      });
      document.body.appendChild(form);
      return TendoQueue.remove(item.key).then(function () { form.submit(); });
    }).catch(function () {
      window.alert("Tendo cannot reach the server right now. Try again when you are back online.");
    });
  }

  // Signing out deletes what is saved on this phone: ask first when something was not sent.
  document.querySelectorAll('form[action="/logout"]').forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (pending.length && !window.confirm(pending.length === 1
        ? "1 session saved on this phone has not reached Tendo yet. Signing out deletes it from this phone. Sign out anyway?"
        : pending.length + " sessions saved on this phone have not reached Tendo yet. Signing out deletes them from this phone. Sign out anyway?")) {
        ev.preventDefault();
      }
    });
  });

  navigator.serviceWorker.addEventListener("message", function (ev) {
    if (ev.data && ev.data.type === "tendo-queue") { render(); }
  });
  window.addEventListener("online", function () { showNote(); flush(); });
  window.addEventListener("offline", showNote);
  flush();
  render();
})();
