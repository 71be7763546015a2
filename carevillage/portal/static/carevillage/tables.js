/* Narrow screens: each table cell learns its column header (data-label), so that CSS can
   stack a row as "header: value" lines (village.css). Tables work without this too. */
(function () {
  document.querySelectorAll("main table").forEach(function (table) {
    var headers = [];
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) headers.push(cell.textContent.replace(/\s+/g, " ").trim());
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && headers[column]) cell.setAttribute("data-label", headers[column]);
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stacked");
  });
})();
