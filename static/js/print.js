// The print button on the login cards: the browser's print dialog. Hidden without JavaScript,
// where the page says to use the browser's own Print.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
