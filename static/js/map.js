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

  /* Markers are drawn on one canvas (preferCanvas, L.circleMarker): with tens of
   * thousands of collectives a DOM element per marker would freeze the page.
   * Markers that would overlap are clustered (Leaflet.markercluster, chunked so
   * the page keeps answering while they are added). */
  var CLUSTER_ABOVE = 100;
  var RADIUS = 8;
  var TARGET = 24; /* px: a marker's keyboard and touch target (WCAG 2.5.8) */
  var TARGET_SPACING = 28; /* px between markers before they are merged */
  var ACCENT = "#4b2e83"; /* --accent in site.css: 9.6:1 on white */
  var STYLE = { radius: RADIUS, weight: 2, color: "#ffffff", opacity: 1,
    fillColor: ACCENT, fillOpacity: 1 };
  var STYLE_APPROXIMATE = { radius: RADIUS, weight: 2, color: ACCENT, opacity: 1,
    fillColor: "#ffffff", fillOpacity: 1, dashArray: "3 2" };

  /* A canvas marker cannot take the keyboard focus. While one is on the map
   * (shown and not inside a cluster: markercluster adds only those) it has a
   * "handle": a transparent, focusable .collective-marker element over the dot,
   * named after the collective, that opens the popup with Enter and draws the
   * focus ring. Handles ignore the mouse (site.css): clicks reach the canvas.
   * So there are only as many of them as markers in view, never one per feature. */
  var handleIcons = {};
  function handleIcon(props) {
    var className = "collective-marker collective-marker-handle" +
      (props.approximate ? " is-approximate" : "") + " kind-" + props.kind;
    if (!handleIcons[className]) {
      handleIcons[className] = L.divIcon({ className: className,
        iconSize: [TARGET, TARGET] });
    }
    return handleIcons[className];
  }

  var CollectiveMarker = L.CircleMarker.extend({
    onAdd: function (map) {
      L.CircleMarker.prototype.onAdd.call(this, map);
      if (!this._handle) {
        var props = this.feature.properties;
        this._handle = L.marker(this.getLatLng(), { icon: handleIcon(props),
          title: props.name, keyboard: true, interactive: true, bubblingMouseEvents: false });
        this._handle.on("keypress", function (event) {
          // Leaflet turns Enter on a focused marker into keypress, not click.
          if (event.originalEvent.key === "Enter") this.fire("keyboardopen", null, true);
        }, this);
      }
      map.addLayer(this._handle);
      return this;
    },
    onRemove: function (map) {
      if (this._handle) map.removeLayer(this._handle);
      L.CircleMarker.prototype.onRemove.call(this, map);
    },
    setLatLng: function (latlng) {
      // markercluster moves markers while it animates and spiderfies.
      L.CircleMarker.prototype.setLatLng.call(this, latlng);
      if (this._handle) this._handle.setLatLng(this.getLatLng());
      return this;
    },
    handleElement: function () {
      return this._handle && this._map ? this._handle.getElement() : null;
    }
  });

  /* Cluster icons: the number in a solid disc (white on --accent, 9.6:1;
   * markercluster's own colours fail WCAG AA), built from nodes, not HTML.
   * markercluster makes them focusable buttons; Enter zooms in (or spiderfies). */
  var ClusterIcon = L.DivIcon.extend({
    options: { html: false, count: 0, label: null },
    createIcon: function (oldIcon) {
      var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      var number = div.appendChild(el("span", {}, this.options.count));
      if (this.options.label) {
        div.setAttribute("aria-label", this.options.label);
        number.setAttribute("aria-hidden", "true");
      }
      return div;
    }
  });

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? ["small", 30] : count < 100 ? ["medium", 36] : count < 1000 ? ["large", 42] : ["huge", 48];
    return new ClusterIcon({
      className: "marker-cluster marker-cluster-" + size[0],
      iconSize: [size[1], size[1]],
      count: count,
      label: config.labels.cluster ? plural(config.labels.cluster, count) : null
    });
  }

  function markersFrom(data) {
    var markers = [];
    var south = 90, west = 180, north = -90, east = -180;
    data.features.forEach(function (feature) {
      if (!feature.geometry || feature.geometry.type !== "Point") return;
      var lon = feature.geometry.coordinates[0], lat = feature.geometry.coordinates[1];
      var marker = new CollectiveMarker([lat, lon],
        feature.properties.approximate ? STYLE_APPROXIMATE : STYLE);
      marker.feature = feature;
      markers.push(marker);
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    });
    return { markers: markers, bounds: markers.length ? L.latLngBounds([south, west], [north, east]) : null };
  }

  /* One popup for the whole map, its content built when it opens (not 10 000
   * popups built up front). Keyboard use: the popup takes the focus on its first
   * link or button, Escape closes it, and closing gives the focus back to the
   * marker's handle. */
  function popups(map) {
    var popup = L.popup({ offset: [0, 7 - RADIUS], autoPanPadding: [20, 20] });
    var current = null;

    popup.on("add", function () {
      var close = popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && !close.hasAttribute("data-keyboard")) {
        close.setAttribute("data-keyboard", "");
        close.addEventListener("keydown", function (e) {
          if (e.key === "Escape") { e.preventDefault(); map.closePopup(popup); }
        });
      }
      var first = popup.getElement().querySelector(".map-popup a[href], .map-popup button");
      // preventScroll: the browser would scroll Leaflet's overflow-hidden
      // container; Leaflet's autoPan brings the popup into view instead.
      if (first) first.focus({ preventScroll: true });
    });
    popup.on("remove", function () {
      var active = document.activeElement;
      var box = popup.getElement();
      if (current && (!active || active === document.body || (box && box.contains(active)))) {
        var handle = current.handleElement();
        if (handle) handle.focus({ preventScroll: true });
      }
    });

    return function open(marker) {
      // The popup is shared: close it first, so opening it again moves the focus.
      if (popup.isOpen()) map.closePopup(popup);
      current = marker;
      var content = popupFor(marker.feature.properties);
      content.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          event.preventDefault();
          map.closePopup(popup);
        }
      });
      popup.setLatLng(marker.getLatLng()).setContent(content);
      map.openPopup(popup);
    };
  }

  function mark(name) {
    // User Timing marks (DevTools, bench/map_interactive.py): no globals needed.
    if (window.performance && performance.mark) performance.mark(name);
  }

  function getJSON(url) {
    // Exactly as the template's <link rel="preload" as="fetch" crossorigin>
    // asks (no extra headers), so the browser uses the preloaded response.
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      });
  }

  /* Set before django-leaflet creates the map (on the load event, after this
   * script): markers and outlines are drawn on a canvas instead of as SVG/DOM. */
  L.Map.mergeOptions({ preferCanvas: true });

  /* Ask for the data now (the template preloads it from the <head>), not when
   * the map is made: django-leaflet makes it on the window's load event, after
   * every script, stylesheet and image. (The empty catch only keeps a failure
   * from being reported before map:init handles it.) */
  var requests = {
    areas: getJSON(config.areasUrl),
    collectives: getJSON(config.collectivesUrl).then(function (data) {
      mark("collectives-map:data");
      return data;
    })
  };
  requests.areas.catch(function () {});
  requests.collectives.catch(function () {});

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    // Leaflet's own controls speak English: give them the page's words, which
    // the template puts on the map's frame (data-zoom-in, -zoom-out, -close-popup).
    CollectievenatlasMap.localiseControls(map);
    // markercluster needs a maxZoom (it throws "Map has no maxZoom specified"
    // without a tile layer to take it from); LEAFLET_CONFIG's MAX_ZOOM sets it.
    if (!isFinite(map.getMaxZoom())) map.setMaxZoom(18);
    var status = document.getElementById("map-status");
    var container = map.getContainer();
    container.setAttribute("data-state", "loading");
    var openPopup = popups(map);

    var areas = requests.areas.then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          return { color: "#5b3f8c", weight: 2, fillOpacity: 0.08,
            dashArray: feature.properties.approximate ? "6 4" : null };
        },
        onEachFeature: function (feature, layer) {
          // A text node, not a string: Leaflet would read a string as HTML.
          layer.bindTooltip(document.createTextNode(feature.properties.name), { sticky: true });
        }
      }).addTo(map);
      // On the shared canvas the last drawn shape takes the click: outlines go
      // underneath the markers, whichever of the two arrived first.
      layer.bringToBack();
      return layer;
    });

    var collectives = requests.collectives.then(function (data) {
      var built = markersFrom(data);
      var count = built.markers.length;
      if (built.bounds) map.fitBounds(built.bounds, { padding: [30, 30], maxZoom: 14, animate: false });
      var group;
      function onMarker(event) {
        var marker = event.propagatedFrom || event.layer;
        if (marker instanceof CollectiveMarker) openPopup(marker);
      }
      var added = new Promise(function (resolve) {
        group = L.markerClusterGroup({
          chunkedLoading: true,
          // At most ~100 ms of work at a time, then a break (a new task) in
          // which the page answers clicks and keys and draws; markercluster's
          // defaults, 200 and 50 ms, hold the input longer and idle more.
          chunkInterval: 100,
          chunkDelay: 0,
          chunkProgress: function (processed, total) {
            // Also called (0 of 0) when the group is added to the map. The
            // last call comes before markercluster draws the clusters:
            // resolve once this task is done.
            if (total === count && processed === total) Promise.resolve().then(resolve);
          },
          // Up to CLUSTER_ABOVE collectives only markers that would touch are
          // merged, so every target keeps 24 px of its own (WCAG 2.5.8); above
          // it, markercluster's usual 80 px keeps the map light.
          maxClusterRadius: count > CLUSTER_ABOVE ? 80 : TARGET_SPACING,
          iconCreateFunction: clusterIcon,
          showCoverageOnHover: false,
          spiderfyOnMaxZoom: true
        }).on("click keyboardopen", onMarker).addTo(map);
        group.addLayers(built.markers, true);
      });
      return added.then(function () {
        status.textContent = plural(config.labels.loaded, count);
        return group;
      });
    });

    Promise.all([areas, collectives]).then(function () {
      container.setAttribute("data-state", "ready");
      mark("collectives-map:ready");
    }).catch(function (error) {
      container.setAttribute("data-state", "error");
      status.textContent = config.labels.error;
      if (window.console) console.error(error);
    });
  });
})();
