// Small helpers for the pickers; every form works without them (full lists, Search re-posts the form).
(function () {
  "use strict";
  // Enter in the picker's search box searches instead of saving the form.
  document.addEventListener("keydown", function (event) {
    var box = event.target.closest && event.target.closest("[data-picker-search]");
    if (!box || event.key !== "Enter") return;
    event.preventDefault();
    var button = box.closest("[data-picker]").querySelector("[data-picker-button]");
    if (button) button.click();
  });
  // The label pickers' text filter: hide the options whose text does not contain every typed word.
  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("[data-label-filter]")) return;
    var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    var list = document.getElementById(event.target.getAttribute("aria-controls"));
    list.querySelectorAll("li").forEach(function (item) {
      var text = item.textContent.trim().toLowerCase();
      var code = text.split(/\s/)[0];
      item.hidden = !words.every(function (word) {
        // A number ("5.2") names a target or indicator by its code: 5.2 and 5.2.1, not 15.2.
        if (/^\d+(\.[\da-z]+)*\.?$/.test(word)) return code === word.replace(/\.$/, "") || code.indexOf(word.replace(/\.?$/, ".")) === 0;
        return text.indexOf(word) !== -1;
      });
    });
  });
  // Enter in a label filter must not submit the form either.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-label-filter]")) event.preventDefault();
  });
})();
