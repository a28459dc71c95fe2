var data = JSON.parse(document.getElementById("kg-data").textContent);
// Python's html.escape writes exactly these five entities (an "&" of the text is "&amp;"), so
// replacing them undoes it; the result is only ever shown as text. No HTML parser per string:
// a 5,000-event page decodes tens of thousands of strings.
var ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'"};
function decode(s) {
  if (typeof s !== "string") { return ""; }
  return s.replace(/&(?:amp|lt|gt|quot|#x27);/g, function (entity) { return ENTITIES[entity]; });
}
function el(tag, cls, text) {
  var element = document.createElement(tag);
  if (cls) { element.className = cls; }
  if (text !== undefined && text !== null) { element.textContent = text; }
  return element;
}
function webUrl(s) {
  try {
    var url = new URL(s);
    return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
  } catch (e) { return null; }
}
var panel = document.getElementById("kg-panel");
function byDate(a, b) {
  var da = data.events[a].date || "9999", db = data.events[b].date || "9999";
  return da < db ? -1 : (da > db ? 1 : a - b);
}
function eventItem(ev) {
  var item = el("li", "kg-event");
  item.appendChild(el("div", "kg-event-head",
    [decode(data.types[ev.type]), ev.date || "date unknown", decode(ev.status)].join(" \u00b7 ")));
  var who = decode(ev.agent);
  if (ev.target) { who += " \u2192 " + decode(ev.target); }
  if (ev.object) { who += (ev.target ? " \u00b7 about " : " \u2192 ") + decode(ev.object); }
  item.appendChild(el("div", "kg-event-who", who));
  if (ev.speaker) { item.appendChild(el("div", "kg-event-speaker", "according to " + decode(ev.speaker))); }
  item.appendChild(el("blockquote", "kg-evidence", decode(ev.evidence)));
  item.appendChild(el("div", "kg-event-article", "article: " + decode(ev.article)));
  if (ev.title) { item.appendChild(el("div", "kg-event-title", decode(ev.title))); }
  var url = ev.url ? webUrl(decode(ev.url)) : null;
  if (url) {
    var link = el("a", "kg-event-link", url);
    link.href = url;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    item.appendChild(link);
  }
  return item;
}
function showPanel(heading, indices) {
  var list = document.getElementById("kg-panel-events");
  list.replaceChildren();
  indices.slice().sort(byDate).forEach(function (i) { list.appendChild(eventItem(data.events[i])); });
  document.getElementById("kg-panel-title").textContent = heading;
  document.getElementById("kg-panel-count").textContent =
    indices.length + (indices.length === 1 ? " event" : " events");
  panel.dataset.events = String(indices.length);
  panel.hidden = false;
}
document.getElementById("kg-panel-close").addEventListener("click", function () { panel.hidden = true; });
function checked(cls) {
  var set = {};
  document.querySelectorAll("input." + cls).forEach(function (box) { if (box.checked) { set[box.value] = true; } });
  return set;
}
var since = document.getElementById("kg-since"), until = document.getElementById("kg-until");
var undated = document.getElementById("kg-undated");
function eventFilter() {
  var types = checked("kg-type"), low = since.value, high = until.value, keepUndated = undated.checked;
  return function (i) {
    var ev = data.events[i];
    if (!types[ev.type]) { return false; }
    // An event without a date is in no window: shown only while no date bound is set, as
    // `kg view --since` drops it too.
    if (!ev.date) { return keepUndated && !low && !high; }
    return (!low || ev.date >= low) && (!high || ev.date <= high);
  };
}
function onFilters(apply) {
  document.querySelectorAll("#kg-filters input").forEach(function (input) {
    input.addEventListener("change", apply);
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelectorAll("#kg-filters input[type=checkbox]").forEach(function (box) { box.checked = true; });
    since.value = "";
    until.value = "";
    apply();
  });
}
// The fragment sets the filters, so a filtered view is a link:
// graph.html#type=SANCTION,ACCUSE&kind=Country&since=2019-01-01&until=2019-12-31&undated=0&search=China
function fragment() {
  return new URLSearchParams(window.location.hash.replace(/^#/, ""));
}
function filtersFrom(params) {
  [["type", "kg-type"], ["kind", "kg-kind"]].forEach(function (pair) {
    if (!params.has(pair[0])) { return; }
    var wanted = params.get(pair[0]).toUpperCase().split(",");
    document.querySelectorAll("input." + pair[1]).forEach(function (box) {
      box.checked = wanted.indexOf(box.dataset.name.toUpperCase()) >= 0;
    });
  });
  if (params.has("since")) { since.value = params.get("since"); }
  if (params.has("until")) { until.value = params.get("until"); }
  if (params.has("undated")) { undated.checked = params.get("undated") !== "0"; }
}
function setCounts(counts) {
  Object.keys(counts).forEach(function (key) { document.body.dataset[key] = String(counts[key]); });
}
