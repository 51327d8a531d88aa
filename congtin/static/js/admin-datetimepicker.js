// Wagtail's date and time picker (jQuery datetimepicker) writes one button in English,
// "Save Selected", with no way to translate it; it is hidden unless showApplyButton is on,
// yet it is in the page a screen reader or a text dump reads. The label comes from
// data-label on this script, translated by Django (congtin.core.admin_text).
(function () {
  "use strict";
  const label = document.currentScript.dataset.label;
  const selector = ".xdsoft_save_selected";
  function translate(node) {
    const buttons = node.matches(selector) ? [node] : node.querySelectorAll(selector);
    for (const button of buttons) button.textContent = label;
  }
  translate(document.documentElement);
  new MutationObserver(function (mutations) {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) translate(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
