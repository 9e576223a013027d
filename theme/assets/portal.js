/* Portal behaviour shared by every page: the print button and printed link targets. */
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = canonical ? canonical.href : window.location.href;

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
