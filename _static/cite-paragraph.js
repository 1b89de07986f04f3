/* "Cite" buttons of the sources chapter's paragraphs (analysis.display.reader_tables.source_html):
   a click copies the paragraph's citation — source, paragraph id, the book's title and version,
   and the address of the paragraph (the published page's, or, when the build did not know it,
   the address the reader has open) — to the clipboard, and says so on the button.
   A link to a paragraph (#I31) inside a collapsed output opens it. */
(function () {
  "use strict";
  function citation(button) {
    var id = button.dataset.paragraph;
    var url = button.dataset.citeUrl || (location.href.split("#")[0] + "#" + id);
    return button.dataset.cite + " " + url;
  }
  function copied(button, ok) {
    var label = button.textContent;
    button.textContent = ok ? "Copied" : "Copy failed";
    setTimeout(function () { button.textContent = label; }, 2000);
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.cite-paragraph");
    if (!button) return;
    var text = citation(button);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { copied(button, true); },
                                               function () { copied(button, fallback(text)); });
    } else {
      copied(button, fallback(text));
    }
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
