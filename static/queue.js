// Sessions saved on this phone while offline, kept in IndexedDB until the server has them.
// Shared by the page (offline.js) and the service worker (sw.js, through importScripts).
//
// An item: { key: user + " " + submission_id, user, submissionId, body (the form exactly as the
// browser encoded it), performedOn, savedAt, state: "waiting" | "sent" | "rejected", sentAt, href }.
var TendoQueue = (function () {
  "use strict";
  var DB = "tendo-offline";
  var ITEMS = "sessions";
  var META = "meta";

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  // A new connection for each operation: a sign-out may delete the database under us at any time.
  // With `existing`, a database that is not there is not created (the answer is null).
  function open(existing) {
    var r = indexedDB.open(DB, 1);
    r.onupgradeneeded = function (event) {
      if (existing && event.oldVersion === 0) { r.transaction.abort(); return; }
      var db = r.result;
      if (!db.objectStoreNames.contains(ITEMS)) { db.createObjectStore(ITEMS, { keyPath: "key" }); }
      if (!db.objectStoreNames.contains(META)) { db.createObjectStore(META); }
    };
    return request(r).catch(function (e) {
      if (existing) { return null; }
      throw e;
    });
  }

  // Runs `work` in one transaction; with `existing`, does nothing (undefined) when there is no
  // database yet.
  function run(store, mode, work, existing) {
    return open(existing).then(function (db) {
      if (!db) { return undefined; }
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        Promise.resolve(work(tx.objectStore(store))).then(function (v) { result = v; });
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onabort = tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run(ITEMS, "readonly", function (s) { return request(s.getAll()); }, true)
      .then(function (list) { return list || []; });
  }

  return {
    /** Every item of `user`, oldest first. */
    items: function (user) {
      return all().then(function (list) {
        return list.filter(function (i) { return i.user === user; })
          .sort(function (a, b) { return a.savedAt - b.savedAt; });
      });
    },
    /** Saves the form body of `user`; a second copy with the same submission id replaces the first. */
    add: function (user, body, now) {
      var form = new URLSearchParams(body);
      var id = form.get("submission_id") || String(now);
      var item = {
        key: user + " " + id, user: user, submissionId: id, body: body,
        performedOn: form.get("performed_on") || "", savedAt: now, state: "waiting"
      };
      return run(ITEMS, "readwrite", function (s) { return request(s.put(item)); }).then(function () { return item; });
    },
    put: function (item) {
      return run(ITEMS, "readwrite", function (s) { return request(s.put(item)); });
    },
    remove: function (key) {
      return run(ITEMS, "readwrite", function (s) { return request(s["delete"](key)); }, true);
    },
    /** Forgets the items of whoever was signed in, and that anyone was; never creates the database. */
    forget: function () {
      return open(true).then(function (db) {
        if (!db) { return; }
        return new Promise(function (resolve, reject) {
          var tx = db.transaction([ITEMS, META], "readwrite");
          var items = tx.objectStore(ITEMS);
          var meta = tx.objectStore(META);
          Promise.all([request(meta.get("user")), request(items.getAll())]).then(function (r) {
            r[1].forEach(function (i) { if (i.user === r[0]) { items["delete"](i.key); } });
            meta.put("", "user");
          });
          tx.oncomplete = function () { db.close(); resolve(); };
          tx.onabort = tx.onerror = function () { db.close(); reject(tx.error); };
        });
      });
    },
    /** Drops sent items older than `age` milliseconds. */
    prune: function (now, age) {
      return all().then(function (list) {
        return run(ITEMS, "readwrite", function (s) {
          list.forEach(function (i) {
            if (i.state === "sent" && now - i.sentAt > age) { s["delete"](i.key); }
          });
        }, true);
      });
    },
    /** A setting (undefined when nothing was ever saved; never creates the database). */
    getMeta: function (name) {
      return run(META, "readonly", function (s) { return request(s.get(name)); }, true);
    },
    /** Saves a setting; an empty value is not worth creating the database for. */
    setMeta: function (name, value) {
      return run(META, "readwrite", function (s) { return request(s.put(value, name)); }, !value);
    }
  };
})();
