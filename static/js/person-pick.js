// Picking a name from the list of people carries that person's slug, so that
// the claim is filed under them even if another person has the same name.
// Typing anything else clears it: the server then goes by the name alone.
(function () {
  "use strict";
  const input = document.getElementById("id_predictor");
  const slug = document.getElementById("id_predictor_slug");
  const list = document.getElementById("people");
  if (!input || !slug || !list) return;

  function update() {
    const matches = Array.from(list.options).filter((option) => option.value === input.value);
    // Two people of the same name: leave it to the server to ask which.
    slug.value = matches.length === 1 ? matches[0].dataset.slug : "";
  }

  input.addEventListener("input", update);
  input.addEventListener("change", update);
})();
