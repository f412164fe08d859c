/* Starts django-leaflet maps and map form fields without inline scripts (our
 * Content-Security-Policy forbids them). templates/leaflet/_leaflet_map.html and
 * templates/leaflet/widget.html describe each map and field in data attributes;
 * this does what django-leaflet's inline scripts would have done. */
(function () {
  "use strict";

  /* "L.GeometryField" -> window.L.GeometryField */
  function resolve(path) {
    return path.split(".").reduce(function (obj, key) { return obj && obj[key]; }, window);
  }

  function fieldCallback(config) {
    var data = config.dataset;
    var module = {
      fieldid: data.fieldid,
      modifiable: data.modifiable === "true",
      geom_type: data.geomType,
      srid: Number(data.srid)
    };
    window[data.module] = module;  // django-leaflet's own scripts may look it up
    return function (map, options) {
      module.field_store_class = resolve(data.fieldStoreClass);
      module.precision = options.djoptions.precision;
      var GeometryField = resolve(data.geometryFieldClass);
      (new GeometryField(module)).addTo(map);
    };
  }

  var callbacks = {};

  function startMap(config) {
    var data = config.dataset;
    function loadmap() {
      L.Map.djangoMap(data.map, {
        djoptions: JSON.parse(data.djoptions),
        initfunc: loadmap,
        globals: false,
        callback: (data.callback && (callbacks[data.callback] || resolve(data.callback))) || null
      });
    }
    var loadevents = JSON.parse(data.loadevents || "[]");
    if (loadevents.length === 0 || (loadevents.length === 1 && loadevents[0] === "load" && document.readyState === "complete")) {
      loadmap();
    } else {
      loadevents.forEach(function (name) { window.addEventListener(name, loadmap, false); });
    }
  }

  function start() {
    document.querySelectorAll(".leaflet-field-config:not([data-started])").forEach(function (config) {
      config.dataset.started = "";
      callbacks[config.dataset.callback] = fieldCallback(config);
    });
    document.querySelectorAll(".leaflet-map-config:not([data-started])").forEach(function (config) {
      config.dataset.started = "";
      startMap(config);
    });
  }

  /* In the admin this file loads in <head>, before the widgets exist. */
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
