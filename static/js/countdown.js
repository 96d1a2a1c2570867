// Shows the time left on a timed attempt. The server enforces the deadline; this only
// informs. No inline script: the CSP allows scripts from this site only. The words come
// from the page (data-message-*), where they are translated.
(function () {
  "use strict";
  function tick(element) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    var output = element.querySelector(".countdown__left");
    if (!output || isNaN(deadline)) return;
    var leftMessage = element.dataset.messageLeft || "{time}";
    var timeUpMessage = element.dataset.messageTimeUp || "";
    function update() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = String(left % 60).padStart(2, "0");
      output.textContent =
        left > 0 ? leftMessage.replace("{time}", minutes + ":" + seconds) : timeUpMessage;
      element.classList.toggle("is-urgent", left <= 60);
      if (left > 0) window.setTimeout(update, 1000);
    }
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".countdown[data-deadline]").forEach(tick);
  });
})();
