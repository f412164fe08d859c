/* Draws every chart on the page from its figure (json_script), with the plotly
 * mode bar's PNG download, an added SVG download, and the download buttons
 * beside the chart. Each chart has a data table next to it; this is the picture.
 *
 * plotly.js (1.1 MB, about a second of main-thread work on a slow phone) is not
 * part of the page load: this script loads it when a chart comes within a
 * screen's height of the viewport, or a download button is used, and draws the
 * charts one per task, so the page stays responsive while it is read. Every
 * chart's table is in the page from the start, and each chart's height is kept
 * free (templates/valuefan/_chart.html), so drawing it moves nothing. */
(function () {
  "use strict";
  var script = document.currentScript;
  var locale = (script && script.getAttribute("data-locale")) || "nl";
  var plotlyUrl = script && script.getAttribute("data-plotly");

  var loading = null;
  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window.Plotly) { resolve(window.Plotly); return; }
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.async = true;
        tag.addEventListener("load", function () { resolve(window.Plotly); });
        tag.addEventListener("error", function () { reject(new Error("plotly.js did not load")); });
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function download(chart, format) {
    return Plotly.downloadImage(chart, {
      format: format,
      filename: chart.getAttribute("data-filename") || "chart",
      width: chart.offsetWidth || 900,
      height: chart.offsetHeight || 500
    });
  }

  function titleText(layout) {
    var title = layout && layout.title;
    return (typeof title === "string" ? title : (title && title.text)) || "";
  }

  /* Narrow screens (reflow, WCAG 1.4.10): a title longer than the chart is
   * wide wraps onto more lines, and the wide side margins a value fan keeps
   * for its theme labels shrink, so that the fan itself is not squeezed to
   * nothing. Returns a copy; the figure from the page stays as it is. */
  function fitToWidth(layout, width) {
    var fitted = JSON.parse(JSON.stringify(layout || {}));
    // plotly's pale grey mode bar icons fall short of 3:1 (WCAG 1.4.11).
    fitted.modebar = Object.assign({ color: "#4a4a55", activecolor: "#1b1b1f" }, fitted.modebar);
    var margin = fitted.margin = fitted.margin || {};
    var text = titleText(fitted);
    if (text && width) {
      var size = (fitted.title.font && fitted.title.font.size) || 16;
      var perLine = Math.max(10, Math.floor((width - 20) / (size * 0.6)));
      var lines = [], line = "";
      text.split(/\s+/).forEach(function (word) {
        if (line && (line + " " + word).length > perLine) { lines.push(line); line = word; }
        else { line = line ? line + " " + word : word; }
      });
      if (line) lines.push(line);
      if (lines.length > 1) {
        var extra = Math.round((lines.length - 1) * size * 1.3);
        fitted.title.text = lines.join("<br>");
        margin.t = (margin.t || 80) + extra;
        if (fitted.height) fitted.height += extra;
      }
    }
    if (fitted.polar && width) {
      var sides = (margin.l || 80) + (margin.r || 80);
      if (width - sides < width * 0.6) {
        margin.l = margin.r = Math.round(width * 0.25);
        ["angularaxis", "radialaxis"].forEach(function (name) {
          var axis = fitted.polar[name] = fitted.polar[name] || {};
          axis.tickfont = Object.assign({}, axis.tickfont, { size: 9 });
        });
      }
    }
    return fitted;
  }

  /* plotly's Dutch dictionary leaves most mode bar buttons in English (and
   * misspells one): these fill the gaps, looked up before plotly's own. */
  var dutch = {
    "Download plot as a PNG": "Download de grafiek als PNG-bestand",
    "Zoom": "Zoomen",
    "Pan": "Verschuiven",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Reset axes": "Assen herstellen",
    "Reset view": "Weergave herstellen",
    "Autoscale": "Automatisch schalen",
    "Toggle Spike Lines": "Hulplijnen aan of uit",
    "Show closest data on hover": "Dichtstbijzijnde gegevens tonen bij aanwijzen",
    "Compare data on hover": "Gegevens vergelijken bij aanwijzen"
  };

  /* The plot's SVG is a picture of the table beside it: one image named by the
   * chart's title for screen readers, instead of a heap of loose tick labels.
   * The mode bar (real buttons) stays outside it, reachable. */
  function nameThePicture(chart, label) {
    chart.querySelectorAll(".svg-container > svg.main-svg").forEach(function (svg, i) {
      if (i === 0) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", label);
      } else {
        svg.setAttribute("aria-hidden", "true");
      }
    });
  }

  var config = {
    responsive: true,
    displaylogo: false,
    locale: locale,
    locales: { nl: { dictionary: dutch } },
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"]
  };
  var drawn = [];

  function draw(chart) {
    var source = document.getElementById(chart.getAttribute("data-figure"));
    var figure = source && JSON.parse(source.textContent);
    if (!figure) {
      // Nothing to draw: say so to whoever waits for the chart.
      chart.setAttribute("data-state", "empty");
      return Promise.resolve();
    }
    var label = titleText(figure.layout).replace(/<br\s*\/?>/g, " ");
    var width = chart.offsetWidth;
    var options = Object.assign({}, config, {
      toImageButtonOptions: { format: "png", filename: chart.getAttribute("data-filename") || "chart" },
      modeBarButtonsToAdd: [{
        name: "toSVG",
        title: locale === "nl" ? "Download als SVG" : "Download as SVG",
        icon: Plotly.Icons.camera,
        click: function (gd) { download(gd, "svg"); }
      }]
    });
    return Plotly.newPlot(chart, figure.data, fitToWidth(figure.layout, width), options).then(function () {
      nameThePicture(chart, label);
      chart.setAttribute("data-state", "ready");
      drawn.push({ chart: chart, figure: figure, options: options, width: width, label: label });
    });
  }

  /* One chart per task, in the order asked for; each chart's promise says
   * when it is drawn. */
  var charts = Array.prototype.slice.call(document.querySelectorAll(".chart[data-figure]"));
  var promises = new Map();
  var queue = [];
  var busy = false;

  function pump() {
    if (busy) return;
    var next = queue.shift();
    if (!next) return;
    busy = true;
    loadPlotly().then(function () { return draw(next.chart); })
      .then(next.resolve, function (error) {
        next.chart.setAttribute("data-state", "error");
        next.reject(error);
      })
      .then(function () {
        busy = false;
        window.setTimeout(pump, 0);
      });
  }

  function request(chart) {
    if (!promises.has(chart)) {
      promises.set(chart, new Promise(function (resolve, reject) {
        queue.push({ chart: chart, resolve: resolve, reject: reject });
      }));
      if (observer) observer.unobserve(chart);
      pump();
    }
    return promises.get(chart);
  }

  var observer = null;
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) request(entry.target);
      });
    }, { rootMargin: "100% 0px" });
    charts.forEach(function (chart) { observer.observe(chart); });
  } else {
    charts.forEach(request);
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () {
      drawn.forEach(function (item) {
        var width = item.chart.offsetWidth;
        if (!width || Math.abs(width - item.width) < 40) return;
        item.width = width;
        Plotly.react(item.chart, item.figure.data, fitToWidth(item.figure.layout, width), item.options)
          .then(function () { nameThePicture(item.chart, item.label); });
      });
    }, 200);
  });

  document.querySelectorAll("[data-download-chart]").forEach(function (button) {
    button.addEventListener("click", function () {
      var chart = document.getElementById(button.getAttribute("data-download-chart"));
      if (chart) {
        request(chart).then(function () { download(chart, button.getAttribute("data-format")); });
      }
    });
  });
})();
