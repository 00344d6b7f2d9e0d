/* inroads report, part 1 of 2: helpers, header, shortlist table, scatter and charts.
 * Inlined with map.js into one function scope by templates/report.html.j2 (see inroads.report.html).
 * Every piece of data reaches the page through textContent or SVG/canvas text, never through innerHTML,
 * so a name that looks like markup stays text. */

var data = JSON.parse(document.getElementById('report-data').textContent);
var SVG = 'http://www.w3.org/2000/svg';
// Community colours keep clear of the two type colours (red and blue rings mark the shortlisted).
var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#76b7b2', '#edc948', '#b07aa1', '#9c755f', '#86bcb6',
  '#8cd17d', '#d4a6c8', '#bab0ac', '#499894'];
var OTHER_COMMUNITY = '#c4c8cc';
var TYPE_COLOUR = { awareness: '#d1495b', conversion: '#2e86ab' };
var state = { selected: -1, hovered: -1 };

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function svg(tag, attrs, text) {
  var node = document.createElementNS(SVG, tag);
  for (var key in attrs) node.setAttribute(key, attrs[key]);
  if (text !== undefined) node.textContent = String(text);
  return node;
}
// Loops, not Math.min.apply: spreading 100,000 values as arguments overflows the stack.
function least(values) { var m = Infinity; for (var i = 0; i < values.length; i++) if (values[i] < m) m = values[i]; return m; }
function most(values) { var m = -Infinity; for (var i = 0; i < values.length; i++) if (values[i] > m) m = values[i]; return m; }
function isNumber(v) { return typeof v === 'number' && isFinite(v); }
function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (isNumber(v)) {
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    var a = Math.abs(v);
    if (a !== 0 && Math.abs(Math.log10(a) - Math.round(Math.log10(a))) < 1e-9 && (a < 1e-3 || a >= 1e6)) {
      return (v < 0 ? '-' : '') + '1e' + Math.round(Math.log10(a));  // powers of ten on log axes
    }
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  }
  return String(v);
}
function typeColour(t) { return TYPE_COLOUR[t] || (t ? '#7b6d8d' : '#9aa3ad'); }
function communityColour(c) { return c >= 0 && c < PALETTE.length ? PALETTE[c] : OTHER_COMMUNITY; }
function label(key) { return String(key).replace(/_/g, ' '); }

// ------------------------------------------------------------------ header
function drawHeader() {
  var figures = document.getElementById('figures');
  Object.keys(data.network).forEach(function (key) {
    var box = el('div');
    box.appendChild(el('dt', null, label(key)));
    box.appendChild(el('dd', null, fmt(data.network[key])));
    figures.appendChild(box);
  });
  ['header', 'table', 'scatter', 'map'].forEach(function (key) {
    document.getElementById('explain-' + key).textContent = data.explain[key] || '';
  });
  document.getElementById('map-rule').textContent = data.map.rule;
}

// ------------------------------------------------------------------- table
var columns = data.shortlist.columns;
var rows = data.shortlist.rows;
var rowElements = [];
var sortState = { column: -1, descending: false };

function rowRecord(r) {
  var record = {};
  columns.forEach(function (c, i) { record[c] = rows[r][i]; });
  return record;
}

function drawTable() {
  var table = document.getElementById('shortlist');
  var head = el('tr');
  columns.forEach(function (column, i) {
    var th = el('th', null, label(column));
    th.dataset.column = column;
    th.setAttribute('aria-sort', 'none');
    th.tabIndex = 0;  // reachable by keyboard: Enter or Space sorts too
    th.addEventListener('click', function () { sortBy(i); });
    th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sortBy(i); } });
    head.appendChild(th);
  });
  table.tHead.appendChild(head);
  var typeIndex = columns.indexOf('type');
  var body = table.tBodies[0];
  rows.forEach(function (values, r) {
    var tr = el('tr');
    tr.dataset.row = String(r);
    values.forEach(function (v, i) {
      var td = el('td', isNumber(v) ? 'num' : (columns[i] === 'why' ? 'why' : ''));
      if (i === typeIndex && v) {
        td.appendChild(el('span', 'type type-' + (TYPE_COLOUR[v] ? v : 'other'), v));
      } else {
        td.textContent = fmt(v);
      }
      if (isNumber(v)) td.title = String(v);
      tr.appendChild(td);
    });
    tr.addEventListener('click', function () { select(mapIndexOfRow[r] === undefined ? -1 : mapIndexOfRow[r], r); });
    rowElements.push(tr);
    body.appendChild(tr);
  });
  var types = {};
  if (typeIndex >= 0) rows.forEach(function (v) { if (v[typeIndex]) types[v[typeIndex]] = true; });
  var select_ = document.getElementById('type-filter');
  Object.keys(types).sort().forEach(function (t) { var o = el('option', null, t); o.value = t; select_.appendChild(o); });
  document.getElementById('filter').addEventListener('input', applyFilter);
  select_.addEventListener('change', applyFilter);
  applyFilter();
}

