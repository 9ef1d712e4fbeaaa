// Small improvements to the theme's behaviour. The site works without JavaScript.
(function () {
  // The theme's menu and search buttons are <label>s, which a keyboard cannot reach and a
  // screen reader does not announce as buttons. Put a real <button> in each one's place.
  var names = { __drawer: "Open the menu", __search: "Open search" };
  document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]')
    .forEach(function (label) {
      var box = document.getElementById(label.htmlFor);
      var button = document.createElement("button");
      button.type = "button";
      button.className = label.className + " pship-header-button pship-header-button" + label.htmlFor.slice(1);
      button.setAttribute("aria-label", names[label.htmlFor]);
      button.innerHTML = label.innerHTML;
      button.addEventListener("click", function () {
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        if (label.htmlFor === "__search" && box.checked) {
          var input = document.querySelector(".md-search__input");
          if (input) input.focus();
        }
      });
      label.parentNode.insertBefore(button, label);
      label.hidden = true;
    });

  // On a narrow screen a table's rows are stacked (partnership.css); each cell shows its
  // column's heading, copied here from the table's own header row.
  document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (heads[i]) cell.setAttribute("data-label", heads[i]);
      });
    });
  });

  // The search panel is a dialog; give it a name screen readers can announce.
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog) dialog.setAttribute("aria-label", "Search this site");

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
