// Checks the editor makes before it saves, for what its own settings cannot say.
//
// An optional group, such as a news item's picture, may be left out entirely; but once any
// of it is filled in, its needed fields must be too (a picture needs its alt text). The
// groups come from the content model, in rules.js (written by `python -m partnership edit`).
// An empty group is removed, so the file does not keep an empty "image:".
/* global CMS */
(function () {
  var rules = window.PARTNERSHIP_REQUIRED_TOGETHER || {};

  function blank(value) {
    return value === undefined || value === null || value === "" ||
      (typeof value === "object" && typeof value.size === "number" && value.size === 0);
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      (rules[entry.get("collection")] || []).forEach(function (rule) {
        var group = data.getIn(rule.path);
        if (blank(group) || typeof group.filter !== "function") {
          return;
        }
        if (group.filter(function (value) { return !blank(value); }).size === 0) {
          data = data.deleteIn(rule.path);
          return;
        }
        var missing = rule.labels.filter(function (label, i) { return blank(group.get(rule.required[i])); });
        if (missing.length) {
          throw new Error(rule.label + " needs its " + missing.join(" and ") +
            " as well. Fill it in, or remove the " + rule.label.toLowerCase() + ".");
        }
      });
      return data;
    },
  });
})();
