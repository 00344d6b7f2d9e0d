/* inroads report, part 3 of 4: the map's two renderers of the base layer (regions, links, people): WebGL, and
 * canvas 2D where WebGL is missing or drawn by the processor. Function declarations and constants only; map.js
 * chooses and drives them (chooseRenderer, redraw). */
// Community regions: every person of a coloured community gets a soft disc of its colour mixed with white, drawn with
// a per-channel minimum (WebGL MIN blending, canvas 'darken'), so a group's discs merge into one tinted region instead
// of piling up into a dark blot. The disc is 10 px at the first fit and grows with zoom, like the layout.
var REGION_TINT = 0.14, regionUnits = null;
function regionColour(i) {
  var c = map.community[i];
  if (map.members[i] > 0 || c < 0 || c >= PALETTE.length) return null;
  var n = parseInt(PALETTE[c].slice(1), 16), mix = function (v) { return Math.round(255 - (255 - v) * REGION_TINT); };
  return [mix(n >> 16), mix((n >> 8) & 255), mix(n & 255)];
}
function regionRadius() { if (regionUnits === null) regionUnits = 10 / view.k; return regionUnits * view.k; }

// Links fade as they multiply, so dense maps stay readable: 6/√links, between 0.025 and 0.45 (the PNG uses the same).
function edgeOpacity() { return Math.max(0.025, Math.min(0.45, 6 / Math.sqrt(edges.length / 2 + 1))); }

function hexRgb(hex) { var n = parseInt(hex.slice(1), 16); return [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255]; }

// WebGL renderer: points and lines in two draw calls, so 100,000 edges pan smoothly.
function webglRenderer(canvas) {
  var gl = canvas.getContext('webgl', { antialias: false, preserveDrawingBuffer: false, premultipliedAlpha: false });
  if (!gl) return null;
  function program(vs, fs) {
    var p = gl.createProgram();
    [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]].forEach(function (s) {
      var sh = gl.createShader(s[0]); gl.shaderSource(sh, s[1]); gl.compileShader(sh);
      if (!gl.getShaderParameter(sh, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(sh));
      gl.attachShader(p, sh);
    });
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(p));
    return p;
  }
  var head = 'attribute vec2 pos; uniform vec3 view; uniform vec2 size;' +
    'vec4 clip(vec2 p) { vec2 s = view.yz + p * view.x; return vec4(s.x / size.x * 2.0 - 1.0, 1.0 - s.y / size.y * 2.0, 0.0, 1.0); }';
  var lines = program(head + 'void main() { gl_Position = clip(pos); }',
    'precision mediump float; uniform vec4 colour; void main() { gl_FragColor = colour; }');
  var points = program(head + 'attribute vec3 rgb; attribute float radius; uniform float dpr; varying vec3 c;' +
    'void main() { gl_Position = clip(pos); gl_PointSize = radius * 2.0 * dpr; c = rgb; }',
    'precision mediump float; varying vec3 c; void main() { vec2 d = gl_PointCoord - 0.5; float r = length(d);' +
    'if (r > 0.5) discard; gl_FragColor = vec4(r > 0.4 ? c * 0.7 : c, 1.0); }');
  var regions = program(head + 'attribute vec3 rgb; uniform float radius; varying vec3 c;' +
    'void main() { gl_Position = clip(pos); gl_PointSize = radius * 2.0; c = rgb; }',
    'precision mediump float; varying vec3 c; void main() { vec2 d = gl_PointCoord - 0.5;' +
    'if (length(d) > 0.5) discard; gl_FragColor = vec4(c, 1.0); }');
  var minmax = gl.getExtension('EXT_blend_minmax');
  var regionPos = [], regionRgb = [];
  for (var h = 0; h < N; h++) {
    var tint = regionColour(h);
    if (tint) { regionPos.push(map.x[h], map.y[h]); regionRgb.push(tint[0] / 255, tint[1] / 255, tint[2] / 255); }
  }
  var position = new Float32Array(N * 2), colour = new Float32Array(N * 3), size = new Float32Array(N);
  var order = [];
  for (var i = 0; i < N; i++) order.push(i);
  order.sort(drawOrder);
  // The shortlisted get size 0 here: the overlay draws them in their own shapes.
  function fillSizes() { order.forEach(function (i, k) { size[k] = map.row[i] >= 0 ? 0 : radius(i); }); }
  fillSizes();
  order.forEach(function (i, k) {
    position[2 * k] = map.x[i]; position[2 * k + 1] = map.y[i];
    var rgb = hexRgb(nodeColour(i)); colour.set(rgb, 3 * k);
  });
  var edgePos = new Float32Array(edges.length * 2);
  for (var e = 0; e < edges.length; e++) { edgePos[2 * e] = map.x[edges[e]]; edgePos[2 * e + 1] = map.y[edges[e]]; }
  function buffer(array) { var b = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, b); gl.bufferData(gl.ARRAY_BUFFER, array, gl.STATIC_DRAW); return b; }
  var buffers = { edges: buffer(edgePos), pos: buffer(position), rgb: buffer(colour), radius: buffer(size),
    regionPos: buffer(new Float32Array(regionPos)), regionRgb: buffer(new Float32Array(regionRgb)) };
  function attribute(p, name, b, n) {
    var loc = gl.getAttribLocation(p, name);
    if (loc < 0) return;
    gl.bindBuffer(gl.ARRAY_BUFFER, b); gl.enableVertexAttribArray(loc); gl.vertexAttribPointer(loc, n, gl.FLOAT, false, 0, 0);
  }
  function uniforms(p) {
    gl.uniform3f(gl.getUniformLocation(p, 'view'), view.k, view.tx, view.ty);
    gl.uniform2f(gl.getUniformLocation(p, 'size'), view.w, view.h);
  }
  var edgeAlpha = edgeOpacity();
  return { name: 'webgl', gl: gl, sizes: function () {
    fillSizes(); gl.bindBuffer(gl.ARRAY_BUFFER, buffers.radius); gl.bufferData(gl.ARRAY_BUFFER, size, gl.STATIC_DRAW);
  }, draw: function () {
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(1, 1, 1, 1); gl.clear(gl.COLOR_BUFFER_BIT);
    gl.enable(gl.BLEND); gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    if (minmax && regionPos.length) {
      gl.useProgram(regions); uniforms(regions);
      gl.uniform1f(gl.getUniformLocation(regions, 'radius'), regionRadius() * view.dpr);
      for (var a0 = 0; a0 < 4; a0++) gl.disableVertexAttribArray(a0);
      attribute(regions, 'pos', buffers.regionPos, 2); attribute(regions, 'rgb', buffers.regionRgb, 3);
      gl.blendEquation(minmax.MIN_EXT);
      gl.drawArrays(gl.POINTS, 0, regionPos.length / 2);
      gl.blendEquation(gl.FUNC_ADD);
    }
    gl.useProgram(lines); uniforms(lines);
    gl.uniform4f(gl.getUniformLocation(lines, 'colour'), 0.35, 0.4, 0.46, edgeAlpha);
    for (var a = 0; a < 4; a++) gl.disableVertexAttribArray(a);
    attribute(lines, 'pos', buffers.edges, 2);
    gl.drawArrays(gl.LINES, 0, edges.length);
    gl.useProgram(points); uniforms(points);
    gl.uniform1f(gl.getUniformLocation(points, 'dpr'), view.dpr);
    attribute(points, 'pos', buffers.pos, 2); attribute(points, 'rgb', buffers.rgb, 3); attribute(points, 'radius', buffers.radius, 1);
    gl.drawArrays(gl.POINTS, 0, N);
  } };
}

