/* inroads report, part 2 of 4: the network map — data, hit tests, labels, overlay, interaction (setUpMap).
 * Shares one function scope with report.js (helpers it uses: data, rows, columns, state, el, svg, label, fmt,
 * rowRecord, rowElements, least, most, PALETTE, OTHER_COMMUNITY, TYPE_COLOUR, typeColour, communityColour),
 * map_render.js (the two renderers) and start.js; the page needs the elements of templates/map.html.j2. */
// --------------------------------------------------------------------- map
// What is drawn comes from data.map, where from data.layout (inroads.report.mapview): the PNGs use the same two.
var map = data.map;
map.x = data.layout.x; map.y = data.layout.y; map.community = data.layout.community;
var N = map.x.length;
var edges = Int32Array.from(map.edges);
var mapIndexOfRow = {};
for (var i = 0; i < N; i++) if (map.row[i] >= 0) mapIndexOfRow[map.row[i]] = i;
// Neighbour lists (CSR) for the click highlight.
var nbrStart = new Int32Array(N + 1), nbr = new Int32Array(edges.length);
(function () {
  for (var e = 0; e < edges.length; e++) nbrStart[edges[e] + 1] += 1;
  for (var k = 0; k < N; k++) nbrStart[k + 1] += nbrStart[k];
  var fill = nbrStart.slice(0, N);
  for (var e2 = 0; e2 < edges.length; e2 += 2) {
    var u = edges[e2], v = edges[e2 + 1];
    nbr[fill[u]++] = v; nbr[fill[v]++] = u;
  }
})();
var maxMembers = most([1].concat(map.members));
// Marker radius: the chosen size figure on a square-root scale (inroads.report.map_png.marker_radii, same rule).
var sizeBy = map.size_by, radii = new Float32Array(N);
// Community nodes: 8 to 34 px, the largest smaller when there are many of them (300 would cover each other).
var summaries = 0;
for (var m0 = 0; m0 < N; m0++) if (map.members[m0] > 0) summaries++;
var summaryTop = Math.max(12, Math.min(34, 34 * Math.sqrt(30 / Math.max(summaries, 1))));
function computeRadii() {
  var figure = map.size[sizeBy], top = 0, people = 0;
  for (var i = 0; i < N; i++) if (map.members[i] === 0) { people++; if (figure[i] > top) top = figure[i]; }
  var small = people >= 2000 ? 1.5 : 2;
  for (var j = 0; j < N; j++) {
    var share = top > 0 ? Math.sqrt(Math.max(0, Math.min(1, figure[j] / top))) : 0;
    radii[j] = map.members[j] > 0 ? 8 + (summaryTop - 8) * Math.sqrt(map.members[j] / maxMembers)
      : (map.row[j] >= 0 ? 5 + 7 * share : small + (8 - small) * share);
  }
}
computeRadii();
function radius(i) { return radii[i]; }
// Awareness influencers are diamonds, conversion influencers circles: told apart without colour.
var SHAPE = { awareness: 'diamond', conversion: 'circle' };
function shapeOf(i) { return map.row[i] >= 0 ? (SHAPE[nodeType(i)] || 'square') : 'dot'; }
// Community summaries are pale, so the people drawn over them stay visible.
function nodeColour(i) {
  var own = communityColour(map.community[i]);
  // Communities past the palette are grey already: paler would vanish on white.
  return map.members[i] > 0 && own !== OTHER_COMMUNITY ? pale(own) : own;
}
function pale(hex) {
  var n = parseInt(hex.slice(1), 16), mix = function (c) { return Math.round(c + (255 - c) * 0.6); };
  return '#' + ((1 << 24) + (mix(n >> 16) << 16) + (mix((n >> 8) & 255) << 8) + mix(n & 255)).toString(16).slice(1);
}
// Summaries first (underneath), then people; the shortlisted are drawn on the overlay, in their shapes.
function drawOrder(a, b) { return (map.members[b] > 0) - (map.members[a] > 0) || a - b; }
function nodeType(i) { return map.row[i] >= 0 ? rows[map.row[i]][columns.indexOf('type')] : ''; }

