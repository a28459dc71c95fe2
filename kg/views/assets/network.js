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
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("mynetwork"),
                                {nodes: nodes, edges: edges}, data.options);
  if (!data.options.physics.enabled) { network.fit(); }
  window.kgNetwork = network;

  function apply() {
    var pass = eventFilter(), kinds = checked("kg-kind"), shown = {}, nodeUpdates = [], edgeUpdates = [];
    var nNodes = 0, nEdges = 0;
    Object.keys(kindOf).forEach(function (id) {
      var visible = Boolean(kinds[kindOf[id]]) && eventsOf[id].some(pass);
      shown[id] = visible;
      if (visible) { nNodes += 1; }
      nodeUpdates.push({id: id, hidden: !visible});
    });
    Object.keys(ends).forEach(function (id) {
      var visible = shown[ends[id][0]] && shown[ends[id][1]] && eventsOf[id].some(pass);
      if (visible) { nEdges += 1; }
      edgeUpdates.push({id: id, hidden: !visible});
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    setCounts({nodes: nNodes, edges: nEdges});
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
    document.body.dataset.ready = "1";
  }
  if (data.options.physics.enabled && data.nodes.length) {
    network.once("stabilizationIterationsDone", function () { network.once("afterDrawing", ready); network.redraw(); });
  } else {
    network.once("afterDrawing", ready);
    network.redraw();
  }
})();