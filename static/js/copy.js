// The copy button: copies the field a button names (data-copy="#id") and says so in the
// status line beside it. Without JavaScript or a clipboard the button stays hidden and
// the read-only field is there to select by hand.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("[data-copy]")) {
    const field = document.querySelector(button.dataset.copy);
    const status = button.closest("div").parentElement.querySelector("[data-copy-status]");
    if (!field) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = button.dataset.copied || "";
      } catch {
        field.select();
      }
    });
  }
});
