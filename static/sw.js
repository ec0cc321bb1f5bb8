// Tendo's service worker: keeps /today, /plan and the static files for the signed-in runner, and
// keeps a session saved without a signal on the phone until the server has it.
//
// Pages are always fetched from the network first; the saved copy is shown only when the network
// fails, and it says so. Copies are kept per account and dropped when someone else signs in or the
// runner signs out (the sign-out response also carries Clear-Site-Data).
"use strict";
importScripts("/static/queue.js");

var VERSION = "__VERSION__";
var STATIC_CACHE = "tendo-static-" + VERSION;
var PAGE_CACHE_PREFIX = "tendo-pages-";
var STATIC_FILES = [
  "/static/app.css", "/static/print.css", "/static/offline.css", "/static/app.js",
  "/static/offline.js", "/static/queue.js", "/static/manifest.webmanifest",
  "/static/icons/tendo.svg", "/static/icons/icon-192.png", "/static/icons/icon-512.png",
  "/static/icons/icon-maskable-512.png", "/static/favicon.svg"
];
var OFFLINE_PAGES = ["/today", "/plan"];
var SYNC_TAG = "tendo-sessions";
// A save that gets no answer for this long is kept on the phone; if it did reach the server after
// all, the replay carries the same submission_id and the server stores it once.
var SAVE_TIMEOUT_MS = 20000;
var SENT_SHOWN_MS = 12 * 60 * 60 * 1000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(STATIC_FILES.map(function (url) { return new Request(url, { cache: "reload" }); }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf("tendo-static-") === 0 && k !== STATIC_CACHE;
      }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// Who the pages the phone last loaded belong to ("" when signed out).
function currentUser() {
  return TendoQueue.getMeta("user").then(function (u) { return u || ""; });
}

function setUser(user) {
  return currentUser().then(function (before) {
    if (before === user) { return; }
    return TendoQueue.setMeta("user", user).then(function () { return dropPagesExcept(user); });
  });
}

function dropPagesExcept(user) {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf(PAGE_CACHE_PREFIX) === 0 && k !== PAGE_CACHE_PREFIX + user;
    }).map(function (k) { return caches.delete(k); }));
  });
}

function userOf(html) {
  var m = /<meta name="tendo-user" content="(\d+)" data-runner="(true|false)"/.exec(html);
  return m ? { id: m[1], runner: m[2] === "true" } : null;
}

// Learns who is signed in from a page the network answered, and keeps /today and /plan.
function remember(path, response) {
  var type = response.headers.get("content-type") || "";
  if (response.type === "opaqueredirect" || type.indexOf("text/html") !== 0) { return Promise.resolve(); }
  return response.text().then(function (html) {
    var who = userOf(html);
    return setUser(who ? who.id : "").then(function () {
      if (!who || !who.runner || response.status !== 200 || OFFLINE_PAGES.indexOf(path) < 0) { return; }
      return caches.open(PAGE_CACHE_PREFIX + who.id).then(function (cache) {
        return cache.put(path, new Response(html, {
          headers: { "content-type": type, "x-tendo-saved-at": String(Date.now()) }
        }));
      });
    });
  });
}

// The saved copy of a page for whoever is signed in on this phone, marked as a copy.
function savedPage(path) {
  return currentUser().then(function (user) {
    if (!user || OFFLINE_PAGES.indexOf(path) < 0) { return null; }
    return caches.open(PAGE_CACHE_PREFIX + user).then(function (cache) { return cache.match(path); })
      .then(function (hit) {
        if (!hit) { return null; }
        var savedAt = hit.headers.get("x-tendo-saved-at") || "";
        return hit.text().then(function (html) {
          var marked = html.replace(/(<meta name="tendo-user"[^>]*>)/,
            '$1<meta name="tendo-offline-copy" content="' + savedAt + '">');
          return new Response(marked, { headers: { "content-type": "text/html; charset=utf-8" } });
        });
      });
  });
}

function offlinePage(message) {
  var html = '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Offline · Tendo</title><link rel="stylesheet" href="/static/app.css"></head>' +
    '<body><main id="main"><h1>You are offline</h1><p>' + message + '</p>' +
    '<p class="actions"><a class="button" href="/today">Today</a> <a class="button secondary" href="/plan">Plan</a></p>' +
    '</main></body></html>';
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); },
      function (e) { clearTimeout(timer); reject(e); });
  });
}

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (list) {
    list.forEach(function (c) { c.postMessage(message); });
  });
}

