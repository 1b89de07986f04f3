/* Accessible names for what the ipywidgets manager draws from a page's saved widget state.
 *
 * The widget DOM exists only after the manager renders it in the browser, so it is named here:
 * - slider handles (role="slider") get the label of their slider ("Year", ...);
 * - the charts the widgets show (an Image widget, redrawn for the chosen values) get an alt text
 *   that names the controls and their values, and points at the static figure beside the
 *   widget, which carries the same finding with a written description.
 * The browser tests (tests/test_browser.py) run axe-core on every page after widgets render.
 */
(function () {
  "use strict";

  function controlsOf(box) {
    var parts = [];
    box.querySelectorAll(".widget-inline-hbox").forEach(function (control) {
      var label = control.querySelector(".widget-label");
      var name = label ? label.textContent.trim() : "";
      var value = "";
      var select = control.querySelector("select");
      var readout = control.querySelector(".widget-readout");
      var input = control.querySelector("input");
      if (select && select.selectedIndex >= 0) value = select.options[select.selectedIndex].text;
      else if (readout) value = readout.textContent.trim();
      else if (input) value = input.value;
      if (name || value) parts.push((name ? name + " " : "") + value);
    });
    return parts.join(", ");
  }

  function nameWidgets(root) {
    root.querySelectorAll(".widget-slider, .widget-hslider, .widget-vslider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var name = label && label.textContent.trim() ? label.textContent.trim() : "Slider";
      slider.querySelectorAll('[role="slider"]:not([aria-label])').forEach(function (handle, i, all) {
        handle.setAttribute("aria-label", all.length > 1 ? name + (i ? " (upper)" : " (lower)") : name);
      });
    });
    // Images without alt, and those named here before (the controls may render later).
    root.querySelectorAll(".jupyter-widgets img:not([alt]), .jupyter-widgets img[data-a11y-alt]").forEach(function (img) {
      var box = img.closest(".widget-subarea") || img.closest(".widget-box") || root;
      var controls = controlsOf(box);
      var alt = "Chart drawn by the interactive control" + (controls ? " (" + controls + ")" : "") +
        "; the static figure beside it shows the same finding and describes it in words.";
      if (img.getAttribute("alt") !== alt) {
        img.setAttribute("alt", alt);
        img.setAttribute("data-a11y-alt", "");
      }
    });
  }

  function start() {
    nameWidgets(document);
    new MutationObserver(function () { nameWidgets(document); })
      .observe(document.body, { childList: true, subtree: true });
    document.addEventListener("change", function () { nameWidgets(document); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
