/* Shared by the site's maps: Leaflet's own controls in the page's language
 * (labels come from data-* attributes on the .map-frame, set by the template). */
(function () {
  "use strict";
  function localiseControls(map) {
    var box = map.getContainer();
    var frame = box.closest(".map-frame");
    if (!frame) return;
    [["zoom-in", ".leaflet-control-zoom-in"], ["zoom-out", ".leaflet-control-zoom-out"]].forEach(function (pair) {
      var label = frame.getAttribute("data-" + pair[0]);
      var button = box.querySelector(pair[1]);
      if (label && button) {
        button.setAttribute("title", label);
        button.setAttribute("aria-label", label);
      }
    });
    map.on("popupopen", function (event) {
      var label = frame.getAttribute("data-close-popup");
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (label && close) close.setAttribute("aria-label", label);
    });
  }

  window.CollectievenatlasMap = { localiseControls: localiseControls };
})();
