// Small improvements to the theme's behaviour. The site works without JavaScript.
(function () {
  // The theme's menu and search buttons are <label>s, which a keyboard cannot reach.
  // Make them real buttons for keyboard and screen reader users.
  var names = { __drawer: "Open the menu", __search: "Open search" };
  document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]')
    .forEach(function (label) {
      var box = document.getElementById(label.htmlFor);
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", names[label.htmlFor]);
      label.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          box.click();
          if (label.htmlFor === "__search") {
            var input = document.querySelector(".md-search__input");
            if (input) input.focus();
          }
        }
      });
    });

  // The editors' list: show only items published on or after a chosen date.
  var form = document.querySelector(".pship-since");
  var input = document.getElementById("pship-since");
  var rows = document.querySelectorAll(".pship-magazine tbody tr");
  if (form && input && rows.length) {
    form.hidden = false;
    input.addEventListener("change", function () {
      rows.forEach(function (row) {
        var date = row.cells[0].textContent.trim();
        row.hidden = input.value !== "" && date < input.value;
      });
    });
  }
})();
