// The copy button on a set's or a class's page: copies the joining link and says so in the status region
// beside it. Where the browser gives a page no clipboard (an old browser, or a page not
// served over HTTPS) the button stays hidden and the read-only field is there to select.
// No inline script: the CSP allows scripts from this site only. The words come from the
// page (data-message-*), where they are translated.
(function () {
  "use strict";
  // One click in the field takes the whole link, ready for Ctrl+C.
  document.querySelectorAll(".copy-link__field").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
  if (!navigator.clipboard || !navigator.clipboard.writeText) return;
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyFrom);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      // Emptied first, so a second copy is announced again.
      status.textContent = "";
      navigator.clipboard.writeText(field.value).then(
        function () {
          status.textContent = button.dataset.messageCopied || "";
        },
        function () {
          field.focus();
          field.select();
          status.textContent = button.dataset.messageFailed || "";
        }
      );
    });
  });
})();
