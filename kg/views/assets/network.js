(function () {
  "use strict";
/* @common */

  function tooltip(s) {
    var element = document.createElement("div");
    element.className = "kg-tip";
    element.textContent = decode(s);
    return element;
  }
  // The panel's and the filters' own fields stay out of vis-network's items.
  var eventsOf = {}, kindOf = {}, names = [], ends = {}, labelOf = {};
  data.nodes.forEach(function (node) {
    eventsOf[node.id] = node.events;
    kindOf[node.id] = node.kind;
    var label = decode(node.label);
    labelOf[node.id] = label;
    names.push({id: node.id, label: label,
                keys: [label].concat(node.aliases.map(decode)).map(function (s) { return s.toLowerCase(); })});
    delete node.events; delete node.kind; delete node.aliases;
    node.label = label;
    if (typeof node.title === "string") { node.title = tooltip(node.title); }
  });
  data.edges.forEach(function (edge) {
    eventsOf[edge.id] = edge.events;
    ends[edge.id] = [edge.from, edge.to];
    delete edge.events;
    if (typeof edge.label === "string") { edge.label = decode(edge.label); }
    if (typeof edge.title === "string") { edge.title = tooltip(edge.title); }
  });
  // The busiest nodes are named at the first zoom: their font is made large enough that
  // font size x scale reaches the label threshold (vis-network skips smaller labels); the
  // others' labels appear as one zooms in, and maxVisible caps all on screen. The scale is
  // guessed before drawing as vis-network's fit computes it, and corrected after the fit.
  var container = document.getElementById("mynetwork");
  function hubFont(scale) { return Math.max(data.options.nodes.font.size, Math.ceil(data.labelPx / scale)); }
  function guessScale() {
    var low = [Infinity, Infinity], high = [-Infinity, -Infinity];
    data.nodes.forEach(function (node) {
      low = [Math.min(low[0], node.x - node.size), Math.min(low[1], node.y - node.size)];
      high = [Math.max(high[0], node.x + node.size), Math.max(high[1], node.y + node.size)];
    });
    if (!data.nodes.length) { return 1; }
    return Math.min(1, container.clientWidth / ((high[0] - low[0]) * 1.1 || 1),
                    container.clientHeight / ((high[1] - low[1]) * 1.1 || 1));
  }
  var hubs = {}, hubSize = hubFont(guessScale());
  data.labelled.forEach(function (id) { hubs[id] = true; });
  data.nodes.forEach(function (node) { if (hubs[node.id]) { node.font = {size: hubSize}; } });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  network.fit();
  window.kgNetwork = network;
  if (hubFont(network.getScale()) > hubSize) {
    hubSize = hubFont(network.getScale());
    nodes.update(data.labelled.map(function (id) { return {id: id, font: {size: hubSize}}; }));
  }
  // What vis-network draws: a label whose font size x scale reaches the threshold (in
  // full colour; from threshold - 1 it fades in). Written to <body> for the browser tests.
  function showZoom() {
    var now = network.getScale(), labels = 0, hubLabels = 0;
    nodes.forEach(function (item) {
      var node = network.body.nodes[item.id];
      if (!item.hidden && node.labelModule.fontOptions.size * now >= node.options.scaling.label.drawThreshold) {
        labels += 1;
        if (hubs[item.id]) { hubLabels += 1; }
      }
    });
    setCounts({scale: now.toFixed(3), labels: labels, hubLabels: hubLabels});
  }
  network.on("zoom", showZoom);

  // The time window: two sliders over the days from the first to the last event date,
  // bound to the "from" and "to" dates of the filters (an end at its limit is no bound).
  var windowFrom = document.getElementById("kg-window-from"), windowTo = document.getElementById("kg-window-to");
  var DAY = 86400000, first = since.min ? Date.parse(since.min) : 0, last = until.max ? Date.parse(until.max) : 0;
  var span = Math.round((last - first) / DAY);
  function dayOf(value, fallback) { return value ? Math.round((Date.parse(value) - first) / DAY) : fallback; }
  function isoOf(offset) { return new Date(first + offset * DAY).toISOString().slice(0, 10); }
  if (windowFrom) {
    [windowFrom, windowTo].forEach(function (slider) { slider.max = String(span); });
    windowTo.value = String(span);
    var onSlide = function (event) {
      var low = +windowFrom.value, high = +windowTo.value;
      if (low > high) {
        if (event.target === windowFrom) { windowTo.value = String(low); high = low; }
        else { windowFrom.value = String(high); low = high; }
      }
      since.value = low > 0 ? isoOf(low) : "";
      until.value = high < span ? isoOf(high) : "";
      apply();
    };
    windowFrom.addEventListener("input", onSlide);
    windowTo.addEventListener("input", onSlide);
  }
  function showWindow(nEvents) {
    if (!windowFrom) { return; }
    windowFrom.value = String(Math.max(0, Math.min(span, dayOf(since.value, 0))));
    windowTo.value = String(Math.max(0, Math.min(span, dayOf(until.value, span))));
    var whole = !since.value && !until.value;
    document.getElementById("kg-window-text").textContent =
      (since.value || since.min) + " to " + (until.value || until.max) + " \u00b7 " + nEvents + " events" +
      (whole ? (undated.checked ? ", undated ones too" : "") : ", undated ones hidden");
    document.body.dataset.window = (since.value || "") + ".." + (until.value || "");
  }

  // What is hidden now, so that `apply` sends vis-network only the changes: a slider moves
  // the window many times a second.
  var nodeHidden = {}, edgeHidden = {};
  Object.keys(kindOf).forEach(function (id) { nodeHidden[id] = false; });
  Object.keys(ends).forEach(function (id) { edgeHidden[id] = false; });
  function changed(state, id, hidden, changes) {
    if (state[id] !== hidden) { state[id] = hidden; changes.push({id: id, hidden: hidden}); }
  }
  function apply() {
    var pass = eventFilter(), kinds = checked("kg-kind"), shown = {}, nodeUpdates = [], edgeUpdates = [];
    var nNodes = 0, nEdges = 0, nEvents = 0;
    Object.keys(kindOf).forEach(function (id) {
      var visible = Boolean(kinds[kindOf[id]]) && eventsOf[id].some(pass);
      shown[id] = visible;
      if (visible) { nNodes += 1; }
      changed(nodeHidden, id, !visible, nodeUpdates);
    });
    Object.keys(ends).forEach(function (id) {
      var visible = shown[ends[id][0]] && shown[ends[id][1]] && eventsOf[id].some(pass);
      if (visible) { nEdges += 1; }
      changed(edgeHidden, id, !visible, edgeUpdates);
    });
    data.events.forEach(function (ev, i) { if (pass(i)) { nEvents += 1; } });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    setCounts({nodes: nNodes, edges: nEdges, events: nEvents});
    showWindow(nEvents);
  }
  onFilters(apply);
  apply();

  network.on("click", function (params) {
    if (params.nodes.length) {
      showPanel(labelOf[params.nodes[0]], eventsOf[params.nodes[0]]);
    } else if (params.edges.length) {
      var id = params.edges[0], edge = edges.get(id);
      showPanel(labelOf[ends[id][0]] + " \u2192 " + labelOf[ends[id][1]] + ": " + edge.label, eventsOf[id]);
    }
  });

  function rank(entry, key) {
    if (entry.keys[0] === key) { return 0; }
    if (entry.keys.indexOf(key) >= 0) { return 1; }
    if (entry.keys.some(function (k) { return k.indexOf(key) === 0; })) { return 2; }
    if (entry.keys.some(function (k) { return k.indexOf(key) >= 0; })) { return 3; }
    return 9;
  }
  function search(query) {
    var key = query.trim().toLowerCase(), best = null, bestRank = 9;
    var result = document.getElementById("kg-search-result");
    if (!key) { return; }
    names.forEach(function (entry) {
      var r = rank(entry, key);
      if (r < bestRank || (r === bestRank && r < 9 && entry.label < best.label)) { best = entry; bestRank = r; }
    });
    if (!best) {
      result.textContent = "no match for " + query;
      document.body.dataset.searchFound = "";
      return;
    }
    network.selectNodes([best.id]);
    network.focus(best.id, {scale: 1.3, animation: false});
    showZoom();
    showPanel(best.label, eventsOf[best.id]);
    result.textContent = "found " + best.label;
    document.body.dataset.searchFound = best.label;
  }
  var box = document.getElementById("kg-search");
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(box.value);
  });
  function fromFragment() {
    var params = fragment();
    filtersFrom(params);
    apply();
    if (params.has("search")) {
      box.value = params.get("search");
      search(box.value);
    }
  }
  window.addEventListener("hashchange", fromFragment);
  function ready() {
    fromFragment();
    showZoom();
    document.body.dataset.ready = "1";
  }
  network.once("afterDrawing", ready);
  network.redraw();
})();