// The phone's timer counts down between page loads: the server says how many seconds were
// left when it made the page (data-timer-seconds) and shows that time without this script.
(function () {
  "use strict";
  var timer = document.querySelector("[data-timer-seconds]");
  if (!timer) { return; }
  var end = Date.now() + 1000 * parseInt(timer.getAttribute("data-timer-seconds"), 10);
  var shown = timer.querySelector("strong");
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    shown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left > 0) { window.setTimeout(tick, 1000); }
  }
  tick();
})();
