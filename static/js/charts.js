/* Draws every chart on the page from its figure (json_script), with the plotly
 * mode bar's PNG download, an added SVG download, and the download buttons
 * beside the chart. Each chart has a data table next to it; this is the picture. */
(function () {
  "use strict";
  var script = document.currentScript;
  var locale = (script && script.getAttribute("data-locale")) || "nl";

  function download(chart, format) {
    return Plotly.downloadImage(chart, {
      format: format,
      filename: chart.getAttribute("data-filename") || "chart",
      width: chart.offsetWidth || 900,
      height: chart.offsetHeight || 500
    });
  }

  var svgButton = {
    name: "toSVG",
    title: locale === "nl" ? "Download als SVG" : "Download as SVG",
    icon: Plotly.Icons.camera,
    click: function (gd) { download(gd, "svg"); }
  };

  document.querySelectorAll(".chart[data-figure]").forEach(function (chart) {
    var source = document.getElementById(chart.getAttribute("data-figure"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    if (!figure) return;
    Plotly.newPlot(chart, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      locale: locale,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
      modeBarButtonsToAdd: [svgButton],
      toImageButtonOptions: { format: "png", filename: chart.getAttribute("data-filename") || "chart" }
    }).then(function () {
      chart.setAttribute("data-state", "ready");
    });
  });

  document.querySelectorAll("[data-download-chart]").forEach(function (button) {
    button.addEventListener("click", function () {
      var chart = document.getElementById(button.getAttribute("data-download-chart"));
      if (chart) download(chart, button.getAttribute("data-format"));
    });
  });
})();
