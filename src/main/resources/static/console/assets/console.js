// Shows every <time datetime> in the reader's own time zone and language; the server writes UTC (ISO 8601),
// which stays as the tooltip. Runs on load and after each htmx swap (live updates).
(function () {
  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d)) {
        el.title = el.getAttribute('datetime');
        el.textContent = d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
      }
    });
  }
  document.addEventListener('DOMContentLoaded', function () { localTimes(document); });
  document.addEventListener('htmx:afterSettle', function (e) { localTimes(e.target); });
})();
