// adminsortable2 orders an inline's saved rows by dragging their headings, which a keyboard cannot do (its own move
// buttons are not focusable). Each saved row of a sortable stacked inline gets "Move up" and "Move down" buttons that
// move it among the others and number the hidden order inputs as adminsortable2 does after a drag, so the server
// reads the same field either way. A screen reader hears the row's new place.
(function () {
  "use strict";

  var words = document.currentScript.dataset;
  var ROWS = ".inline-related.has_original";

  function rowsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll(ROWS));
  }

  function renumber(group) {
    var rows = rowsOf(group);
    var reversed = group.classList.contains("reversed");
    rows.forEach(function (row, index) {
      var order = row.querySelector("input._reorder_");
      if (order) order.value = String(reversed ? rows.length - index : index + 1);
    });
    markEnds(group);
  }

  // The first row cannot go up, nor the last down; the buttons stay focusable, so that focus stays where it was.
  function markEnds(group) {
    var rows = rowsOf(group);
    rows.forEach(function (row, index) {
      row.querySelector(".reorder-up").setAttribute("aria-disabled", String(index === 0));
      row.querySelector(".reorder-down").setAttribute("aria-disabled", String(index === rows.length - 1));
    });
  }

  function move(group, row, step, button, status) {
    var rows = rowsOf(group);
    var index = rows.indexOf(row);
    var other = rows[index + step];
    if (!other) return;
    other.insertAdjacentElement(step < 0 ? "beforebegin" : "afterend", row);
    renumber(group);
    // Moving the row took the focus from the button pressed.
    button.focus();
    status.textContent = words.position.replace("%(position)s", index + step + 1).replace("%(count)s", rows.length);
  }

  function button(text, className, label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button " + className;
    element.textContent = text;
    if (label.id) element.setAttribute("aria-describedby", label.id);
    return element;
  }

  function equip(group) {
    var status = document.createElement("p");
    status.className = "reorder-status";
    status.setAttribute("role", "status");
    group.appendChild(status);
    rowsOf(group).forEach(function (row) {
      var label = row.querySelector("h3 .inline_label");
      if (label && !label.id) label.id = row.id + "-label";
      var up = button(words.moveUp, "reorder-up", label || {});
      var down = button(words.moveDown, "reorder-down", label || {});
      var box = document.createElement("div");
      box.className = "reorder";
      box.append(up, down);
      row.querySelector("h3").insertAdjacentElement("afterend", box);
      up.addEventListener("click", function () {
        if (up.getAttribute("aria-disabled") !== "true") move(group, row, -1, up, status);
      });
      down.addEventListener("click", function () {
        if (down.getAttribute("aria-disabled") !== "true") move(group, row, 1, down, status);
      });
    });
    markEnds(group);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".inline-group[data-inline-type=stacked] fieldset.sortable").forEach(function (group) {
      if (rowsOf(group).length > 1) equip(group);
    });
  });
})();
