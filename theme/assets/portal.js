/* Portal behaviour shared by every page: the print button and printed link targets. */
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = canonical ? canonical.href : window.location.href;

  /* Material's search dialog has no accessible name. */
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Tìm kiếm");
  });

  document.querySelectorAll("[data-portal-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  /* On paper a link is useless without its address: print the public URL after it. */
  document.querySelectorAll(".md-content a[href]").forEach(function (link) {
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#" || /^(mailto|tel):/i.test(href)) { return; }
    if (link.classList.contains("headerlink") || link.closest(".portal-actions")) { return; }
    try {
      link.setAttribute("data-print-href", new URL(href, base).href);
    } catch (error) { /* not a URL: leave it */ }
  });
})();

/* Documents index: instant filtering of the table shown, by text (with or without accents), type, year, status. */
(function () {
  "use strict";
  var table = document.querySelector("table[data-portal-documents]");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  rows.forEach(function (row) { row.dataset.text = fold(row.textContent); });

  var form = document.createElement("form");
  form.className = "portal-filter";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Lọc văn bản trong trang này");
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var text = document.createElement("input");
  text.type = "search";
  text.name = "q";
  form.appendChild(labelled("Lọc theo số, trích yếu", text));
  var selects = ["type", "year", "status"].map(function (key) {
    var select = document.createElement("select");
    select.name = key;
    var values = [];
    rows.forEach(function (row) { if (values.indexOf(row.dataset[key]) < 0) { values.push(row.dataset[key]); } });
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "Tất cả";
    select.appendChild(all);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    form.appendChild(labelled({type: "Loại", year: "Năm", status: "Tình trạng"}[key], select));
    return select;
  });
  var count = document.createElement("p");
  count.className = "portal-filter__count";
  count.setAttribute("aria-live", "polite");
  form.appendChild(count);
  table.closest(".md-typeset__scrollwrap").before(form);

  function labelled(caption, control) {
    var label = document.createElement("label");
    label.textContent = caption;
    label.appendChild(control);
    return label;
  }
  function apply() {
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var visible = words.every(function (word) { return row.dataset.text.indexOf(word) >= 0; }) &&
        selects.every(function (select) { return !select.value || row.dataset[select.name] === select.value; });
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = "Hiển thị " + shown + "/" + rows.length + " văn bản của trang này";
  }
  form.addEventListener("input", apply);
  apply();
})();

/* Wide tables scroll inside their wrapper: keyboard users must be able to reach and scroll it.
   Material wraps tables after load, so this runs again whenever it renders a document. */
(function () {
  "use strict";
  function focusableScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption, th");
        wrap.setAttribute("aria-label", "Bảng" + (caption ? ": " + caption.textContent.trim() : ""));
      }
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { window.setTimeout(focusableScrollers, 0); });
  }
  window.addEventListener("load", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);
})();
