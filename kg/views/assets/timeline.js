(function () {
  "use strict";
/* @common */

  var SVG = "http://www.w3.org/2000/svg", ROW = 22, LEFT = 210, TOP = 34, RIGHT = 24, DAY = 86400000;
  var chart = document.getElementById("kg-chart");
  data.rows.forEach(function (row) { row.text = decode(row.label); });
  function day(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY; }
  function iso(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  function node(tag, attrs, text) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) { element.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) { element.textContent = text; }
    return element;
  }
  // Axis ticks on calendar boundaries: the first of a month, every 1, 3 or 6 months, or the
  // first of January every 1, 2, 5, 10 ... years, the finest step that gives at most `most`.
  // A span shorter than two months is ticked by whole days.
  var MONTH_STEPS = [1, 3, 6, 12, 24, 60, 120, 240, 600];
  function ticks(low, high, most) {
    var first = new Date(low * DAY), months0 = first.getUTCFullYear() * 12 + first.getUTCMonth();
    if (first.getUTCDate() > 1) { months0 += 1; }
    for (var s = 0; s < MONTH_STEPS.length; s += 1) {
      var step = MONTH_STEPS[s], found = [];
      for (var m = Math.ceil(months0 / step) * step; Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY <= high; m += step) {
        var date = iso(Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY);
        found.push({date: date, text: step % 12 === 0 ? date.slice(0, 4) : date.slice(0, 7)});
      }
      if (found.length <= most) {
        if (found.length >= 2 || s > 0) { return found; }
        break;  // under two month boundaries: tick days
      }
    }
    var every = Math.max(1, Math.ceil((high - low) / most)), days = [];
    for (var d = Math.ceil(low); d <= high; d += every) { days.push({date: iso(d), text: iso(d)}); }
    return days;
  }
  function draw() {
    var pass = eventFilter(), kinds = checked("kg-kind"), rows = [], shown = {}, nMarks = 0, low = null, high = null;
    data.rows.forEach(function (row) {
      if (row.kind !== null && !kinds[row.kind]) { return; }
      var marks = [];
      row.marks.forEach(function (mark) {
        var events = mark.events.filter(function (i) {
          return pass(i) && (data.agentKinds[i] === null || row.kind !== null || kinds[data.agentKinds[i]]);
        });
        if (!events.length) { return; }
        marks.push({date: mark.date, events: events});
        events.forEach(function (i) { shown[i] = true; });
        low = low === null || mark.date < low ? mark.date : low;
        high = high === null || mark.date > high ? mark.date : high;
      });
      if (marks.length) { rows.push({text: row.text, marks: marks}); nMarks += marks.length; }
    });
    if (since.value) { low = since.value; }
    if (until.value) { high = until.value; }
    var width = Math.max(chart.clientWidth, 640), height = TOP + ROW * rows.length + 10;
    var svg = node("svg", {width: width, height: height, role: "img", "aria-label": "events over time"});
    if (rows.length) {
      var start = day(low) - 1, span = Math.max(day(high) + 1 - start, 2);
      var x = function (d) { return LEFT + (width - LEFT - RIGHT) * (day(d) - start) / span; };
      ticks(start, start + span, Math.max(2, Math.floor((width - LEFT - RIGHT) / 64))).forEach(function (tick) {
        var tx = x(tick.date);
        svg.appendChild(node("line", {x1: tx, x2: tx, y1: TOP - 6, y2: height, "class": "kg-grid"}));
        svg.appendChild(node("text", {x: tx, y: TOP - 12, "text-anchor": tx > width - RIGHT - 30 ? "end" : "middle",
                                      "class": "kg-tick", "data-date": tick.date}, tick.text));
      });
      rows.forEach(function (row, r) {
        var y = TOP + ROW * r + ROW / 2;
        svg.appendChild(node("line", {x1: LEFT, x2: width - RIGHT, y1: y, y2: y, "class": "kg-row-line"}));
        // A long name is cut to fit the margin; hovering shows it whole (its <title>).
        var cut = row.text.length > 30;
        var label = node("text", {x: LEFT - 8, y: y + 4, "text-anchor": "end", "class": "kg-row-label" + (cut ? " kg-cut" : "")},
                         cut ? row.text.slice(0, 29) + "\u2026" : row.text);
        label.appendChild(node("title", {}, row.text));
        svg.appendChild(label);
        row.marks.forEach(function (mark) {
          var first = data.events[mark.events[0]].type;
          var mixed = mark.events.some(function (i) { return data.events[i].type !== first; });
          var dot = node("circle", {cx: x(mark.date), cy: y, r: Math.min(4 + 2 * Math.sqrt(mark.events.length - 1), 10),
                                    fill: mixed ? data.mixed : data.colors[first], "class": "kg-mark"});
          var kinds = mark.events.map(function (i) { return decode(data.types[data.events[i].type]); });
          dot.appendChild(node("title", {}, row.text + ", " + mark.date + ": " + mark.events.length +
                               (mark.events.length === 1 ? " event" : " events") +
                               (mixed ? " (" + kinds.filter(function (t, k) { return kinds.indexOf(t) === k; })
                                 .join(", ") + ")" : "")));
          dot.addEventListener("click", function () { showPanel(row.text + " \u00b7 " + mark.date, mark.events); });
          svg.appendChild(dot);
        });
      });
    } else {
      svg.appendChild(node("text", {x: 20, y: TOP, "class": "kg-tick"}, "no dated events pass the filters"));
    }
    chart.replaceChildren(svg);
    setCounts({rows: rows.length, marks: nMarks, events: Object.keys(shown).length});
  }
  onFilters(draw);
  window.addEventListener("hashchange", function () { filtersFrom(fragment()); draw(); });
  filtersFrom(fragment());
  document.getElementById("kg-undated-list").addEventListener("click", function () {
    showPanel("Events without a date", data.undated);
  });
  window.addEventListener("resize", draw);
  draw();
  document.body.dataset.ready = "1";
})();