/* "Copy citation" buttons: copy the text of the element named in
 * data-copy-target and say so in the button. */
(function () {
  "use strict";
  var labels = JSON.parse(document.getElementById("copy-labels").textContent);
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var original = button.textContent;
    // The outcome is a status message (WCAG 4.1.3): a changed button text
    // alone is not announced, a live region is.
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.insertAdjacentElement("afterend", status);
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy-target")).textContent.trim();
      var done = function (label) {
        button.textContent = label;
        status.textContent = label;
        window.setTimeout(function () {
          button.textContent = original;
          status.textContent = "";
        }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(labels.copied); },
          function () { done(labels.failed); });
      } else {
        var selection = window.getSelection();
        var range = document.createRange();
        range.selectNodeContents(document.getElementById(button.getAttribute("data-copy-target")));
        selection.removeAllRanges();
        selection.addRange(range);
        done(labels.failed);
      }
    });
  });
})();