function sortBy(i) {
  sortState.descending = sortState.column === i ? !sortState.descending : false;
  sortState.column = i;
  var sign = sortState.descending ? -1 : 1;
  var order = rows.map(function (_, r) { return r; });
  order.sort(function (a, b) {
    var x = rows[a][i], y = rows[b][i];
    if (x === y) return a - b;
    if (x === null || x === undefined) return 1;  // blanks last, whichever the direction
    if (y === null || y === undefined) return -1;
    var c = (isNumber(x) && isNumber(y)) ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c === 0 ? a - b : sign * c;
  });
  var body = document.getElementById('shortlist').tBodies[0];
  order.forEach(function (r) { body.appendChild(rowElements[r]); });
  var ths = document.querySelectorAll('#shortlist th');
  ths.forEach(function (th, j) {
    th.setAttribute('aria-sort', j === i ? (sortState.descending ? 'descending' : 'ascending') : 'none');
  });
}

function applyFilter() {
  var needle = document.getElementById('filter').value.trim().toLowerCase();
  var wanted = document.getElementById('type-filter').value;
  var typeIndex = columns.indexOf('type');
  var shown = 0;
  rows.forEach(function (values, r) {
    var text = values.map(fmt).join(' ').toLowerCase();
    var ok = (!needle || text.indexOf(needle) >= 0) && (!wanted || values[typeIndex] === wanted);
    rowElements[r].hidden = !ok;
    if (ok) shown += 1;
  });
  document.getElementById('row-count').textContent = shown + ' of ' + rows.length + ' people';
}

// ----------------------------------------------------------------- scatter
function niceStep(span) {
  var raw = span / 4, power = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / power;
  return power * (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10);
}

// A linear or log scale over values; log when asked and the positive values span more than 100 times.
function scale(values, from, to, wantLog, withZero) {
  var positive = values.filter(function (v) { return isNumber(v) && v > 0; });
  var lo = positive.length ? least(positive) : 1, hi = positive.length ? most(positive) : 1;
  var log = wantLog && positive.length > 1 && hi / lo > 100;
  if (!log) {
    var all = values.filter(isNumber);
    lo = all.length ? least(all) : 0;
    hi = all.length ? most(all) : 1;
    if (withZero) lo = Math.min(lo, 0);
    if (hi === lo) { hi = lo + 1; }
    var step = niceStep(hi - lo);
    lo = Math.floor(lo / step) * step; hi = Math.ceil(hi / step) * step;
    return { log: false, lo: lo, hi: hi, step: step, at: function (v) { return from + (to - from) * ((v - lo) / (hi - lo)); } };
  }
  var floor = lo / 2;  // zeros sit on the axis, just below the smallest positive value
  var l0 = Math.log10(floor), l1 = Math.log10(hi);
  return { log: true, lo: floor, hi: hi, at: function (v) {
    var t = (Math.log10(Math.max(v, floor)) - l0) / (l1 - l0);
    return from + (to - from) * t;
  } };
}

function ticks(s) {
  var out = [];
  if (s.log) {
    for (var p = Math.ceil(Math.log10(s.lo)); p <= Math.floor(Math.log10(s.hi)); p++) out.push(Math.pow(10, p));
  } else {
    for (var v = s.lo; v <= s.hi + s.step / 2; v += s.step) out.push(Number(v.toPrecision(12)));
  }
  return out;
}

