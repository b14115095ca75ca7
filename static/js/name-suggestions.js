// A name field with data-suggest (a URL) and a datalist (its list attribute):
// as a name is typed, the datalist offers the people whose names hold its
// words, each option carrying the person's slug (static/js/person-pick.js
// reads it on the claim form). Without this script the field still takes a
// name as typed.
(function () {
  "use strict";
  const WAIT_MS = 150;

  function option(person) {
    const item = document.createElement("option");
    item.value = person.name;
    item.dataset.slug = person.slug;
    return item;
  }

  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    let timer = null;
    let asked = "";

    function suggest() {
      const q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      asked = q;
      const url = input.dataset.suggest + "?q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { people: [] };
        })
        .then(function (data) {
          // An answer to an older question, overtaken by typing: dropped.
          if (asked === q) list.replaceChildren.apply(list, data.people.map(option));
        })
        .catch(function () {}); // offline: the field still takes the name as typed
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, WAIT_MS);
    });
  });
})();
