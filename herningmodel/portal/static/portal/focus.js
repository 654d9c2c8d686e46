// Where the keyboard focus goes when a form comes back with its errors.
//
// A form opened in place (htmx) replaces itself with the answer; the button that had the focus
// is gone, so without this the focus falls back to the top of the page and a keyboard or
// screen-reader user must search for what went wrong. The focus moves to the first field
// marked invalid, or to the error summary when the error concerns the whole form (e.g. a
// conflict with a colleague's save). A whole page that comes back with errors does the same.
(function () {
  "use strict";

  function focusFirstError(root) {
    var summary = root.querySelector(".error-summary");
    if (!summary) { return; }
    var field = root.querySelector("[aria-invalid=true]");
    var target = field || summary;
    if (!field && !target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    // Fired on each element the answer put into the page (the new form panel among them).
    var root = event.target;
    if (root && root.isConnected && root.querySelector) { focusFirstError(root); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("[autofocus]")) { focusFirstError(document); }
  });
})();
