/* Entry pages: recompute the ratio cells as the user types, with the server's rule
 * (half-up to two decimals, Vietnamese comma, blank without a denominator), and warn before
 * leaving a page with unsaved changes. Plain script, no framework. */
(function () {
  "use strict";

  var GROUPED = /^\d{1,3}(\.\d{3})+$/;
  var PLAIN = /^\d+$/;

  /* "5.650" → 5650000n (thousandths, as BigInt); "53,6" → 53600n; null when blank or not a
   * number the server would accept. */
  function parseThousandths(text, kind) {
    text = (text || "").replace(/[\s\u00a0\u202f]/g, "");
    if (!text) return null;
    var parts = text.split(",");
    if (parts.length > 2 || (parts.length === 2 && kind !== "money")) return null;
    var whole = parts[0];
    var fraction = parts.length === 2 ? parts[1] : "";
    if (!(PLAIN.test(whole) || GROUPED.test(whole))) return null;
    if (fraction && !/^\d{1,3}$/.test(fraction)) return null;
    if (parts.length === 2 && !fraction) return null;
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

  function valueOf(form, name, fixed) {
    if (!name) return parseThousandths(fixed, "money");
    var input = form.elements.namedItem(name);
    if (!input) return null;
    return parseThousandths(input.value, input.dataset.kind || "count");
  }

  function recompute(form) {
    form.querySelectorAll("output.ratio").forEach(function (cell) {
      var num = valueOf(form, cell.dataset.num, cell.dataset.numFixed);
      var den = valueOf(form, cell.dataset.den, cell.dataset.denFixed);
      cell.textContent = formatRatio(num, den);
    });
  }

  window.cchcEntry = { parseThousandths: parseThousandths, formatRatio: formatRatio };
  var form = document.getElementById("section-form");
  if (!form) return;
  recompute(form);  // after a refused save the cells hold typed values, not saved ones
  var dirty = false;
  form.addEventListener("input", function () {
    dirty = true;
    recompute(form);
  });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
