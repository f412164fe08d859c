/* Registration pages: place the point by clicking on the map (or drag the
 * marker) on django-leaflet's form widget, and warn about possible duplicates
 * as the name and point change. Works without tiles; all text goes in with
 * textContent, never as HTML. */
(function () {
  "use strict";
  var MAP_ID = "id_location-map";
  var FIELD_ID = "id_location";
  var form = document.querySelector("form[data-duplicates-url]");
  var labelsNode = document.getElementById("duplicates-labels");
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var readout = document.getElementById("location-readout");
  var timer = null;

  function currentPoint() {
    var field = document.getElementById(FIELD_ID);
    if (!field || !field.value) return null;
    try {
      var geometry = JSON.parse(field.value);
      if (geometry && geometry.type === "Point" && geometry.coordinates.length >= 2) {
        return { lon: geometry.coordinates[0], lat: geometry.coordinates[1] };
      }
    } catch (error) { /* not GeoJSON (yet): no point */ }
    return null;
  }

  function showReadout() {
    if (!readout) return;
    var point = currentPoint();
    readout.textContent = point
      ? readout.getAttribute("data-placed")
          .replace("%(lat)s", point.lat.toFixed(5))
          .replace("%(lon)s", point.lon.toFixed(5))
      : readout.getAttribute("data-empty");
  }

  // --- possible duplicates ----------------------------------------------------

  function renderDuplicates(results) {
    var box = document.getElementById("duplicates");
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!results.length) return;
    var notice = document.createElement("div");
    notice.className = "notice warning";
    var heading = document.createElement("p");
    heading.textContent = labels.heading;
    notice.appendChild(heading);
    var list = document.createElement("ul");
    results.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = row.name;
      item.appendChild(link);
      if (row.city) item.appendChild(document.createTextNode(" (" + row.city + ") "));
      var why = [];
      if (row.nearby) why.push(labels.distance.replace("%(metres)s", row.distance_m));
      if (row.similar_name) why.push(labels.similar_name);
      var hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = why.join(", ");
      item.appendChild(hint);
      item.appendChild(document.createTextNode(" – "));
      var claim = document.createElement("a");
      claim.href = row.claim_url;
      claim.textContent = labels.claim;
      item.appendChild(claim);
      list.appendChild(item);
    });
    notice.appendChild(list);
    box.appendChild(notice);
  }

  function checkDuplicates() {
    if (!form) return;
    var params = new URLSearchParams();
    var name = form.elements.name ? form.elements.name.value.trim() : "";
    if (name.length >= 3) params.set("name", name);
    var point = currentPoint();
    if (point) {
      params.set("lat", point.lat);
      params.set("lon", point.lon);
    }
    if (!params.toString()) {
      renderDuplicates([]);
      return;
    }
    fetch(form.getAttribute("data-duplicates-url") + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { renderDuplicates(data.results || []); })
      .catch(function () { /* the check is a help, not a requirement */ });
  }

  function changed() {
    showReadout();
    window.clearTimeout(timer);
    timer = window.setTimeout(checkDuplicates, 400);
  }

  if (form && form.elements.name) {
    form.elements.name.addEventListener("input", changed);
  }

  // --- click or drag to place the point ---------------------------------------

  window.addEventListener("map:init", function (event) {
    if (event.detail.id !== MAP_ID) return;
    var map = event.detail.map;
    var drawing = false;
    map.getContainer().setAttribute("data-state", "ready");

    map.on("map:loadfield", function (loaded) {
      var field = loaded.field;

      function makeDraggable(layer) {
        if (!layer.dragging) return;
        layer.dragging.enable();
        layer.off("dragend").on("dragend", function () {
          field.store.save(field.drawnItems);
          changed();
        });
      }

      function place(latlng) {
        var layers = field.drawnItems.getLayers();
        if (layers.length === 1 && layers[0].setLatLng) {
          layers[0].setLatLng(latlng);
          field.store.save(field.drawnItems);
        } else {
          var marker = L.marker(latlng);
          field.onCreated({ layer: marker });
          makeDraggable(marker);
        }
        changed();
      }

      field.drawnItems.eachLayer(makeDraggable);
      // While a leaflet.draw tool is active, a click belongs to that tool.
      map.on("draw:drawstart draw:editstart draw:deletestart", function () { drawing = true; });
      map.on("draw:drawstop draw:editstop draw:deletestop", function () { drawing = false; });
      map.on("draw:created draw:deleted", changed);
      map.on("draw:edited draw:editstop", function () {
        field.drawnItems.eachLayer(makeDraggable);
        changed();
      });
      map.on("click", function (click) {
        if (!drawing) place(click.latlng);
      });
      showReadout();
    });
  });

  showReadout();
})();
