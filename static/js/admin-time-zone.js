// The help beside each date-time names the zone it is read in (common/admin.py, name_the_zone). The server reads
// the times in the zone posted with them, so the name follows the Time zone select as the editor changes it, in
// the sessions too. The empty row that inlines copy is updated with the others: rows added later name it as well.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.id !== "id_time_zone" || !select.value) return;
    document.querySelectorAll(".time-zone-name").forEach(function (name) {
      name.textContent = select.value;
    });
  });
})();