function axes(root, sx, sy, box, xlabel, ylabel) {
  root.appendChild(svg('line', { x1: box.l, y1: box.b, x2: box.r, y2: box.b, stroke: '#9aa3ad' }));
  root.appendChild(svg('line', { x1: box.l, y1: box.t, x2: box.l, y2: box.b, stroke: '#9aa3ad' }));
  if (sx) ticks(sx).forEach(function (v) {
    var x = sx.at(v);
    root.appendChild(svg('line', { x1: x, y1: box.b, x2: x, y2: box.b + 4, stroke: '#9aa3ad' }));
    root.appendChild(svg('text', { x: x, y: box.b + 16, 'text-anchor': 'middle' }, fmt(v)));
  });
  ticks(sy).forEach(function (v) {
    var y = sy.at(v);
    root.appendChild(svg('line', { x1: box.l - 4, y1: y, x2: box.l, y2: y, stroke: '#9aa3ad' }));
    root.appendChild(svg('text', { x: box.l - 6, y: y + 4, 'text-anchor': 'end' }, fmt(v)));
  });
  root.appendChild(svg('text', { x: (box.l + box.r) / 2, y: box.b + 34, 'text-anchor': 'middle' }, xlabel));
  root.appendChild(svg('text', { x: 14, y: (box.t + box.b) / 2, 'text-anchor': 'middle',
    transform: 'rotate(-90 14 ' + (box.t + box.b) / 2 + ')' }, ylabel));
}

// Percentile ranks (0 = lowest, 100 = highest; equal scores share their mean rank): raw scores crowd most people
// into one strip (closeness spans a narrow band, betweenness a few orders of magnitude), ranks spread them evenly.
function percentiles(values) {
  var order = values.map(function (_, i) { return i; });
  var key = function (v) { return isNumber(v) ? v : -Infinity; };
  order.sort(function (a, b) { return key(values[a]) - key(values[b]) || a - b; });
  var out = new Array(values.length), span = Math.max(values.length - 1, 1), r = 0;
  while (r < order.length) {
    var end = r;
    while (end + 1 < order.length && key(values[order[end + 1]]) === key(values[order[r]])) end += 1;
    for (var k = r; k <= end; k++) out[order[k]] = 100 * ((r + end) / 2) / span;
    r = end + 1;
  }
  return out;
}
function percentileOf(values, cut) {  // where a cut-off value falls on the percentile axis
  var below = 0, n = 0;
  values.forEach(function (v) { if (isNumber(v)) { n += 1; if (v < cut) below += 1; } });
  return 100 * below / Math.max(n - 1, 1);
}

