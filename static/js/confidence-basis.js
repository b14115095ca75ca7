// The words a confidence was read from matter only for that basis: show their
// field when "read from the speaker's words" is chosen. Without this script
// the field is always shown, and the server ignores it for the other bases.
(function () {
  "use strict";
  const field = document.getElementById("confidence-hedge-field");
  const radios = document.querySelectorAll("input[name='confidence_basis']");
  if (!field || !radios.length) return;

  function update() {
    const chosen = document.querySelector("input[name='confidence_basis']:checked");
    field.hidden = !(chosen && chosen.value === "hedge");
  }
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
})();