function navigate(event, url) {
  event.respondWith(fetch(event.request).then(function (response) {
    event.waitUntil(remember(url.pathname, response.clone()).catch(function () {}));
    return response;
  }, function () {
    return savedPage(url.pathname).then(function (page) {
      return page || offlinePage("This page is not saved on this phone. Today and your plan are, once you have opened them online.");
    });
  }));
}

// A session form sent with no signal: kept on the phone, then the saved copy of /today shows it
// waiting.
function saveSession(event) {
  event.respondWith(event.request.clone().text().then(function (body) {
    return withTimeout(fetch(event.request), SAVE_TIMEOUT_MS).catch(function () {
      return currentUser().then(function (user) {
        if (!user) { return offlinePage("Nothing was saved: sign in again when you are back online."); }
        return TendoQueue.add(user, body, Date.now()).then(function () {
          if (self.registration.sync) {
            self.registration.sync.register(SYNC_TAG).catch(function () {});
          }
          tellPages({ type: "tendo-queue" });
          return Response.redirect("/today", 303);
        });
      });
    });
  }));
}

// Sign-out: forget this person's pages and saved sessions even where Clear-Site-Data is not
// supported.
function signOut(event) {
  event.respondWith(fetch(event.request).then(function (response) {
    event.waitUntil(Promise.all([TendoQueue.forget(), dropPagesExcept("")]).catch(function () {}));
    return response;
  }));
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (request.method === "GET") { return navigate(event, url); }
    if (request.method === "POST" && url.pathname === "/sessions") { return saveSession(event); }
    if (request.method === "POST" && url.pathname === "/logout") { return signOut(event); }
    event.respondWith(fetch(request).catch(function () {
      return offlinePage("Nothing was sent. Go back: what you typed is still in the form, and you can send it when you are back online.");
    }));
    return;
  }
  if (request.method === "GET" && STATIC_FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
  }
});

// Sends the waiting sessions of whoever is signed in, each with a fresh CSRF token.
var flushing = null;
function flush() {
  if (!flushing) {
    flushing = sendWaiting().then(function (r) { flushing = null; return r; },
      function (e) { flushing = null; throw e; });
  }
  return flushing;
}

function sendWaiting() {
  return TendoQueue.prune(Date.now(), SENT_SHOWN_MS).then(function () {
    return fetch("/offline/token", { credentials: "same-origin", cache: "no-store", redirect: "manual" });
  }).then(function (response) {
    if (response.type === "opaqueredirect" || !response.ok) { return "signed-out"; }
    return response.json().then(function (who) {
      return TendoQueue.items(who.user).then(function (items) {
        var waiting = items.filter(function (i) { return i.state === "waiting"; });
        return waiting.reduce(function (done, item) {
          return done.then(function () { return send(item, who.csrf_token); });
        }, Promise.resolve()).then(function () { return "sent"; });
      });
    });
  }).then(function (outcome) {
    return tellPages({ type: "tendo-queue" }).then(function () { return outcome; });
  }, function (error) {
    return tellPages({ type: "tendo-queue" }).then(function () { throw error; });
  });
}

function send(item, csrf) {
  var form = new URLSearchParams(item.body);
  form.set("csrf_token", csrf);
  return fetch("/sessions", { method: "POST", body: form, credentials: "same-origin", redirect: "follow" })
    .then(function (response) {
      var path = new URL(response.url).pathname;
      if (response.redirected && response.ok && path !== "/login") {
        item.state = "sent";
        item.sentAt = Date.now();
        item.href = /^\/sessions\/\d+$/.test(path) ? path : "/sessions";
        return TendoQueue.put(item);
      }
      if (response.status === 422) {
        item.state = "rejected";
        return TendoQueue.put(item);
      }
      // Signed out, a refused token or a server error: it stays waiting for the next try.
      throw new Error("not sent: " + response.status);
    });
}

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) { event.waitUntil(flush()); }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "tendo-flush") {
    event.waitUntil(flush().catch(function () {}));
  }
});
