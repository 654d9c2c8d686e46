// Draws every chart on a monitoring page from the JSON data island #monitoring-charts.
// Loaded as a static file after plotly.min.js (served from the installed plotly package), so
// the page needs no inline script under the strict Content-Security-Policy.
(function () {
  "use strict";
  var island = document.getElementById("monitoring-charts");
  if (!island || typeof Plotly === "undefined") { return; }
  var charts = JSON.parse(island.textContent);
  Object.keys(charts).forEach(function (id) {
    var target = document.getElementById("chart-" + id);
    if (!target) { return; }
    Plotly.newPlot(target, charts[id].data, charts[id].layout,
      {displayModeBar: false, responsive: true});
  });
})();
