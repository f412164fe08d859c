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

  /* Keyboard use of a marker's popup: it takes the focus on its link, Escape
   * closes it, and closing gives the focus back to the marker. */
  function keyboardPopup(layer, content) {
    content.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        layer.closePopup();
      }
    });
    layer.on("popupopen", function () {
      // preventScroll: Leaflet's autoPan shows the popup, the browser must not
      // scroll Leaflet's overflow-hidden container.
      content.focus({ preventScroll: true });
    });
    layer.on("popupclose", function (event) {
      var active = document.activeElement;
      var box = event.popup.getElement();
      if (!active || active === document.body || (box && box.contains(active))) {
        var icon = layer.getElement();
        if (icon) icon.focus({ preventScroll: true });
      }
    });
  }

  /* Leaflet's own controls speak English: give them the page's words, which
   * the template puts on the map's frame (data-zoom-in, -zoom-out, -close-popup). */

  /* The outlines come inline (an area's page: one outline) or from the cached
   * areas GeoJSON (the list of all areas, which would make the page heavy). */
  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    CollectievenatlasMap.localiseControls(map);
    if (!data.areasUrl) {
      draw(map, JSON.parse(data.areas));
      return;
    }
    fetch(data.areasUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      // Without outlines the map stays empty; the table holds the same areas.
      .then(function (areas) { draw(map, areas); }, function () { draw(map, null); });
  });

  function draw(map, areas) {
    var bounds = L.latLngBounds([]);
    var outlines = L.geoJSON(areas, {
      style: function (feature) {
        return { color: "#5b3f8c", weight: 2, fillOpacity: 0.1,
          dashArray: feature.properties.approximate ? "6 4" : null };
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties;
        // A text node, not a string: Leaflet would read a string as HTML.
        layer.bindTooltip(document.createTextNode(props.name), { sticky: true });
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
          var content = link(props.name, data.detailUrl.replace("__slug__", encodeURIComponent(props.slug)));
          marker.bindPopup(content);
          keyboardPopup(marker, content);
        }
      }).addTo(map);
      if (markers.getLayers().length) bounds.extend(markers.getBounds());
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    map.getContainer().setAttribute("data-state", "ready");
  }
})();
