// Names for the admin's controls that their widgets draw without one, from what an editor sees beside them, so
// that a screen reader says which box it is in (axe-core: every control needs an accessible name). Django's
// date-times ("Date:" and "Time:" under the field's label, which names no box), the columns of tabular inlines,
// the autocomplete boxes (select2), the rich-text editor (ProseMirror), and django-modeltranslation's language
// switch. The widgets draw some of these after the page has loaded: they are named as they appear.
(function () {
  "use strict";

  var switchName = document.currentScript.dataset.languageSwitch;

  function words(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[\s:*]+$/, "").trim() : "";
  }

  function name(control, text) {
    if (text && !control.hasAttribute("aria-label") && !(control.labels && control.labels.length)) {
      control.setAttribute("aria-label", text);
    }
  }

  function fieldLabel(element) {
    var box = element.closest(".fieldBox, .form-row");
    return words(box && box.querySelector("label"));
  }

  function nameDateTimes() {
    // <p class="datetime">Date: <input> ... Time: <input> ...</p>: each box named "<field>, Date".
    document.querySelectorAll("p.datetime input").forEach(function (input) {
      var before = input.previousSibling;
      while (before && before.nodeType !== Node.TEXT_NODE) before = before.previousSibling;
      var part = before ? before.textContent.replace(/[\s:]+$/, "").trim() : "";
      name(input, [fieldLabel(input), part].filter(Boolean).join(", "));
    });
  }

  function nameColumns() {
    // A tabular inline's boxes, by their column's heading.
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var headings = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var heading = headings[index];
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            name(control, words(heading && (heading.firstChild || heading)));
          });
        });
      });
    });
    // Django leaves the headings over each row's title, and over nothing, empty.
    document.querySelectorAll(".tabular thead th").forEach(function (heading) {
      if (!words(heading)) heading.setAttribute("aria-hidden", "true");
    });
  }

  function nameWidgets() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      var label = select && select.labels && select.labels.length ? words(select.labels[0]) : "";
      container.querySelectorAll(".select2-search__field, [role=combobox], [role=textbox]").forEach(function (control) {
        name(control, label);
      });
      // The choices made, in a list that also holds the "remove all" cross (not an item): a list no more.
      container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "presentation");
      });
    });
    // A single choice's list, while open, is drawn at the end of the page, away from its box: its search field is
    // named as the box that owns its results, and the box says which list it controls (ARIA 1.2's aria-controls;
    // select2 gives the older aria-owns only while the list is open).
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      var results = box.getAttribute("aria-owns");
      if (!results) {
        box.removeAttribute("aria-controls");
        return;
      }
      box.setAttribute("aria-controls", results);
      document.querySelectorAll(".select2-search__field").forEach(function (field) {
        if (field.getAttribute("aria-controls") === results) name(field, box.getAttribute("aria-label"));
      });
    });
    document.querySelectorAll(".ProseMirror[contenteditable]").forEach(function (editor) {
      var textarea = editor.closest(".prose-editor");
      textarea = textarea && textarea.querySelector("textarea");
      name(editor, textarea && textarea.labels && textarea.labels.length ? words(textarea.labels[0]) : "");
    });
    document.querySelectorAll(".modeltranslation-switch").forEach(function (control) {
      name(control, switchName);
    });
  }

  function nameAll() {
    nameDateTimes();
    nameColumns();
    nameWidgets();
  }

  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameAll();
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameAll);
})();
