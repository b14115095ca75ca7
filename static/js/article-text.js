// The bookmarklet sends a page's text in the address's #fragment, which no
// request carries (so its length meets no server limit): put it in the
// article step's text box, and take it out of the address.
(function () {
  "use strict";
  const match = location.hash.match(/^#text=([\s\S]*)$/);
  const field = document.getElementById("id_text");
  if (!match || !field) return;
  try {
    field.value = decodeURIComponent(match[1]);
  } catch (error) {
    return;  // cut short on the way: leave the box for the reader to fill
  }
  history.replaceState(null, "", location.pathname + location.search);
  field.focus();
})();
