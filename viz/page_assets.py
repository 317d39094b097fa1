"""The step-by-step page's inline style and script (no file is fetched from anywhere).

The script reads the steps from the ``steps-data`` JSON block and, for step k, shows the
gradient texts set by steps 1..k (each the latest text given), hides the rest, marks the
current gate, and writes the caption with ``textContent``: no user text ever becomes
markup. Texts are hidden with ``visibility`` (their place kept), so nothing moves.
"""

from __future__ import annotations

PAGE_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #222; background: #fff; }
h1 { font-size: 18px; font-weight: normal; margin: 0 0 8px; }
.circuit { overflow: auto; border: 1px solid #ddd; border-radius: 6px; padding: 4px;
  max-height: calc(100vh - 240px); min-height: 160px; }  /* controls stay in view */
.circuit svg { display: block; max-width: 100%; height: auto; }
.circuit svg text { white-space: pre; }  /* keep dot's spaces between runs of a label */
.controls { display: flex; gap: 8px; align-items: center; margin: 10px 0; flex-wrap: wrap; }
.controls button { font: inherit; padding: 4px 12px; min-width: 6.5em; }
#slider { flex: 1 1 240px; max-width: 520px; }
.counter { font-variant-numeric: tabular-nums; min-width: 9em; }
.caption { min-height: 4.6em; background: #f6f6f6; border-left: 4px solid #c62828;
  padding: 8px 12px; line-height: 1.45; max-width: 60em; }
.caption p { margin: 0 0 4px; }
.help { color: #666; font-size: 12px; }
svg text.off { visibility: hidden; }
svg g.current > ellipse, svg g.current > polygon, svg g.current > path { fill: #ffe08a; }
svg text.fresh, svg text.upstream { paint-order: stroke; stroke-width: 5px;
  stroke-linejoin: round; }
svg text.fresh { stroke: #ffe08a; font-weight: bold; }
svg text.upstream { stroke: #d6e8ff; }
"""

PAGE_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("steps-data").textContent);
  var steps = data.steps;
  var last = steps.length - 1;
  var $ = function (id) { return document.getElementById(id); };
  var slider = $("slider"), prev = $("prev"), next = $("next"), play = $("play");
  var counter = $("counter"), caption = $("caption");
  var grads = Array.prototype.slice.call(document.querySelectorAll("#circuit text.grad"));
  var locals = Array.prototype.slice.call(document.querySelectorAll("#circuit text.local"));
  var current = 0, timer = null;

  // Centre each number on its own middle, so a running sum of any width stays in place.
  grads.concat(locals).forEach(function (t) {
    var mid = t.getBBox().x + t.getBBox().width / 2;
    t.setAttribute("x", String(mid));
    t.setAttribute("text-anchor", "middle");
  });

  function byId(list) {
    var map = {};
    list.forEach(function (t) { map[t.id] = t; });
    return map;
  }
  var gradOf = byId(grads), localOf = byId(locals);

  function show(k) {
    current = Math.max(0, Math.min(last, k));
    var texts = {}, fresh = {}, sent = {};
    for (var i = 1; i <= current; i++) {
      Object.keys(steps[i].grads).forEach(function (id) { texts[id] = steps[i].grads[id]; });
      if (data.keepLocals || i === current) {
        steps[i].sends.forEach(function (id) { sent[id + "-local"] = true; });
      }
    }
    var step = steps[current];
    if (current > 0) {
      step.sends.forEach(function (id) { fresh[id + "-grad"] = true; });
    }
    grads.forEach(function (t) {
      var id = t.id.slice(0, -"-grad".length);
      var on = Object.prototype.hasOwnProperty.call(texts, id);
      if (on) { t.textContent = texts[id]; }
      t.classList.toggle("off", !on);
      t.classList.toggle("fresh", on && fresh[t.id] === true);
      t.classList.toggle("upstream", on && step.upstream + "-grad" === t.id);
    });
    locals.forEach(function (t) { t.classList.toggle("off", sent[t.id] !== true); });
    Array.prototype.forEach.call(document.querySelectorAll("#circuit g.current"),
      function (g) { g.classList.remove("current"); });
    if (step.gate) {
      var gate = $(step.gate);
      if (gate) { gate.classList.add("current"); }
    }
    caption.textContent = "";
    step.caption.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      caption.appendChild(p);
    });
    slider.value = String(current);
    counter.textContent = "step " + current + " of " + last;
    prev.disabled = current === 0;
    next.disabled = current === last;
    document.body.setAttribute("data-step", String(current));
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "\\u25B6 Play";
    play.setAttribute("aria-pressed", "false");
  }
  function start() {
    if (current === last) { show(0); }
    play.textContent = "\\u275A\\u275A Pause";
    play.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      if (current >= last) { stop(); } else { show(current + 1); }
    }, data.interval);
  }
  function toggle() { if (timer === null) { start(); } else { stop(); } }

  slider.max = String(last);
  prev.addEventListener("click", function () { stop(); show(current - 1); });
  next.addEventListener("click", function () { stop(); show(current + 1); });
  play.addEventListener("click", toggle);
  slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
  document.addEventListener("keydown", function (e) {
    if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var keys = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last };
    if (Object.prototype.hasOwnProperty.call(keys, e.key)) {
      var to = keys[e.key];
      e.preventDefault(); stop(); show(to);
    } else if (e.key === " " && e.target.tagName !== "BUTTON") {
      e.preventDefault(); toggle();
    }
  });
  show(0);
})();
"""
