"""The training page's inline style and script (nothing is fetched from anywhere).

The script reads the recording from the ``training-data`` JSON block: the neurons'
values and gradients (float32) and the parameters (float64) arrive base64-encoded, the
words and the small lists as JSON. It draws the data panel and the curves as SVG, and
for the chosen step and example writes each number of the network picture with
``textContent`` (the exact recorded float in ``data-number``); no user text ever
becomes markup.
"""

from __future__ import annotations

TRAINING_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #222; background: #fff; }
h1 { font-size: 18px; font-weight: normal; margin: 0 0 8px; }
.controls { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.controls button { font: inherit; padding: 4px 12px; min-width: 6.5em; }
#slider { flex: 1 1 240px; max-width: 520px; }
.counter { font-variant-numeric: tabular-nums; min-width: 9em; }
.caption { min-height: 2.6em; background: #f6f6f6; border-left: 4px solid #c62828;
  padding: 8px 12px; line-height: 1.45; max-width: 70em; }
.panels { display: flex; gap: 16px; flex-wrap: wrap; margin-top: 10px; }
figure { margin: 0; }
figcaption { font-size: 14px; color: #444; margin: 4px 0; }
.panel { flex: 1 1 320px; max-width: 460px; }
.panel svg { width: 100%; height: auto; border: 1px solid #ddd; border-radius: 6px; }
#data circle { cursor: pointer; stroke: #222; stroke-width: 0.8; }
#data circle.wrong { stroke: #000; stroke-width: 2.2; }
#data circle.chosen { stroke: #ffb000; stroke-width: 4; }
.updates { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
.updates caption { text-align: left; color: #444; margin-bottom: 2px; }
.updates td, .updates th { padding: 2px 8px; border-bottom: 1px solid #eee;
  font-variant-numeric: tabular-nums; text-align: right; }
.updates td:first-child, .updates th:first-child { text-align: left; }
.network { margin-top: 12px; }
.circuit { overflow: auto; border: 1px solid #ddd; border-radius: 6px; padding: 4px;
  max-height: 70vh; }
.circuit svg { display: block; max-width: 100%; height: auto; }
.circuit svg text { white-space: pre; }
svg g.moved > polygon, svg g.moved > path { fill: #ffe08a; }
.help { color: #666; font-size: 12px; }
"""

TRAINING_SCRIPT = """
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("training-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  function decode(b64, Type) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return new Type(bytes.buffer);
  }
  var values = decode(data.values, Float32Array), grads = decode(data.grads, Float32Array);
  var snaps = decode(data.snapshots, Float64Array), field = decode(data.field.out, Float32Array);
  var U = data.units.length, N = data.examples, P = data.params.length, last = data.steps - 1;
  var step = 0, example = 0, timer = null;
  var slider = $("slider"), prev = $("prev"), next = $("next"), play = $("play");

  // numfmt.number: at most 4 significant digits, no trailing zeros, a short exponent; an
  // exact tie rounds to even as Python does (JS rounds it away from zero).
  function fmt(x) {
    if (isNaN(x)) { return "nan"; }
    if (!isFinite(x)) { return x > 0 ? "inf" : "-inf"; }
    if (x === 0) { return "0"; }
    var parts = Math.abs(x).toExponential(3).split("e");
    var exact = Math.abs(x).toExponential(99).split("e"), all = exact[0].replace(".", "");
    if (all.charAt(4) === "5" && /^0*$/.test(all.slice(5)) &&
        parseInt(all.charAt(3), 10) % 2 === 0) {
      parts = [all.charAt(0) + "." + all.slice(1, 4), exact[1]];  // down to the even digit
    }
    var digits = parts[0].replace(".", ""), e = parseInt(parts[1], 10), text;
    if (e < -4 || e >= 4) {
      text = parts[0].replace(/\\.?0+$/, "") + "e" + e;
    } else if (e >= 0) {
      text = digits.slice(0, e + 1) + "." + digits.slice(e + 1);
    } else {
      text = "0." + new Array(-e).join("0") + digits;
    }
    if (text.indexOf(".") >= 0 && text.indexOf("e") < 0) {
      text = text.replace(/0+$/, "").replace(/\\.$/, "");
    }
    return (x < 0 ? "-" : "") + text;
  }
  function extreme(xs, sign) {  // the largest (sign 1) or smallest (-1); a loop, any length
    var best = xs.length ? xs[0] : 0;
    for (var i = 1; i < xs.length; i++) { if ((xs[i] - best) * sign > 0) { best = xs[i]; } }
    return best;
  }
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // ---- the network: every number box, centred on its own middle -----------------------
  var texts = Array.prototype.slice.call(document.querySelectorAll("#circuit text[data-unit]"));
  texts.forEach(function (t) {
    var box = t.getBBox();
    t.setAttribute("x", String(box.x + box.width / 2));
    t.setAttribute("text-anchor", "middle");
  });
  var unitBoxes = {};  // unit -> the picture's boxes (and out wire) showing it
  Array.prototype.forEach.call(document.querySelectorAll("#circuit g.node[data-unit]"),
    function (g) {
      var u = g.getAttribute("data-unit");
      (unitBoxes[u] = unitBoxes[u] || []).push(g);
    });

  function showNetwork() {
    var base = (step * N + example) * U;
    texts.forEach(function (t) {
      var u = parseInt(t.getAttribute("data-unit"), 10);
      var x = t.getAttribute("class") === "value" ? values[base + u] : grads[base + u];
      t.textContent = fmt(x);
      t.setAttribute("data-number", String(x));
    });
    Array.prototype.forEach.call(document.querySelectorAll("#circuit g.moved"),
      function (g) { g.classList.remove("moved"); });
    data.updates[step].slice(0, 3).forEach(function (u) {
      var boxes = unitBoxes[String(data.paramUnit[u[0]])] || [];
      boxes.forEach(function (g) { g.classList.add("moved"); });
    });
    $("network-title").textContent = "The network on example " + example + " (input " +
      data.X[example].map(fmt).join(", ") + ", target " + fmt(data.y[example]) + ") at step " +
      step + ": each neuron's value (green) and gradient (red); highlighted, the neurons " +
      "whose parameters moved most";
  }

  // ---- the data panel ---------------------------------------------------------------
  var F = data.field, plot = $("data"), W = 320, M = 20;
  function sx(x) { return M + (x - F.x0) / (F.x1 - F.x0) * (W - 2 * M); }
  var ylo, yhi;
  if (data.task === "classification") { ylo = F.y0; yhi = F.y1; }
  else {
    ylo = extreme(data.y, -1); yhi = extreme(data.y, 1);
    var pad = 0.25 * (yhi - ylo || 1); ylo -= pad; yhi += pad;
  }
  function sy(y) { return W - M - (y - ylo) / (yhi - ylo) * (W - 2 * M); }
  var cells = [], curve = null, points = [];
  if (data.task === "classification") {
    var cw = (W - 2 * M) / (F.n - 1);
    for (var j = 0; j < F.n; j++) {
      for (var i = 0; i < F.n; i++) {
        var gx = F.x0 + (F.x1 - F.x0) * i / (F.n - 1), gy = F.y0 + (F.y1 - F.y0) * j / (F.n - 1);
        cells.push(el("rect", { x: sx(gx) - cw / 2, y: sy(gy) - cw / 2, width: cw + 0.5,
          height: cw + 0.5, stroke: "none" }, plot));
      }
    }
  } else {
    curve = el("polyline", { fill: "none", stroke: "#1f77b4", "stroke-width": 2 }, plot);
  }
  data.X.forEach(function (x, n) {
    var cy = data.task === "classification" ? sy(x[1]) : sy(data.y[n]);
    var positive = data.y[n] > 0;
    var c = el("circle", { cx: sx(x[0]), cy: cy, r: 4.5, "data-index": n,
      fill: data.task === "classification" ? (positive ? "#1f77b4" : "#d62728") : "#555" }, plot);
    c.addEventListener("click", function () { choose(n); });
    points.push(c);
  });
  function showData() {
    var off = step * (data.task === "classification" ? F.n * F.n : F.n);
    if (data.task === "classification") {
      cells.forEach(function (r, i) {
        var s = field[off + i] - data.threshold, a = Math.min(1, Math.abs(s)) * 0.45 + 0.05;
        var rgb = s > 0 ? "31,119,180," : "214,39,40,";
        r.setAttribute("fill", isNaN(s) ? "#999" : "rgba(" + rgb + a + ")");
      });
    } else {
      var pts = [];
      for (var i = 0; i < F.n; i++) {
        var x = F.x0 + (F.x1 - F.x0) * i / (F.n - 1), y = field[off + i];
        if (isFinite(y)) {
          pts.push(sx(x).toFixed(1) + "," + sy(Math.max(ylo, Math.min(yhi, y))).toFixed(1));
        }
      }
      curve.setAttribute("points", pts.join(" "));
    }
    points.forEach(function (c, n) {
      var s = values[(step * N + n) * U + U - 1];
      var wrong = data.task === "classification" &&
        (isNaN(s) || (s > data.threshold) !== (data.y[n] > 0));
      c.setAttribute("class", (n === example ? "chosen" : "") + (wrong ? " wrong" : ""));
    });
    $("data-title").textContent = data.task === "classification" ?
      "Training data and the decision boundary at step " + step +
        " (black ring: on the wrong side; orange: the chosen example)" :
      "Training data and the prediction at step " + step + " (orange: the chosen example)";
  }

  // ---- the curves ----------------------------------------------------------------
  var curves = $("curves"), CW = 320, CH = 220, CM = 28;
  var finite = data.losses.filter(function (x) { return x !== null; });
  var lmax = finite.length ? extreme(finite, 1) : 1;
  var lmin = Math.min(0, finite.length ? extreme(finite, -1) : 0);  // a loss may be < 0
  function cx(k) { return CM + (last ? k / last : 0) * (CW - 2 * CM); }
  function cy(v, top) { return CH - CM - (top > 0 ? v / top : 0) * (CH - 2 * CM); }
  function cyLoss(v) { return cy(v - lmin, lmax - lmin); }
  el("line", { x1: CM, y1: CH - CM, x2: CW - CM, y2: CH - CM, stroke: "#999" }, curves);
  var lossPts = [];
  data.losses.forEach(function (x, k) {
    if (x === null) {
      var m = el("text", { x: cx(k), y: CM, "text-anchor": "middle", fill: "#c62828",
        "font-size": 11, "class": "nan-mark" }, curves);
      m.textContent = data.lossText[k];  // nan, inf or -inf: not on the curve
    } else { lossPts.push(cx(k).toFixed(1) + "," + cyLoss(x).toFixed(1)); }
  });
  el("polyline", { points: lossPts.join(" "), fill: "none", stroke: "#c62828",
    "stroke-width": 1.6 }, curves);
  if (data.accuracy.length) {
    var accPts = data.accuracy.map(function (a, k) {
      return cx(k).toFixed(1) + "," + cy(a, 1).toFixed(1);
    });
    el("polyline", { points: accPts.join(" "), fill: "none", stroke: "#1f77b4",
      "stroke-width": 1.6 }, curves);
  }
  if (!data.accuracy.length) { $("curves-title").textContent = "Loss"; }
  var legend = el("text", { x: CM, y: 14, "font-size": 11, fill: "#444" }, curves);
  legend.textContent = "loss (red, " + fmt(lmin) + " to " + fmt(lmax) + ")" +
    (data.accuracy.length ? ", accuracy (blue, 0 to 100 %)" : "");
  var cursor = el("line", { y1: CM - 6, y2: CH - CM, stroke: "#222",
    "stroke-dasharray": "3,3" }, curves);
  var readout = el("text", { y: CH - 8, "font-size": 11, "text-anchor": "middle",
    fill: "#222", id: "readout" }, curves);

  function showCurves() {
    cursor.setAttribute("x1", String(cx(step))); cursor.setAttribute("x2", String(cx(step)));
    readout.setAttribute("x", String(Math.max(60, Math.min(CW - 60, cx(step)))));
    readout.textContent = "step " + step + ": loss " + data.lossText[step] +
      (data.accuracy.length ? ", accuracy " + Math.round(100 * data.accuracy[step]) + " %" : "");
  }

  function showUpdates() {
    var body = document.querySelector("#updates tbody");
    body.textContent = "";
    data.updates[step].forEach(function (u) {
      var tr = document.createElement("tr");
      [data.params[u[0]], u[1], u[2], u[3]].forEach(function (s) {
        var td = document.createElement("td"); td.textContent = s; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function show(k) {
    step = Math.max(0, Math.min(last, k));
    slider.value = String(step);
    $("counter").textContent = "step " + step + " of " + last;
    $("caption").textContent = data.captions[step];
    prev.disabled = step === 0; next.disabled = step === last;
    showNetwork(); showData(); showCurves(); showUpdates();
    document.body.setAttribute("data-step", String(step));
    document.body.setAttribute("data-example", String(example));
  }
  function choose(n) { example = n; show(step); }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "\\u25B6 Play"; play.setAttribute("aria-pressed", "false");
  }
  function start() {
    if (step === last) { show(0); }
    play.textContent = "\\u275A\\u275A Pause"; play.setAttribute("aria-pressed", "true");
    timer = setInterval(function () { if (step >= last) { stop(); } else { show(step + 1); } },
      data.interval);
  }
  function toggle() { if (timer === null) { start(); } else { stop(); } }
  slider.max = String(last);
  prev.addEventListener("click", function () { stop(); show(step - 1); });
  next.addEventListener("click", function () { stop(); show(step + 1); });
  play.addEventListener("click", toggle);
  slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
  document.addEventListener("keydown", function (e) {
    var t = e.target, tag = t && t.tagName;
    if (t === slider || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
    if (typing || (t && t.isContentEditable)) { return; }
    var keys = { ArrowRight: step + 1, ArrowLeft: step - 1, Home: 0, End: last };
    if (Object.prototype.hasOwnProperty.call(keys, e.key)) {
      e.preventDefault(); stop(); show(keys[e.key]);
    } else if (e.key === " " && tag !== "BUTTON") { e.preventDefault(); toggle(); }
  });
  show(0);
})();
"""
