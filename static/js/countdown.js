// Shows the time left on a timed attempt. The server enforces the deadline; at zero this
// sends the question as it stands (or moves on) with `time_up`, and the server ends the
// attempt and shows the results. No inline script: the CSP allows scripts from this site
// only. The words come from the page (data-message-*), where they are translated.
(function () {
  "use strict";
  function sendWhatIsThere() {
    var form = document.querySelector("#quiz form[data-time-up]");
    if (!form) return;
    var flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "time_up";
    flag.value = "1";
    form.appendChild(flag);
    // A form swapped in by htmx has no CSRF field (htmx sends the token in a header):
    // this post goes without htmx, so it carries the one the page's <body> holds.
    if (!form.querySelector("input[name=csrfmiddlewaretoken]")) {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      token.value = headers["x-csrftoken"] || "";
      form.appendChild(token);
    }
    // A plain submit: no validation (an unanswered question is fine), and a full page
    // load of the results rather than a swap.
    HTMLFormElement.prototype.submit.call(form);
  }
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
      if (left > 0) {
        window.setTimeout(update, 1000);
      } else {
        sendWhatIsThere();
      }
    }
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".countdown[data-deadline]").forEach(tick);
  });
})();