function drawScatter() {
  var s = data.scatter, W = 900, H = 480, box = { l: 70, r: W - 20, t: 40, b: H - 50 };
  var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'betweenness against closeness' });
  var px = percentiles(s.betweenness), py = percentiles(s.closeness);
  var sx = scale([0, 100], box.l, box.r, false), sy = scale([0, 100], box.b, box.t, false);
  axes(root, sx, sy, box, 'betweenness (bridge): percentile rank',
    'closeness (reach): percentile rank');
  var t = data.thresholds;
  if (isNumber(t.betweenness)) {
    var x = sx.at(percentileOf(s.betweenness, t.betweenness));
    root.appendChild(svg('line', { x1: x, y1: box.t, x2: x, y2: box.b, stroke: TYPE_COLOUR.awareness, 'stroke-dasharray': '5 4' }));
    root.appendChild(svg('text', { x: x + 4, y: box.t + 10 }, 'awareness cut-off'));
  }
  if (isNumber(t.closeness)) {
    var y = sy.at(percentileOf(s.closeness, t.closeness));
    root.appendChild(svg('line', { x1: box.l, y1: y, x2: box.r, y2: y, stroke: TYPE_COLOUR.conversion, 'stroke-dasharray': '5 4' }));
    root.appendChild(svg('text', { x: box.r - 4, y: y - 4, 'text-anchor': 'end' }, 'conversion cut-off'));
  }
  var order = s.row.map(function (_, i) { return i; });
  order.sort(function (a, b) { return (s.row[a] >= 0) - (s.row[b] >= 0); });  // shortlisted on top
  var points = svg('g', {});
  order.forEach(function (i) {
    if (!isNumber(s.betweenness[i]) || !isNumber(s.closeness[i])) return;
    var chosen = s.row[i] >= 0;
    var dot = svg('circle', { 'class': 'mark', cx: sx.at(px[i]).toFixed(1), cy: sy.at(py[i]).toFixed(1),
      r: chosen ? 5 : 2.2, fill: chosen ? typeColour(s.type[i]) : '#9aa3ad', 'fill-opacity': chosen ? 0.95 : 0.45 });
    dot.appendChild(svg('title', {}, s.name[i] + (s.type[i] ? ' (' + s.type[i] + ')' : '') + '\nbetweenness ' +
      fmt(s.betweenness[i]) + '\ncloseness ' + fmt(s.closeness[i])));
    if (chosen) {
      dot.style.cursor = 'pointer';
      dot.addEventListener('click', function () { select(mapIndexOfRow[s.row[i]], s.row[i]); });
    }
    points.appendChild(dot);
  });
  root.appendChild(points);
  var legend = svg('g', { 'class': 'legend', transform: 'translate(' + (box.l + 6) + ',14)' });  // above the plot box
  [['awareness', TYPE_COLOUR.awareness], ['conversion', TYPE_COLOUR.conversion], ['not shortlisted', '#9aa3ad']]
    .forEach(function (item, k) {
      legend.appendChild(svg('circle', { cx: k * 150, cy: 0, r: 5, fill: item[1] }));
      legend.appendChild(svg('text', { x: k * 150 + 10, y: 4 }, item[0]));
    });
  root.appendChild(legend);
  document.getElementById('scatter').appendChild(root);
}

// ------------------------------------------------------------------ charts
// Legends sit in their own band above the plot box (one row per entry), so they can never cover a bar or a point.
function legendBand(root, entries, left, top) {
  var legend = svg('g', { 'class': 'legend' });
  entries.forEach(function (item, j) {
    legend.appendChild(svg('rect', { x: left, y: top + j * 16, width: 10, height: 10, fill: item[1] }));
    legend.appendChild(svg('text', { x: left + 16, y: top + j * 16 + 9 }, item[0]));
  });
  root.appendChild(legend);
  return top + entries.length * 16 + 8;
}

function drawPoints(root, chart, W, H) {
  var p = chart.points, entries = [['awareness', TYPE_COLOUR.awareness], ['conversion', TYPE_COLOUR.conversion],
    ['not shortlisted', '#9aa3ad']];
  var top = legendBand(root, entries, 80, 10);
  var box = { l: 70, r: W - 20, t: top + 6, b: H - 50 };
  var sx = scale(p.x.concat([0, 1]), box.l, box.r, false, true), sy = scale(p.y, box.b, box.t, false, true);
  axes(root, sx, sy, box, chart.xlabel, chart.ylabel);
  (chart.xlines || []).forEach(function (line) {
    var x = sx.at(line.at);
    root.appendChild(svg('line', { 'class': 'threshold', x1: x, y1: box.t, x2: x, y2: box.b, stroke: TYPE_COLOUR.conversion,
      'stroke-dasharray': '5 4' }));
    var note = svg('text', { x: x - 4, y: box.b - 6, 'text-anchor': 'end' }, line.label);
    note.setAttribute('class', 'threshold-label');
    root.appendChild(note);
  });
  var order = p.type.map(function (_, i) { return i; });
  order.sort(function (a, b) { return (p.type[a] !== '') - (p.type[b] !== ''); });  // shortlisted on top
  var marks = svg('g', { 'class': 'marks' });
  order.forEach(function (i) {
    if (!isNumber(p.x[i]) || !isNumber(p.y[i])) return;
    var chosen = p.type[i] !== '';
    var dot = svg('circle', { 'class': 'mark', cx: sx.at(p.x[i]).toFixed(1), cy: sy.at(p.y[i]).toFixed(1),
      r: chosen ? 5 : 2.2, fill: chosen ? typeColour(p.type[i]) : '#9aa3ad', 'fill-opacity': chosen ? 0.95 : 0.45 });
    dot.appendChild(svg('title', {}, p.name[i] + (chosen ? ' (' + p.type[i] + ')' : '') + '\n' + chart.xlabel + ' ' +
      fmt(p.x[i]) + '\n' + chart.ylabel + ' ' + fmt(p.y[i])));
    marks.appendChild(dot);
  });
  root.appendChild(marks);
}

