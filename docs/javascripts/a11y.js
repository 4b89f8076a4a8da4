// Accessibility fixes for Material defaults. Its search container has role="dialog" but no name.
// Its name is the search field's own label, in the page's language ("Search" in English).
document.querySelectorAll('.md-search[role="dialog"]').forEach(function (el) {
  var input = el.querySelector(".md-search__input");
  el.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
});