// Canvas-2D renderer: the same picture where WebGL is missing.
function canvasRenderer(canvas) {
  var ctx = canvas.getContext('2d');
  var order = [];
  for (var i = 0; i < N; i++) if (map.row[i] < 0) order.push(i);  // the overlay draws the shortlisted
  order.sort(drawOrder);
  var edgeAlpha = edgeOpacity();
  // The last full picture and the view it was drawn at: while the reader pans or zooms, the map is that picture moved
  // and scaled (one drawImage, whatever the network's size), drawn sharp again when they stop.
  var picture = document.createElement('canvas'), pictureView = null;
  var tinted = {};  // colour -> people: one path per community region
  for (var h = 0; h < N; h++) {
    var tint = regionColour(h);
    if (tint) (tinted['rgb(' + tint.join(',') + ')'] = tinted['rgb(' + tint.join(',') + ')'] || []).push(h);
  }
  function full() {
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, view.w, view.h);
    ctx.globalCompositeOperation = 'darken';
    var r = regionRadius();
    Object.keys(tinted).forEach(function (fill) {
      ctx.fillStyle = fill; ctx.beginPath();
      tinted[fill].forEach(function (i) { ctx.moveTo(sx(i) + r, sy(i)); ctx.arc(sx(i), sy(i), r, 0, 2 * Math.PI); });
      ctx.fill();
    });
    ctx.globalCompositeOperation = 'source-over';
    ctx.strokeStyle = 'rgba(89,102,117,' + edgeAlpha + ')'; ctx.lineWidth = 1;
    ctx.beginPath();
    for (var e = 0; e < edges.length; e += 2) { ctx.moveTo(sx(edges[e]), sy(edges[e])); ctx.lineTo(sx(edges[e + 1]), sy(edges[e + 1])); }
    ctx.stroke();
    order.forEach(function (i) {
      ctx.fillStyle = nodeColour(i); ctx.beginPath(); ctx.arc(sx(i), sy(i), radius(i), 0, 2 * Math.PI); ctx.fill();
    });
    picture.width = canvas.width; picture.height = canvas.height;
    picture.getContext('2d').drawImage(canvas, 0, 0);
    pictureView = { k: view.k, tx: view.tx, ty: view.ty, w: view.w, h: view.h };
  }
  return { name: 'canvas-2d', quick: true, sizes: function () {}, draw: function (moving) {
    if (!moving || !pictureView || pictureView.w !== view.w || pictureView.h !== view.h) { full(); return; }
    var f = view.k / pictureView.k;
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, view.w, view.h);
    ctx.drawImage(picture, view.tx - pictureView.tx * f, view.ty - pictureView.ty * f, view.w * f, view.h * f);
  } };
}

