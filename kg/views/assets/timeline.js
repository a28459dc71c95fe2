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
      for (var t = 0; t <= 6; t += 1) {
        var tick = iso(Math.round(start + span * t / 6)), tx = x(tick);
        svg.appendChild(node("line", {x1: tx, x2: tx, y1: TOP - 6, y2: height, "class": "kg-grid"}));
        svg.appendChild(node("text", {x: tx, y: TOP - 12, "text-anchor": t === 6 ? "end" : "middle", "class": "kg-tick"},
                             tick));
      }
      rows.forEach(function (row, r) {
        var y = TOP + ROW * r + ROW / 2;
        svg.appendChild(node("line", {x1: LEFT, x2: width - RIGHT, y1: y, y2: y, "class": "kg-row-line"}));
        var label = node("text", {x: LEFT - 8, y: y + 4, "text-anchor": "end", "class": "kg-row-label"},
                         row.text.length > 30 ? row.text.slice(0, 29) + "\u2026" : row.text);
        label.appendChild(node("title", {}, row.text));
        svg.appendChild(label);
        row.marks.forEach(function (mark) {
          var first = data.events[mark.events[0]].type;
          var mixed = mark.events.some(function (i) { return data.events[i].type !== first; });
          var dot = node("circle", {cx: x(mark.date), cy: y, r: Math.min(4 + 2 * Math.sqrt(mark.events.length - 1), 10),
                                    fill: mixed ? "#444444" : data.colors[first], "class": "kg-mark"});
          dot.appendChild(node("title", {}, row.text + ", " + mark.date + ": " + mark.events.length +
                               (mark.events.length === 1 ? " event" : " events")));
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