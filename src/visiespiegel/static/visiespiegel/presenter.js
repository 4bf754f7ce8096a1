// Keyboard control of a live session, in the control view: every key presses a button that is
// also on the page (so everything works with a mouse, a clicker or without this script). On
// the projected screen only F (full screen) has a button.
(function () {
  "use strict";
  var keys = {
    ArrowRight: "volgende", PageDown: "volgende", " ": "volgende",
    ArrowLeft: "vorige", PageUp: "vorige",
    r: "onthullen", t: "timer", o: "stemming", f: "volledig"
  };
  var full = document.getElementById("volledig");
  if (full && document.documentElement.requestFullscreen) {
    (full.closest("[hidden]") || full).hidden = false;
    full.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else { document.documentElement.requestFullscreen(); }
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target.closest && target.closest("input, textarea, select")) { return; }
    // Space presses a focused button or link itself; arrows and letters still steer.
    if (event.key === " " && target.closest && target.closest("button, a, summary")) { return; }
    var id = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    var button = id && document.getElementById(id);
    if (button && !button.disabled && !button.hidden) {
      event.preventDefault();
      button.click();
    }
  });
})();
