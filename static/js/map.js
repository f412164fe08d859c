/* The collectives map: loads the published collectives and area outlines as
 * GeoJSON (the same filters as the page) onto the django-leaflet map.
 * Works without a tile layer; popups are built from text nodes, never HTML. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("map-config").textContent);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* labels: [singular, plural] as gettext made them for the page's language. */
  function plural(labels, count) {
    return labels[count === 1 ? 0 : 1].replace("%s", count);
  }

  function popupFor(props) {
    var box = el("div", { "class": "map-popup" });
    box.appendChild(el("strong", {}, props.name));
    var meta = [props.city, props.area, config.kinds[props.kind] || props.kind];
    if (props.entrepreneur_count !== null && props.entrepreneur_count !== undefined) {
      meta.push(plural(config.labels.entrepreneurs, props.entrepreneur_count));
    }
    box.appendChild(el("p", {}, meta.filter(Boolean).join(" · ")));
    if (props.approximate) box.appendChild(el("p", { "class": "hint" }, config.labels.approximate));
    box.appendChild(el("a", { href: config.detailUrl.replace("__slug__", encodeURIComponent(props.slug)) },
      config.labels.profile));
    var form = document.getElementById("compare-form");
    if (form) {
      var button = el("button", { type: "button", "class": "secondary add-to-compare" },
        isPicked(props.slug) ? config.labels.picked : config.labels.pick);
      button.addEventListener("click", function () {
        pick(form, props.slug);
        button.textContent = config.labels.picked;
      });
      box.appendChild(el("br"));
      box.appendChild(button);
    }
    return box;
  }

  /* "Add to comparison" ticks the collective in the list beside the map; one
   * that is not on this page of the list goes into the form as a hidden field. */
  function isPicked(slug) {
    var box = document.getElementById("pick-" + slug);
    return (box && box.checked) || !!document.querySelector('#compare-form input[type=hidden][value="' + CSS.escape(slug) + '"]');
  }

  function pick(form, slug) {
    var box = document.getElementById("pick-" + slug);
    if (box) { box.checked = true; return; }
    if (!isPicked(slug)) form.appendChild(el("input", { type: "hidden", name: "c", value: slug }));
  }

  function markerFor(feature, latlng) {
    var props = feature.properties;
    var icon = L.divIcon({
      className: "collective-marker" + (props.approximate ? " is-approximate" : "") +
        " kind-" + props.kind,
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      popupAnchor: [0, -9]
    });
    return L.marker(latlng, { icon: icon, title: props.name, alt: props.name, keyboard: true,
      riseOnHover: true });
  }

  /* Keyboard use of a marker's popup (Leaflet leaves the focus on the marker,
   * with every other marker between it and the popup in the tab order): the
   * popup takes the focus on its first link or button, Escape closes it, and
   * closing gives the focus back to the marker. */
  function keyboardPopup(marker, content) {
    content.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        marker.closePopup();
      }
    });
    marker.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && !close.hasAttribute("data-keyboard")) {
        close.setAttribute("data-keyboard", "");
        close.addEventListener("keydown", function (e) {
          if (e.key === "Escape") { e.preventDefault(); marker.closePopup(); }
        });
      }
      var first = content.querySelector("a[href], button");
      // preventScroll: the browser would scroll Leaflet's overflow-hidden
      // container; Leaflet's autoPan brings the popup into view instead.
      if (first) first.focus({ preventScroll: true });
    });
    marker.on("popupclose", function (event) {
      var active = document.activeElement;
      var box = event.popup.getElement();
      if (!active || active === document.body || (box && box.contains(active))) {
        var icon = marker.getElement();
        if (icon) icon.focus({ preventScroll: true });
      }
    });
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      });
  }

  /* Leaflet's own controls speak English: give them the page's words, which
   * the template puts on the map's frame (data-zoom-in, -zoom-out, -close-popup). */

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    CollectievenatlasMap.localiseControls(map);
    var status = document.getElementById("map-status");
    map.getContainer().setAttribute("data-state", "loading");

    var areas = getJSON(config.areasUrl).then(function (data) {
      return L.geoJSON(data, {
        style: function (feature) {
          return { color: "#5b3f8c", weight: 2, fillOpacity: 0.08,
            dashArray: feature.properties.approximate ? "6 4" : null };
        },
        onEachFeature: function (feature, layer) {
          // A text node, not a string: Leaflet would read a string as HTML.
          layer.bindTooltip(document.createTextNode(feature.properties.name), { sticky: true });
        }
      }).addTo(map);
    });

    var collectives = getJSON(config.collectivesUrl).then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: markerFor,
        onEachFeature: function (feature, marker) {
          var content = popupFor(feature.properties);
          marker.bindPopup(content);
          keyboardPopup(marker, content);
        }
      }).addTo(map);
      var count = data.features.length;
      if (count) map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 14, animate: false });
      status.textContent = plural(config.labels.loaded, count);
      return layer;
    });

    Promise.all([areas, collectives]).then(function () {
      map.getContainer().setAttribute("data-state", "ready");
    }).catch(function (error) {
      map.getContainer().setAttribute("data-state", "error");
      status.textContent = config.labels.error;
      if (window.console) console.error(error);
    });
  });
})();
