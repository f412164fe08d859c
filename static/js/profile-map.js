/* The small map on a profile: the collective's point and its area's outline,
 * both from the page (json_script), no request for data and none for tiles
 * unless tiles are configured. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("profile-map-data").textContent);

  /* Leaflet's own controls speak English: give them the page's words, which
   * the template puts on the map's frame (data-zoom-in, -zoom-out, -close-popup). */

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    CollectievenatlasMap.localiseControls(map);
    var bounds = L.latLngBounds([]);
    if (data.area) {
      var area = L.geoJSON(JSON.parse(data.area), {
        style: { color: "#5b3f8c", weight: 2, fillOpacity: 0.08, dashArray: "6 4" }
      }).addTo(map);
      if (data.area_name) area.bindTooltip(document.createTextNode(data.area_name), { sticky: true });
      bounds.extend(area.getBounds());
    }
    if (data.location) {
      var point = JSON.parse(data.location);
      var latlng = L.latLng(point.coordinates[1], point.coordinates[0]);
      L.marker(latlng, {
        icon: L.divIcon({ className: "collective-marker" + (data.approximate ? " is-approximate" : ""),
          iconSize: [18, 18], iconAnchor: [9, 9] }),
        title: data.name, alt: data.name, keyboard: false
      }).addTo(map);
      bounds.extend(latlng);
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    map.getContainer().setAttribute("data-state", "ready");
  });
})();
