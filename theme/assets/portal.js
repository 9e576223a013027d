/* Portal behaviour shared by every page: the print button and printed link targets. */
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = canonical ? canonical.href : window.location.href;

  /* Opened from disk (a copy on a USB stick), a folder link shows a file listing: open its index.html. */
  if (window.location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href)) { return; }
      var parts = href.match(/^([^?#]*)(.*)$/);
      if (parts[1] === "" || /(^|\/)(\.\.?)?$/.test(parts[1])) {
        link.setAttribute("href", parts[1].replace(/\/?$/, parts[1] ? "/" : "") + "index.html" + parts[2]);
      }
    });
  }

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

/* Instant filters over what a page lists: the documents table, the procedures catalogue, the coverage table.
   Text matches with or without accents; selects offer the values the rows carry in data attributes. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function labelled(caption, control) {
    var label = document.createElement("label");
    label.textContent = caption;
    label.appendChild(control);
    return label;
  }
  function filter(options) {
    var rows = Array.prototype.slice.call(options.rows);
    rows.forEach(function (row) { row.dataset.text = fold(row.textContent); });
    var form = document.createElement("form");
    form.className = "portal-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", options.label);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var text = document.createElement("input");
    text.type = "search";
    text.name = "q";
    form.appendChild(labelled(options.textLabel, text));
    var selects = Object.keys(options.keys).map(function (key) {
      var select = document.createElement("select");
      select.name = key;
      var values = [];
      rows.forEach(function (row) { if (values.indexOf(row.dataset[key]) < 0) { values.push(row.dataset[key]); } });
      if (options.sort) { values.sort(function (a, b) { return a.localeCompare(b, "vi"); }); }
      ["Tất cả"].concat(values).forEach(function (value, index) {
        var option = document.createElement("option");
        option.value = index ? value : "";
        option.textContent = value;
        select.appendChild(option);
      });
      form.appendChild(labelled(options.keys[key], select));
      return select;
    });
    var count = document.createElement("p");
    count.className = "portal-filter__count";
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);
    options.before.before(form);
    function apply() {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var visible = words.every(function (word) { return row.dataset.text.indexOf(word) >= 0; }) &&
          selects.every(function (select) { return !select.value || row.dataset[select.name] === select.value; });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (options.groups) {
        options.groups.forEach(function (group) { group.hidden = !group.querySelector("[data-text]:not([hidden])"); });
      }
      count.textContent = "Hiển thị " + shown + "/" + rows.length + " " + options.noun;
    }
    form.addEventListener("input", apply);
    apply();
  }

  var documents = document.querySelector("table[data-portal-documents]");
  if (documents) {
    filter({
      rows: documents.tBodies[0].rows, before: documents.closest(".md-typeset__scrollwrap"),
      label: "Lọc văn bản trong trang này", textLabel: "Lọc theo số, trích yếu",
      keys: {type: "Loại", year: "Năm", status: "Tình trạng"}, noun: "văn bản của trang này"
    });
  }
  var catalogue = document.querySelector("[data-portal-catalogue]");
  if (catalogue) {
    filter({
      rows: catalogue.querySelectorAll(".portal-procedures__item"),
      groups: Array.prototype.slice.call(catalogue.querySelectorAll(".portal-procedures__group")),
      before: catalogue.querySelector(".portal-procedures__group"),
      label: "Lọc thủ tục hành chính", textLabel: "Tên thủ tục",
      keys: {field: "Lĩnh vực", level: "Cấp thực hiện", service: "Mức độ trực tuyến"}, sort: true, noun: "thủ tục"
    });
  }
  var coverage = document.querySelector("table[data-portal-coverage]");
  if (coverage) {
    filter({
      rows: coverage.tBodies[0].rows, before: coverage.closest(".md-typeset__scrollwrap"),
      label: "Lọc dịch vụ công", textLabel: "Tên dịch vụ",
      keys: {guide: "Hướng dẫn", level: "Cấp", service: "Mức độ"}, sort: true, noun: "dịch vụ"
    });
  }
})();

/* Videos load from their host only when the reader asks: no third-party request before the click. */
(function () {
  "use strict";
  document.querySelectorAll("[data-portal-video]").forEach(function (box) {
    var button = box.querySelector("[data-portal-video-play]");
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.dataset.portalVideo;
      frame.title = box.dataset.portalVideoTitle;
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      frame.className = "portal-video__frame";
      button.replaceWith(frame);
      frame.focus();
    });
  });
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
