// The list's filters sit in a <details>: closed on a phone, so that the list
// starts on the first screen (the filters in force show as chips), and
// opened here on a wider screen, where there is room for them. Without this
// script the panel opens with a click.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 40rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
    panel.open = true;
  });
})();
