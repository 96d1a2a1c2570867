// When a request fails outright (server error, no network), htmx swaps nothing; say so
// in the live status region instead of leaving the student waiting in silence. The
// words come from the page (data-message-*), where they are translated.
(function () {
  "use strict";
  function tell(key) {
    var status = document.getElementById("quiz-status");
    if (!status) return;
    status.classList.remove("visually-hidden");
    status.classList.add("alert");
    status.textContent = status.dataset[key] || "";
  }
  document.addEventListener("htmx:responseError", function () {
    tell("messageServerError");
  });
  document.addEventListener("htmx:sendError", function () {
    tell("messageOffline");
  });
})();