function drawBars(root, chart, W, H) {
  var entries = chart.series.map(function (s, j) { return [s.name, PALETTE[j % PALETTE.length]]; });
  var top = legendBand(root, entries, 80, 10);
  var box = { l: 70, r: W - 20, t: top + 6, b: H - 50 };
  var all = [];
  chart.series.forEach(function (s) {
    s.values.forEach(function (v) { if (isNumber(v)) all.push(v); });
    (s.high || []).forEach(function (v) { if (isNumber(v)) all.push(v); });
  });
  var sy = scale(all, box.b, box.t, false, true);
  var n = chart.x.length, band = (box.r - box.l) / Math.max(n, 1);
  var sx = { log: false, lo: 0, hi: n, at: function (k) { return box.l + band * (k + 0.5); } };
  axes(root, null, sy, box, chart.xlabel, chart.ylabel);  // a category axis: labelled below, one per bar group
  chart.x.forEach(function (x, k) {
    root.appendChild(svg('text', { x: sx.at(k), y: box.b + 16, 'text-anchor': 'middle' }, fmt(x)));
  });
  var m = chart.series.length, marks = svg('g', { 'class': 'marks' });
  chart.series.forEach(function (s, j) {
    var colour = PALETTE[j % PALETTE.length];
    if (chart.kind === 'bar') {
      var w = band * 0.8 / m;
      s.values.forEach(function (v, k) {
        if (!isNumber(v)) return;
        var x = box.l + band * k + band * 0.1 + w * j, y = sy.at(v);
        var bar = svg('rect', { 'class': 'mark', x: x, y: Math.min(y, sy.at(0)), width: Math.max(w - 1, 1),
          height: Math.abs(sy.at(0) - y), fill: colour });
        var tip = s.name + ': ' + fmt(v);
        if (s.low && s.high && isNumber(s.low[k]) && isNumber(s.high[k]) && s.high[k] > s.low[k]) {
          tip += ' (95% interval ' + fmt(s.low[k]) + ' to ' + fmt(s.high[k]) + ')';
          var cx = x + Math.max(w - 1, 1) / 2;
          marks.appendChild(svg('line', { 'class': 'mark interval', x1: cx, x2: cx, y1: sy.at(s.low[k]),
            y2: sy.at(s.high[k]), stroke: '#222', 'stroke-width': 1.5 }));
        }
        bar.appendChild(svg('title', {}, tip));
        marks.insertBefore(bar, marks.firstChild);
      });
    } else {
      var d = '';
      s.values.forEach(function (v, k) { if (isNumber(v)) d += (d ? 'L' : 'M') + sx.at(k).toFixed(1) + ',' + sy.at(v).toFixed(1); });
      marks.appendChild(svg('path', { 'class': 'mark', d: d, fill: 'none', stroke: colour, 'stroke-width': 2 }));
    }
  });
  root.appendChild(marks);
}

function drawCharts() {
  if (!data.charts.length) return;
  var holder = document.getElementById('charts');
  document.getElementById('charts-section').hidden = false;
  data.charts.forEach(function (chart) {
    var block = el('div', 'chart-block');
    block.id = 'chart-' + chart.id;
    block.appendChild(el('h3', null, chart.title));
    block.appendChild(el('p', 'explain', chart.explain));
    var W = 900, H = chart.kind === 'points' ? 480 : 360 + 16 * Math.max(chart.series.length - 1, 0);
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': chart.title });
    if (chart.kind === 'points') drawPoints(root, chart, W, H); else drawBars(root, chart, W, H);
    var wrap = el('div', 'chart');
    wrap.appendChild(root);
    block.appendChild(wrap);
    holder.appendChild(block);
  });
}
