/* inroads report, part 4 of 4: start-up. */
drawHeader();
drawTable();
drawScatter();
drawCharts();
setUpMap();
// For tests and for the curious: where each node is on screen, and which renderer drew the map.
window.inroadsReport = {
  renderer: renderer.name,
  nodeIndex: function (id) { return map.id.indexOf(id); },
  screen: function (i) { return { x: sx(i), y: sy(i) }; },
  readyAfterMs: performance.now()  // since navigation started
};
document.body.dataset.ready = 'true';
