// The editors' list: show only items published on or after a chosen date.
// Without JavaScript the whole list shows, so nothing depends on this.
(function () {
  var form = document.querySelector(".pship-since");
  var input = document.getElementById("pship-since");
  var rows = document.querySelectorAll(".pship-magazine tbody tr");
  if (!form || !input || !rows.length) return;
  form.hidden = false;
  input.addEventListener("change", function () {
    rows.forEach(function (row) {
      var date = row.cells[0].textContent.trim();
      row.hidden = input.value !== "" && date < input.value;
    });
  });
})();
