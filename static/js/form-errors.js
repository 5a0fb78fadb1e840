// After a refused post, take the reader to the summary of what to fix: scrolled into view and focused, so that
// a screen reader announces it and a phone shows it instead of the top of an unchanged-looking form.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
});
