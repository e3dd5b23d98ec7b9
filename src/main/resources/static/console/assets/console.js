// Shows every <time datetime> in the reader's own time zone and language; the server writes UTC (ISO 8601),
// which stays as the tooltip. Runs once loaded (after the first paint, see layout.html) and after each htmx swap.
(function () {
  // One formatter for the page: toLocaleString with options builds a new one per call, and that ran before the
  // first paint for every time on the page (a history page has a hundred).
  var format = null;
  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d)) {
        format = format || new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
        el.title = el.getAttribute('datetime');
        el.textContent = format.format(d);
      }
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { localTimes(document); });
  } else {
    localTimes(document);
  }
  document.addEventListener('htmx:afterSettle', function (e) { localTimes(e.target); });
})();
