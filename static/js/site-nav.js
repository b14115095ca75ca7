// On a phone the site's sections are one line that scrolls sideways
// (site.css). Keep the current section and a section reached by keyboard in
// view: a browser may leave a half-visible link where it is.
(function () {
  var nav = document.querySelector(".site-nav");
  if (!nav || nav.scrollWidth <= nav.clientWidth) return;
  function show(link) {
    var box = link.getBoundingClientRect(), frame = nav.getBoundingClientRect();
    if (box.left < frame.left) nav.scrollLeft -= frame.left - box.left + 8;
    else if (box.right > frame.right) nav.scrollLeft += box.right - frame.right + 8;
  }
  var current = nav.querySelector('[aria-current="page"]');
  if (current) show(current);
  nav.addEventListener("focusin", function (event) { show(event.target); });
})();
