/* Maps of areas: outlines (dashed when approximate) and, on an area's page, its
 * collectives as markers linking to their profiles. Data comes from the page
 * (json_script); popups are built from text nodes. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("area-map-data").textContent);

  function link(text, href) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var bounds = L.latLngBounds([]);
    var outlines = L.geoJSON(JSON.parse(data.areas), {
      style: function (feature) {
        return { color: "#5b3f8c", weight: 2, fillOpacity: 0.1,
          dashArray: feature.properties.approximate ? "6 4" : null };
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties;
        layer.bindTooltip(props.name, { sticky: true });
        if (data.areaUrl) {
          layer.bindPopup(link(props.name, data.areaUrl.replace("__slug__", encodeURIComponent(props.slug))));
        }
      }
    }).addTo(map);
    if (outlines.getLayers().length) bounds.extend(outlines.getBounds());
    if (data.collectives) {
      var markers = L.geoJSON(JSON.parse(data.collectives), {
        pointToLayer: function (feature, latlng) {
          var props = feature.properties;
          return L.marker(latlng, {
            icon: L.divIcon({ className: "collective-marker" + (props.approximate ? " is-approximate" : ""),
              iconSize: [18, 18], iconAnchor: [9, 9], popupAnchor: [0, -9] }),
            title: props.name, alt: props.name, keyboard: true
          });
        },
        onEachFeature: function (feature, marker) {
          var props = feature.properties;
          marker.bindPopup(link(props.name, data.detailUrl.replace("__slug__", encodeURIComponent(props.slug))));
        }
      }).addTo(map);
      if (markers.getLayers().length) bounds.extend(markers.getBounds());
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    map.getContainer().setAttribute("data-state", "ready");
  });
})();
