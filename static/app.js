// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Prefill the time-zone field on sign-up from the browser.
  document.querySelectorAll("[data-fill-timezone]").forEach(function (input) {
    if (!input.value) {
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep blank */ }
    }
  });

  // Hold timer: counts a hold down, then writes the seconds held into the group's next row
  // without a pain score and moves the focus to that row's pain field.
  document.querySelectorAll("[data-hold-timer]").forEach(function (button) {
    var target = parseInt(button.getAttribute("data-hold-timer"), 10) || 45;
    var group = document.getElementById(button.getAttribute("data-group"));
    var display = button.parentNode.querySelector(".timer-display");
    var started = null, tick = null;
    function nextRow() {
      var rows = group ? group.querySelectorAll("[data-row]") : [];
      for (var i = 0; i < rows.length; i++) {
        var pain = rows[i].querySelector("[data-role=pain]");
        if (pain && !pain.value) { return rows[i]; }
      }
      return null;
    }
    function stop() {
      clearInterval(tick); tick = null;
      var held = Math.max(1, Math.min(Math.round((Date.now() - started) / 1000), 600));
      var row = nextRow();
      if (row) {
        var secs = row.querySelector("[data-role=seconds]");
        if (secs) { secs.value = held; }
        var pain = row.querySelector("[data-role=pain]");
        if (pain) { pain.focus(); }
      }
      if (display) { display.textContent = "Held " + held + " s"; }
      button.textContent = "Start " + target + " s hold";
      button.setAttribute("aria-pressed", "false");
    }
    button.addEventListener("click", function () {
      if (tick) { stop(); return; }
      started = Date.now();
      button.textContent = "Stop";
      button.setAttribute("aria-pressed", "true");
      if (display) { display.textContent = target + " s"; }
      tick = setInterval(function () {
        var left = target - Math.floor((Date.now() - started) / 1000);
        if (display) { display.textContent = left > 0 ? left + " s" : "Done"; }
        if (left <= 0) {
          stop();
          if (navigator.vibrate) { navigator.vibrate(300); }
        }
      }, 250);
    });
  });

  // Confirm destructive forms.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
