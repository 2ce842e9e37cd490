// claimtrail: filter and sort tables in the browser, with no network access.
// Tables with class "ct-filterable" get a filter box; every header sorts.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }
  function compare(a, b) {
    var na = parseFloat(a.replace(/,/g, "")), nb = parseFloat(b.replace(/,/g, ""));
    if (!isNaN(na) && !isNaN(nb) && /^[-\d.,]+$/.test(a) && /^[-\d.,]+$/.test(b)) return na - nb;
    return a.localeCompare(b);
  }
  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) return;
    Array.prototype.forEach.call(head.rows[0].cells, function (th, index) {
      th.setAttribute("aria-sort", "none");
      th.title = "Sort by this column";
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.rows[0].cells, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1, index), cellValue(r2, index));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function makeFilterable(table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ct-filter";
    input.placeholder = "Filter rows (all words must match)";
    input.setAttribute("aria-label", "Filter table rows");
    table.parentNode.insertBefore(input, table);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
  }
  function init() {
    document.querySelectorAll("table.ct-table").forEach(function (table) {
      if (table.dataset.ctReady) return;
      table.dataset.ctReady = "1";
      makeSortable(table);
      if (table.classList.contains("ct-filterable")) makeFilterable(table);
    });
  }
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
