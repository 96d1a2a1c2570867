// Drag-and-drop for ordering questions, by mouse and by touch (SortableJS, vendored in
// static/vendor/). A drag moves the same list items the move up/down buttons move, each
// with its hidden `order` field, so the form posts the order on screen whichever way the
// student got there; the buttons, the keyboard and the page without scripts work as
// before. The words come from the page (data-message-*), where they are translated.
(function () {
  "use strict";

  // What the server renders after a move, done here after a drag: the ends' buttons
  // disabled, the moved item marked, and the move said in the live status region.
  function refreshButtons(list) {
    var items = list.querySelectorAll(".ordering__item");
    items.forEach(function (item, index) {
      var up = item.querySelector("button[value^='up:']");
      var down = item.querySelector("button[value^='down:']");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === items.length - 1;
    });
  }

  function announce(list, item, position) {
    var status = document.getElementById("quiz-status");
    var text = item.querySelector(".ordering__text");
    var message = list.dataset.messageMoved;
    if (!status || !text || !message) return;
    status.textContent = message
      .replace("{text}", text.textContent.trim())
      .replace("{position}", String(position));
  }

  function enable(list) {
    if (list.dataset.sortable || typeof Sortable === "undefined") return;
    list.dataset.sortable = "on";
    list.classList.add("is-sortable");
    var form = list.closest("form");
    (form || list).querySelectorAll("[data-drag]").forEach(function (element) {
      element.hidden = false;
    });
    Sortable.create(list, {
      draggable: ".ordering__item",
      // Only the handle starts a drag: a finger elsewhere on the list still scrolls the
      // page, and the buttons still take a tap.
      handle: ".ordering__handle",
      // The same mouse- and touch-event path on every device (no native HTML5 drag,
      // whose ghost and drop rules differ between browsers).
      forceFallback: true,
      fallbackTolerance: 3,
      // The other items slide aside, unless the student asked for less motion.
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? 0 : 150,
      ghostClass: "is-drag-placeholder",
      chosenClass: "is-drag-chosen",
      dragClass: "is-dragging",
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        list.querySelectorAll(".ordering__item.is-moved").forEach(function (item) {
          item.classList.remove("is-moved");
        });
        event.item.classList.add("is-moved");
        refreshButtons(list);
        announce(list, event.item, event.newIndex + 1);
      },
    });
  }

  function enableWithin(root) {
    if (root.matches && root.matches(".ordering")) enable(root);
    if (root.querySelectorAll) root.querySelectorAll(".ordering").forEach(enable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableWithin(document);
  });
  // Each question after the first arrives by an htmx swap.
  document.addEventListener("htmx:load", function (event) {
    enableWithin(event.target);
  });
})();