// Shortlisted people by rank, then community summaries by size: the order labels are placed in.
var labelOrder = [];
for (var r0 = 0; r0 < rows.length; r0++) if (mapIndexOfRow[r0] !== undefined) labelOrder.push(mapIndexOfRow[r0]);
for (var s0 = 0; s0 < N; s0++) if (map.members[s0] > 0) labelOrder.push(s0);

var container = document.getElementById('map');
var base = document.getElementById('map-base'), overlay = document.getElementById('map-overlay');
var view = { k: 1, tx: 0, ty: 0, w: 1, h: 1, dpr: window.devicePixelRatio || 1 };
function sx(i) { return view.tx + map.x[i] * view.k; }
function sy(i) { return view.ty + map.y[i] * view.k; }

function resize() {
  var r = container.getBoundingClientRect();
  view.w = Math.max(r.width, 1); view.h = Math.max(r.height, 1);
  [base, overlay].forEach(function (c) { c.width = Math.round(view.w * view.dpr); c.height = Math.round(view.h * view.dpr); });
}
var bounds = (function () {
  var b = { x0: 0, x1: 1, y0: 0, y1: 1 };
  if (N) {
    b.x0 = least(map.x); b.x1 = most(map.x);
    b.y0 = least(map.y); b.y1 = most(map.y);
  }
  return b;
})();
function fit() {  // the drawing's own box, not the unit square, fills the frame
  var spanX = Math.max(bounds.x1 - bounds.x0, 1e-3), spanY = Math.max(bounds.y1 - bounds.y0, 1e-3);
  view.k = Math.min((view.w - 60) / spanX, (view.h - 40) / spanY);
  view.tx = (view.w - spanX * view.k) / 2 - bounds.x0 * view.k;
  view.ty = (view.h - spanY * view.k) / 2 - bounds.y0 * view.k;
}

var renderer = null;
// WebGL drawn by the processor (SwiftShader, llvmpipe: no graphics card, e.g. a virtual machine) is far slower than
// canvas 2D: measured 500 ms against 55 ms a frame for 5,000 people and 29,000 links. Use it only on a real GPU
// (or when asked with ?map=webgl); ?map=2d asks for canvas 2D.
function softwareWebgl(gl) {
  var info = gl.getExtension('WEBGL_debug_renderer_info');
  var name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
}
function chooseRenderer() {
  var asked = (/[?&]map=(2d|webgl)/.exec(window.location.search) || [])[1];
  if (asked !== '2d') {
    try { renderer = webglRenderer(base); } catch (err) { renderer = null; }
    if (renderer && asked !== 'webgl' && softwareWebgl(renderer.gl)) renderer = null;
  }
  if (!renderer) {
    // A canvas that once gave a WebGL context cannot give a 2D one: use a fresh canvas.
    var fresh = document.createElement('canvas'); fresh.id = 'map-base';
    container.replaceChild(fresh, base); base = fresh; resize();
    renderer = canvasRenderer(base);
  }
  document.getElementById('map-renderer').textContent = 'Drawn with ' + renderer.name + '; ' + N.toLocaleString('en-US') + ' nodes, ' + (edges.length / 2).toLocaleString('en-US') + ' links.';
}

// A marker in its shape: diamond (awareness), circle (conversion), square (another kind), at radius r.
function marker(ctx, shape, x, y, r) {
  ctx.beginPath();
  if (shape === 'diamond') { var d = r * 1.3; ctx.moveTo(x, y - d); ctx.lineTo(x + d, y); ctx.lineTo(x, y + d); ctx.lineTo(x - d, y); ctx.closePath(); }
  else if (shape === 'square') { ctx.rect(x - r, y - r, 2 * r, 2 * r); }
  else { ctx.arc(x, y, r, 0, 2 * Math.PI); }
}

