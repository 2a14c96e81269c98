/* The Signatories page (assets/letter.js loads this script there): a field that
 * narrows the list to the names containing what is typed, ignoring case and
 * accents ("lucia" finds "Lucía"). Without script the page is the whole list,
 * for the browser's find and the site search; with it, thousands of names stay
 * one keystroke away.
 */
(function () {
  "use strict";

  var lists = document.querySelectorAll("ul.signatory-list");
  var count = document.querySelector(".letter-signatories-count");
  if (!lists.length || !count) return;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  var items = [];
  var texts = [];
  Array.prototype.forEach.call(lists, function (list) {
    Array.prototype.forEach.call(list.children, function (item) {
      items.push(item);
      texts.push(fold(item.textContent));
    });
  });

  var box = document.createElement("div");
  box.className = "signatory-filter";
  var label = document.createElement("label");
  label.htmlFor = "signatory-filter";
  label.textContent = "Find a signatory";
  var field = document.createElement("input");
  field.type = "search";
  field.id = "signatory-filter";
  field.autocomplete = "off";
  field.spellcheck = false;
  var status = document.createElement("p");
  status.className = "signatory-filter__status";
  status.setAttribute("role", "status");
  box.appendChild(label);
  box.appendChild(field);
  box.appendChild(status);
  count.parentNode.insertBefore(box, count.nextSibling);

  var timer = 0;
  var printing = false;
  function apply() {
    var query = printing ? "" : fold(field.value);
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var match = !query || texts[i].indexOf(query) !== -1;
      if (match) shown++;
      if (items[i].hidden === match) items[i].hidden = !match;
    }
    Array.prototype.forEach.call(lists, function (list) {
      var heading = list.previousElementSibling;
      var any = !query || list.querySelector("li:not([hidden])") !== null;
      list.hidden = !any;
      if (heading && heading.tagName === "H2") heading.hidden = !any;
    });
    status.textContent = query
      ? (shown === 1 ? "1 signatory" : shown.toLocaleString("en-US") + " signatories") + " of " +
        items.length.toLocaleString("en-US") + " match \u201c" + field.value.trim() + "\u201d."
      : "";
  }
  // Printing the page prints every name, whatever the field holds.
  window.addEventListener("beforeprint", function () { printing = true; apply(); });
  window.addEventListener("afterprint", function () { printing = false; apply(); });
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, items.length > 2000 ? 120 : 0);
  });
})();
