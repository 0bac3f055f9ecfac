/* Fixes to the theme's own markup that a template override could only make by copying the theme's
   templates. Material gives its search dialog role="dialog" but no name, so a screen reader announces
   an unnamed dialog: name it after the search field's own (translated) label. */
(function () {
  "use strict";

  document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (dialog) {
    var field = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", field ? field.getAttribute("aria-label") : "Search");
  });
}());
