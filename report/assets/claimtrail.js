// claimtrail: filter and sort tables in the browser, and open search results at the matching words.
// No other host is contacted (the SQL boxes fetch their query from this site). Tables with class "ct-filterable" get a filter box; every header sorts, by
// mouse or keyboard (each heading is a button: Tab to it, Enter or Space to sort).
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    return (cell.getAttribute("data-sort") || cell.textContent).trim();
  }
  function compare(a, b) {
    var na = parseFloat(a.replace(/,/g, "")), nb = parseFloat(b.replace(/,/g, ""));
    if (!isNaN(na) && !isNaN(nb) && /^[-\d.,]+$/.test(a) && /^[-\d.,]+$/.test(b)) return na - nb;
    return a.localeCompare(b);
  }
  function sortBy(table, th, index) {
    var head = table.tHead, body = table.tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(head.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(cellValue(r1, index), cellValue(r2, index));
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) return;
    Array.prototype.forEach.call(head.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ct-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.setAttribute("aria-label", "Sort by " + button.textContent.trim());
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }
  function makeFilterable(table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ct-filter";
    input.placeholder = "Filter rows (all words must match)";
    input.setAttribute("aria-label", "Filter table rows");
    var box = table.parentNode.classList.contains("ct-scroll") ? table.parentNode : table;
    box.parentNode.insertBefore(input, box);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
  }
  // A search result opens with ?highlight=words: mark them in the page's main text and scroll to the first.
  function highlightTerms() {
    var params = new URLSearchParams(window.location.search);
    var terms = params.getAll("highlight").join(" ").toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    if (!terms.length) return;
    var root = document.querySelector("article.md-content__inner") || document.body;
    var pattern = new RegExp("(" + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var p = node.parentNode;
        if (!p || /^(SCRIPT|STYLE|BUTTON|TITLE)$/.test(p.nodeName) || p.closest("details.ct-sql, .ct-hit")) return NodeFilter.FILTER_REJECT;
        pattern.lastIndex = 0;
        return pattern.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var frag = document.createDocumentFragment();
      var parts = node.nodeValue.split(pattern);
      parts.forEach(function (part, i) {
        if (i % 2 === 1) {
          var mark = document.createElement("mark");
          mark.className = "ct-hit";
          mark.textContent = part;
          frag.appendChild(mark);
          marks.push(mark);
        } else if (part) {
          frag.appendChild(document.createTextNode(part));
        }
      });
      node.parentNode.replaceChild(frag, node);
    });
    // The first match at or after the result's anchor (a heading, claim or figure id), else the first.
    var anchor = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    var first = marks.filter(function (m) {
      return !anchor || anchor.contains(m) || (anchor.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
    })[0] || marks[0];
    if (first) {
      first.classList.add("ct-hit--first");
      first.setAttribute("tabindex", "-1");
      var show = function () { first.scrollIntoView({ block: "center" }); };
      show();
      // The browser scrolls to the URL's #anchor once the page has loaded: show the words after that.
      if (document.readyState !== "complete") window.addEventListener("load", function () { setTimeout(show, 0); });
      else setTimeout(show, 0);
    }
  }
  // Each SQL box links its query, stored once at sql/NAME.sql: opened, it shows the query's text in place.
  function loadSql(details) {
    var link = details.querySelector("a.ct-sql-file");
    if (!link || !details.open || details.dataset.ctLoaded) return;
    details.dataset.ctLoaded = "1";
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      link.parentNode.textContent = text.replace(/\n$/, "");
    }).catch(function () { delete details.dataset.ctLoaded; });
  }
  function init() {
    document.querySelectorAll("details.ct-sql").forEach(function (details) {
      if (details.dataset.ctSql) return;
      details.dataset.ctSql = "1";
      details.addEventListener("toggle", function () { loadSql(details); });
      loadSql(details);
    });
    document.querySelectorAll("table.ct-table").forEach(function (table) {
      if (table.dataset.ctReady) return;
      table.dataset.ctReady = "1";
      if (table.tHead) makeSortable(table);
      if (table.classList.contains("ct-filterable")) makeFilterable(table);
    });
    highlightTerms();
  }
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
