/* Biểu mẫu pages: recompute the ratio cells as the user types, with the server's rule
 * (half-up to two decimals, Vietnamese comma, blank without a denominator), and move through a
 * column with Enter as on the paper form: Enter goes to the cell below, Shift+Enter to the cell
 * above, and never submits the page (Lưu and Ctrl+S do; see unsaved.js, which also warns before
 * leaving unsaved input). Plain script, no framework. */
(function () {
  "use strict";

  var GROUPED = /^\d{1,3}(\.\d{3})+$/;
  var PLAIN = /^\d+$/;
  var SPACED = /\d[\s\u00a0\u202f]+\d/;  // "5 6": 56, or 5 and 6? The server refuses it.
  var AMBIGUOUS = /^[1-9]\d{0,2},\d{3}$/;  // money "1,000": 1, or 1.000? Refused too.

  /* "5.650" → 5650000n (thousandths, as BigInt); "53,6" → 53600n; null when blank or not a
   * number the server would accept (reports/parsing.py). */
  function parseThousandths(text, kind) {
    text = (text || "").trim();
    if (SPACED.test(text)) return null;
    text = text.replace(/[\s\u00a0\u202f]/g, "").replace(/^\+/, "");
    if (!text) return null;
    var parts = text.split(",");
    if (parts.length > 2 || (parts.length === 2 && kind !== "money")) return null;
    if (AMBIGUOUS.test(text)) return null;
    var whole = parts[0];
    if (!(PLAIN.test(whole) || GROUPED.test(whole))) return null;
    if (parts.length === 2 && !PLAIN.test(parts[1])) return null;
    var fraction = parts.length === 2 ? parts[1].replace(/0+$/, "") : "";
    if (fraction.length > 3) return null;  // zeros past the third place change nothing
    fraction = (fraction + "000").slice(0, 3);
    return BigInt(whole.replace(/\./g, "") + fraction);
  }

  function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  /* numerator / denominator × 100, half-up to hundredths: "99,33%"; "" without a base. */
  function formatRatio(num, den) {
    if (num === null || den === null || den === 0n) return "";
    var hundredths = (num * 20000n + den) / (2n * den);
    var whole = hundredths / 100n;
    var rest = (hundredths % 100n).toString().padStart(2, "0").replace(/0+$/, "");
    return groupThousands(whole.toString()) + (rest ? "," + rest : "") + "%";
  }

  /* The value of a ratio's part; undefined when the part is on the page but not as an input
   * (a read-only page): the server's ratio then stays as printed. */
  function valueOf(form, name, fixed) {
    if (!name) return parseThousandths(fixed, "money");
    var input = form.elements.namedItem(name);
    if (!input) return undefined;
    return parseThousandths(input.value, input.dataset.kind || "count");
  }

  function recompute(form) {
    form.querySelectorAll("output.ratio").forEach(function (cell) {
      var num = valueOf(form, cell.dataset.num, cell.dataset.numFixed);
      var den = valueOf(form, cell.dataset.den, cell.dataset.denFixed);
      if (num !== undefined && den !== undefined) cell.textContent = formatRatio(num, den);
    });
  }

  /* Enter moves down the column the cursor is in (figures or notes), Shift+Enter up. */
  function moveInColumn(form, event) {
    if (event.key !== "Enter" || event.isComposing || event.altKey) return;
    if (event.ctrlKey || event.metaKey) return;
    var field = event.target;
    var cell = field.closest ? field.closest("td.value, td.note") : null;
    if (!cell || !/^(INPUT|SELECT)$/.test(field.tagName)) return;
    event.preventDefault();  // never submits the page
    var column = cell.classList.contains("value") ? "value" : "note";
    var fields = Array.prototype.filter.call(
      form.querySelectorAll("td." + column + " input, td." + column + " select"),
      function (element) { return !element.disabled && element.type !== "hidden"; }
    );
    var next = fields[fields.indexOf(field) + (event.shiftKey ? -1 : 1)];
    if (!next) return;
    next.focus();
    if (next.tagName === "INPUT") next.select();  // typing replaces, as in a spreadsheet
  }

  window.cchcEntry = { parseThousandths: parseThousandths, formatRatio: formatRatio };
  var form = document.getElementById("section-form");
  if (!form) return;
  recompute(form);  // after a refused save the cells hold typed values, not saved ones
  form.addEventListener("input", function () { recompute(form); });
  form.addEventListener("keydown", function (event) { moveInColumn(form, event); });
})();
