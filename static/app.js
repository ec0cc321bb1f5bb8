// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // After a rejected form, move the focus to the error summary so it is read and seen first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  // Prefill the time-zone field on sign-up from the browser.
  document.querySelectorAll("[data-fill-timezone]").forEach(function (input) {
    if (!input.value) {
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep blank */ }
    }
  });

  // Sound: one short tone through Web Audio (no file needed), and a vibration where the phone can.
  // `window.Tendo.beep` is the page's audio hook; every call is counted in `data-beeps` on <html>.
  var audio = null;
  function context() {
    if (!audio) {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx) { try { audio = new Ctx(); } catch (e) { audio = null; } }
    }
    if (audio && audio.state === "suspended") { audio.resume(); }
    return audio;
  }
  function beep(frequency, millis) {
    root.setAttribute("data-beeps", String((parseInt(root.getAttribute("data-beeps"), 10) || 0) + 1));
    var ctx = context();
    if (!ctx) { return; }
    var osc = ctx.createOscillator(), gain = ctx.createGain(), now = ctx.currentTime, len = (millis || 200) / 1000;
    osc.type = "sine";
    osc.frequency.value = frequency || 880;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.4, now + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + len);
    osc.connect(gain); gain.connect(ctx.destination);
    osc.start(now); osc.stop(now + len + 0.02);
  }
  function finished() {
    window.Tendo.beep(880, 250);
    setTimeout(function () { window.Tendo.beep(1175, 350); }, 300);
    if (navigator.vibrate) { navigator.vibrate([300, 100, 300]); }
  }
  window.Tendo = { beep: beep };

  // A countdown on a button: starts and stops on click, shows the seconds left in `display`.
  function countdown(button, display, seconds, labelIdle, onEnd) {
    var started = null, tick = null;
    function stop(completed) {
      clearInterval(tick); tick = null;
      button.textContent = labelIdle;
      button.setAttribute("aria-pressed", "false");
      onEnd(Math.round((Date.now() - started) / 1000), completed);
    }
    button.addEventListener("click", function () {
      context();
      if (tick) { stop(false); return; }
      var target = seconds();
      started = Date.now();
      button.textContent = "Stop";
      button.setAttribute("aria-pressed", "true");
      if (display) { display.textContent = target + " s"; }
      tick = setInterval(function () {
        var left = target - Math.floor((Date.now() - started) / 1000);
        if (display) { display.textContent = left > 0 ? left + " s" : "Done"; }
        if (left <= 0) { stop(true); finished(); }
      }, 250);
    });
  }

  // Hold timer: counts a hold down, ends with a sound, then writes the seconds held into the
  // group's next set without a pain score.
  document.querySelectorAll("[data-hold-timer]").forEach(function (button) {
    var group = document.getElementById(button.getAttribute("data-group"));
    var display = button.parentNode.querySelector(".timer-display");
    var idle = button.textContent;
    countdown(button, display, function () {
      return parseInt(button.getAttribute("data-hold-timer"), 10) || 45;
    }, idle, function (elapsed) {
      var held = Math.max(1, Math.min(elapsed, 600));
      var rows = group ? group.querySelectorAll("[data-row]") : [];
      for (var i = 0; i < rows.length; i++) {
        var pain = rows[i].querySelector("[data-role=pain]");
        var secs = rows[i].querySelector("[data-role=seconds]");
        if (pain && !pain.value && !rows[i].hasAttribute("data-timed")) {
          if (secs) { secs.value = held; secs.classList.remove("prefilled"); }
          rows[i].setAttribute("data-timed", "");
          if (pain.offsetParent !== null) { pain.focus(); }
          break;
        }
      }
      if (display) { display.textContent = "Held " + held + " s"; }
    });
  });

  // Rest timer between sets or holds.
  document.querySelectorAll("[data-rest-timer]").forEach(function (button) {
    var display = button.parentNode.querySelector(".timer-display");
    countdown(button, display, function () {
      return parseInt(button.getAttribute("data-rest-timer"), 10) || 90;
    }, button.textContent, function (elapsed, completed) {
      if (display) { display.textContent = completed ? "Rest over" : "Rested " + elapsed + " s"; }
    });
  });

  // Metronome: "tempo" beeps high at the start of each 2 s rise and low at each 3 s lowering;
  // "capacity" beeps once a second (up, down), one rep every 2 s, and counts the reps.
  var patterns = {
    tempo: [{ say: "Up", secs: 2, tone: 988 }, { say: "Down", secs: 3, tone: 587 }],
    capacity: [{ say: "Up", secs: 1, tone: 988 }, { say: "Down", secs: 1, tone: 587 }]
  };
  document.querySelectorAll("[data-metronome]").forEach(function (button) {
    var pattern = patterns[button.getAttribute("data-metronome")] || patterns.tempo;
    var display = button.parentNode.querySelector(".timer-display");
    var idle = button.textContent, timer = null;
    function stop() {
      clearTimeout(timer); timer = null;
      button.textContent = idle;
      button.setAttribute("aria-pressed", "false");
    }
    button.addEventListener("click", function () {
      context();
      if (timer) { stop(); return; }
      button.textContent = "Stop";
      button.setAttribute("aria-pressed", "true");
      var step = 0, reps = 0;
      (function next() {
        var phase = pattern[step % pattern.length];
        if (step % pattern.length === 0) { reps += 1; }
        window.Tendo.beep(phase.tone, 120);
        if (display) { display.textContent = phase.say + " · rep " + reps; }
        step += 1;
        timer = setTimeout(next, phase.secs * 1000);
      })();
    });
  });

  // Confirm destructive forms.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
