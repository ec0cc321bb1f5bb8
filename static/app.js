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

  // Hold timer: counts down a hold and fills the row's seconds when it ends or is stopped.
  document.querySelectorAll("[data-hold-timer]").forEach(function (button) {
    var target = parseInt(button.getAttribute("data-hold-timer"), 10) || 45;
    var field = document.getElementById(button.getAttribute("data-target"));
    var display = button.parentNode.querySelector(".timer-display");
    var started = null, tick = null;
    function stop() {
      clearInterval(tick); tick = null;
      var held = Math.round((Date.now() - started) / 1000);
      if (field) { field.value = Math.max(1, Math.min(held, 600)); }
      button.textContent = "Start " + target + " s hold";
      button.setAttribute("aria-pressed", "false");
    }
    button.addEventListener("click", function () {
      if (tick) { stop(); return; }
      started = Date.now();
      button.textContent = "Stop";
      button.setAttribute("aria-pressed", "true");
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
