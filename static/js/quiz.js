// When a request fails outright (server error, no network), htmx swaps nothing; say so
// in the live status region instead of leaving the student waiting in silence.
(function () {
  "use strict";
  function tell(message) {
    var status = document.getElementById("quiz-status");
    if (!status) return;
    status.classList.remove("visually-hidden");
    status.classList.add("alert");
    status.textContent = message;
  }
  document.addEventListener("htmx:responseError", function () {
    tell("伺服器出了問題，這次沒有送出。請稍候再試，或重新載入頁面；已儲存的答案不會遺失。");
  });
  document.addEventListener("htmx:sendError", function () {
    tell("連不上伺服器，這次沒有送出。請檢查網路後再試一次。");
  });
})();
