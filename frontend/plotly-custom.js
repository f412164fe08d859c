// Entry point for the vendored custom plotly.js bundle (built by build-plotly.sh).
// Only the trace types the site uses are registered, which keeps the bundle far
// smaller than the full plotly.js. Note: the npm "basic"/"cartesian" bundles do
// NOT include barpolar, which is why we build our own.
"use strict";

var Plotly = require("plotly.js/lib/core");

Plotly.register([
    require("plotly.js/lib/bar"),
    require("plotly.js/lib/barpolar"),
    require("plotly.js/lib/scatter"),
    require("plotly.js/lib/scatterpolar"),
    // Dutch locale; activate with Plotly.setPlotConfig({locale: "nl"})
    // or per plot with config: {locale: "nl"}.
    require("plotly.js/lib/locales/nl"),
]);

// esbuild wraps this in an IIFE with --global-name=Plotly, so module.exports
// becomes window.Plotly. Assign explicitly too, so the global exists no matter
// how the file is bundled.
if (typeof window !== "undefined") {
    window.Plotly = Plotly;
}

module.exports = Plotly;