// Labels are DOM elements over the canvas (text the reader can select, boxes a test can read), placed by the
// eight-position rule of inroads.report.labels: right, left, above, below, then the corners; the first place inside
// the frame that meets no placed label and no shortlisted marker wins; with none free the label is hidden.
var LABEL_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
var LABEL_H = 16, LABEL_GAP = 3, CANDIDATES = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];
var RINGS = [0, 16, 34];  // beside the marker, then farther out with a leader line (inroads.report.labels.RINGS)
var labelLayer = document.getElementById('map-labels'), labelNodes = {}, labelWidth = {};
var measure = document.createElement('canvas').getContext('2d');
measure.font = LABEL_FONT;
function labelNode(i) {
  if (!labelNodes[i]) {
    var node = el('div', 'map-label' + (map.row[i] >= 0 ? ' shortlisted' : ''), String(map.name[i]));
    node.dataset.node = map.id[i]; node.dataset.row = map.row[i];
    labelWidth[i] = Math.ceil(measure.measureText(String(map.name[i])).width) + 6;
    node.style.width = labelWidth[i] + 'px'; node.style.height = LABEL_H + 'px';
    labelLayer.appendChild(node); labelNodes[i] = node;
  }
  return labelNodes[i];
}
function meets(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
var leaders = [];  // [marker x, y, nearest point of its label box]: drawn by drawOverlay
function placeLabels(order) {
  var placed = [], blocks = [], shown = {}, shortlistedShown = 0;
  leaders = [];
  for (var s = 0; s < N; s++) {
    if (map.row[s] < 0) continue;
    var rb = (shapeOf(s) === 'diamond' ? radius(s) * 1.3 : radius(s)) + 2;
    blocks.push([sx(s) - rb, sy(s) - rb, sx(s) + rb, sy(s) + rb]);
  }
  order.forEach(function (i) {
    if (shown[i]) return;
    var node = labelNode(i), w = labelWidth[i], x = sx(i), y = sy(i);
    var near = (shapeOf(i) === 'diamond' ? radius(i) * 1.3 : radius(i)) + 2 + LABEL_GAP, reach = near, box = null;
    for (var c = 0; c < CANDIDATES.length * RINGS.length && !box; c++) {
      var dx = CANDIDATES[c % 8][0], dy = CANDIDATES[c % 8][1], far = RINGS[Math.floor(c / 8)];
      reach = near + far;
      var left = dx > 0 ? x + reach : dx < 0 ? x - reach - w : x - w / 2;
      var top = dy > 0 ? y + reach : dy < 0 ? y - reach - LABEL_H : y - LABEL_H / 2;
      var b = [left, top, left + w, top + LABEL_H];
      if (b[0] < 0 || b[1] < 0 || b[2] > view.w || b[3] > view.h) continue;
      if (placed.some(function (o) { return meets(b, o); }) || blocks.some(function (o) { return meets(b, o); })) continue;
      box = b;
    }
    if (!box) return;
    placed.push(box); shown[i] = true;
    if (reach > near) leaders.push([x, y, Math.max(box[0], Math.min(x, box[2])), Math.max(box[1], Math.min(y, box[3]))]);
    if (map.row[i] >= 0) shortlistedShown++;
    node.style.transform = 'translate(' + Math.round(box[0]) + 'px,' + Math.round(box[1]) + 'px)';
    // Round the stored box the same way, so what the page shows is what was checked.
    box[0] = Math.round(box[0]); box[1] = Math.round(box[1]); box[2] = box[0] + w; box[3] = box[1] + LABEL_H;
  });
  for (var key in labelNodes) labelNodes[key].hidden = !shown[key];
  return shortlistedShown;
}

function drawOverlay() {
  var ctx = overlay.getContext('2d');
  ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
  ctx.clearRect(0, 0, view.w, view.h);
  var focus = state.selected;
  if (focus >= 0) {
    ctx.strokeStyle = 'rgba(237,174,73,0.9)'; ctx.lineWidth = 1.6; ctx.beginPath();
    for (var k = nbrStart[focus]; k < nbrStart[focus + 1]; k++) { ctx.moveTo(sx(focus), sy(focus)); ctx.lineTo(sx(nbr[k]), sy(nbr[k])); }
    ctx.stroke();
    for (var k2 = nbrStart[focus]; k2 < nbrStart[focus + 1]; k2++) {
      var j = nbr[k2]; ctx.fillStyle = nodeColour(j); ctx.strokeStyle = '#1d232b'; ctx.lineWidth = 1;
      marker(ctx, 'circle', sx(j), sy(j), Math.max(radius(j), 3.5)); ctx.fill(); ctx.stroke();
    }
  }
  var order = [state.hovered, focus].filter(function (i) { return i >= 0; }).concat(labelOrder);
  var shown = placeLabels(order);
  ctx.strokeStyle = 'rgba(29,35,43,0.55)'; ctx.lineWidth = 1; ctx.beginPath();
  leaders.forEach(function (l) { ctx.moveTo(l[0], l[1]); ctx.lineTo(l[2], l[3]); });
  ctx.stroke();
  // The shortlisted on top, smallest last so none hides a smaller one: filled with their community, ringed by kind.
  shortlistOrder.forEach(function (s) {
    if (sx(s) < -40 || sy(s) < -40 || sx(s) > view.w + 40 || sy(s) > view.h + 40) return;
    marker(ctx, shapeOf(s), sx(s), sy(s), radius(s));
    ctx.fillStyle = nodeColour(s); ctx.fill();
    ctx.strokeStyle = typeColour(nodeType(s)); ctx.lineWidth = 2.5; ctx.stroke();
  });
  labelNote.textContent = shortlistTotal ? (shown >= shortlistTotal ? 'All ' + shortlistTotal + ' shortlisted people are named.'
    : shown + ' of ' + shortlistTotal + ' shortlisted people are named here; the others would overlap a name: zoom in, or hover.') : '';
  [[focus, '#edae49'], [state.hovered, '#1d232b']].forEach(function (ring) {
    if (ring[0] < 0) return;
    ctx.strokeStyle = ring[1]; ctx.lineWidth = 2.5;
    marker(ctx, shapeOf(ring[0]), sx(ring[0]), sy(ring[0]), radius(ring[0]) + 3); ctx.stroke();
  });
}
var shortlistOrder = [];
for (var q = 0; q < N; q++) if (map.row[q] >= 0) shortlistOrder.push(q);
shortlistOrder.sort(function (a, b) { return radius(b) - radius(a) || a - b; });
var shortlistTotal = shortlistOrder.length;
var labelNote = document.getElementById('map-label-note');

// redraw(how): 'overlay' (hover, selection: the base layer is unchanged), 'move' (pan, zoom: the base may be drawn
// from its last picture, moved and scaled, then sharp again once the reader stops) or 'full'.
var pending = null, settle = null, RANK = { overlay: 0, move: 1, full: 2 };
function redraw(how) {
  how = how || 'full';
  if (pending !== null) { if (RANK[how] > RANK[pending]) pending = how; return; }
  pending = how;
  window.requestAnimationFrame(function () {
    var kind = pending; pending = null;
    if (kind !== 'overlay') renderer.draw(kind === 'move');
    drawOverlay();
    if (kind === 'move' && renderer.quick) {
      clearTimeout(settle);
      settle = setTimeout(function () { redraw('full'); }, 150);
    }
  });
}

// Spatial grid over the unit square for hover hit-tests.
var GRID = 64, cells = {};
for (var g = 0; g < N; g++) {
  var key = Math.min(GRID - 1, Math.max(0, Math.floor(map.x[g] * GRID))) + ',' + Math.min(GRID - 1, Math.max(0, Math.floor(map.y[g] * GRID)));
  (cells[key] = cells[key] || []).push(g);
}
function nodeAt(px, py) {
  var wx = (px - view.tx) / view.k, wy = (py - view.ty) / view.k;
  var reach = (30 + 4) / view.k, best = -1, bestD = Infinity;
  var cx0 = Math.floor((wx - reach) * GRID), cx1 = Math.floor((wx + reach) * GRID);
  var cy0 = Math.floor((wy - reach) * GRID), cy1 = Math.floor((wy + reach) * GRID);
  for (var cx = Math.max(0, cx0); cx <= Math.min(GRID - 1, cx1); cx++) {
    for (var cy = Math.max(0, cy0); cy <= Math.min(GRID - 1, cy1); cy++) {
      (cells[cx + ',' + cy] || []).forEach(function (i) {
        var dx = sx(i) - px, dy = sy(i) - py, d = Math.sqrt(dx * dx + dy * dy);
        if (d <= Math.max(radius(i), 4) + 2 && (d < bestD || (d === bestD && radius(i) > radius(best)))) { best = i; bestD = d; }
      });
    }
  }
  return best;
}

function describe(i, holder) {
  holder.textContent = '';
  var record = map.row[i] >= 0 ? rowRecord(map.row[i]) : (map.members[i] > 0
    ? { community: map.community[i], members: map.members[i] }
    : { id: map.id[i], name: map.name[i], community: map.community[i], degree: map.degree[i] });
  Object.keys(record).forEach(function (key) {
    holder.appendChild(el('dt', null, label(key)));
    holder.appendChild(el('dd', null, fmt(record[key])));
  });
}

var tooltip = document.getElementById('map-tooltip');
function hover(i, px, py) {
  if (i === state.hovered) { if (i >= 0) place(px, py); return; }
  state.hovered = i;
  if (i < 0) { tooltip.hidden = true; } else {
    var list = el('dl'); describe(i, list);
    tooltip.textContent = ''; tooltip.appendChild(list); tooltip.hidden = false; tooltip.dataset.node = map.id[i];
    place(px, py);
  }
  redraw('overlay');
}
function place(px, py) {
  var left = px + 14, top = py + 14;
  if (left + tooltip.offsetWidth > view.w) left = px - 14 - tooltip.offsetWidth;
  if (top + tooltip.offsetHeight > view.h) top = Math.max(0, py - 14 - tooltip.offsetHeight);
  tooltip.style.left = left + 'px'; tooltip.style.top = top + 'px';
}

function select(i, r) {
  state.selected = i === undefined ? -1 : i;
  var row = r !== undefined && r >= 0 ? r : (state.selected >= 0 ? map.row[state.selected] : -1);
  rowElements.forEach(function (tr) { tr.classList.remove('selected'); });
  if (row >= 0) { rowElements[row].classList.add('selected'); rowElements[row].scrollIntoView({ block: 'nearest' }); }
  var panel = document.getElementById('selected-row');
  document.getElementById('selected-empty').hidden = state.selected >= 0 || row >= 0;
  if (state.selected >= 0) describe(state.selected, panel);
  else if (row >= 0) { panel.textContent = ''; var rec = rowRecord(row); Object.keys(rec).forEach(function (k) { panel.appendChild(el('dt', null, label(k))); panel.appendChild(el('dd', null, fmt(rec[k]))); }); }
  else panel.textContent = '';
  panel.dataset.node = state.selected >= 0 ? map.id[state.selected] : '';
  redraw('overlay');
}

function drawLegend() {
  var legend = document.getElementById('map-legend');
  legend.appendChild(el('h3', null, 'Shapes'));
  [['awareness influencer', 'awareness', 'M7 1 L13 7 L7 13 L1 7 Z'], ['conversion influencer', 'conversion', null]].forEach(function (item) {
    var line = el('div', 'legend-' + item[1]);
    var icon = svg('svg', { width: 14, height: 14, viewBox: '0 0 14 14', 'class': 'shape' });
    icon.appendChild(item[2] ? svg('path', { d: item[2], fill: '#fff', stroke: TYPE_COLOUR[item[1]], 'stroke-width': 2.5 })
      : svg('circle', { cx: 7, cy: 7, r: 5, fill: '#fff', stroke: TYPE_COLOUR[item[1]], 'stroke-width': 2.5 }));
    line.appendChild(icon); line.appendChild(document.createTextNode(' ' + item[0])); legend.appendChild(line);
  });
  legend.appendChild(el('h3', null, 'Colours'));
  var count = most([-1].concat(map.community)) + 1;
  for (var c = 0; c < Math.min(count, PALETTE.length); c++) {
    var line = el('div'); var sw = el('span', 'swatch'); sw.style.background = communityColour(c);
    line.appendChild(sw); line.appendChild(document.createTextNode('community ' + c + (c === 0 ? ' (largest)' : '')));
    legend.appendChild(line);
  }
  if (count > PALETTE.length) {
    var rest = el('div'); var sw2 = el('span', 'swatch'); sw2.style.background = OTHER_COMMUNITY;
    rest.appendChild(sw2); rest.appendChild(document.createTextNode((count - PALETTE.length) + ' smaller communities'));
    legend.appendChild(rest);
  }
}

function setUpSize() {
  var picker = document.getElementById('map-size');
  ['betweenness', 'closeness', 'degree'].forEach(function (name) {
    var option = el('option', null, name); option.value = name; option.selected = name === sizeBy; picker.appendChild(option);
  });
  picker.addEventListener('change', function () {
    sizeBy = picker.value; computeRadii(); renderer.sizes();
    shortlistOrder.sort(function (a, b) { return radius(b) - radius(a) || a - b; });
    redraw();
  });
}

// No links, one person, nobody: say so instead of drawing an empty canvas.
function showMessage() {
  var box = document.getElementById('map-message');
  box.textContent = map.message; box.hidden = false;
  [base, overlay].forEach(function (c) { c.hidden = true; });
  document.getElementById('map-renderer').textContent = 'Nothing drawn.';
  document.getElementById('map-size-line').hidden = true;
  renderer = { name: 'none', draw: function () {}, sizes: function () {} };
}

function setUpMap() {
  if (map.message) { showMessage(); return; }
  resize(); fit(); chooseRenderer(); drawLegend(); setUpSize();
  var drag = null;
  overlay.addEventListener('pointerdown', function (ev) { drag = { x: ev.clientX, y: ev.clientY, moved: false }; overlay.setPointerCapture(ev.pointerId); });
  overlay.addEventListener('pointermove', function (ev) {
    var r = overlay.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
    if (drag) {
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
        drag.moved = true; view.tx += dx; view.ty += dy; drag.x = ev.clientX; drag.y = ev.clientY; redraw('move');
        return;
      }
    }
    hover(nodeAt(px, py), px, py);
  });
  overlay.addEventListener('pointerup', function (ev) {
    var r = overlay.getBoundingClientRect();
    if (drag && !drag.moved) { var i = nodeAt(ev.clientX - r.left, ev.clientY - r.top); select(i, i >= 0 ? map.row[i] : -1); }
    drag = null;
  });
  overlay.addEventListener('pointerleave', function () { hover(-1, 0, 0); });
  overlay.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var r = overlay.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
    var f = Math.exp(-ev.deltaY * 0.0015);
    view.tx = px - (px - view.tx) * f; view.ty = py - (py - view.ty) * f; view.k *= f;
    redraw('move');
  }, { passive: false });
  overlay.addEventListener('dblclick', function () { fit(); redraw(); });
  window.addEventListener('resize', function () { resize(); fit(); redraw(); });
  renderer.draw(); drawOverlay();
}

