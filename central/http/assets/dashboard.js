// The live dashboard follows its server-sent events: each one carries the
// table part of the page, pushed when a pizzeria's events are applied,
// and is swapped in. Where the feed cannot be had, the table is fetched
// again every few seconds; without this script the dashboard reloads
// itself (noscript refresh). The report page's print link prints.
(function () {
  "use strict";

  var print = document.querySelector("[data-print]");
  if (print) {
    print.addEventListener("click", function (e) {
      e.preventDefault();
      window.print();
    });
  }

  var view = document.getElementById("live-view");
  if (!view) {
    return;
  }
  var seconds = parseInt(view.getAttribute("data-seconds"), 10) || 5;
  var fragment = view.getAttribute("data-fragment");
  var events = view.getAttribute("data-events");

  function swap(html) {
    view.innerHTML = html; // our own page, escaped by html/template
  }

  // Polling, the fallback.
  function refresh() {
    fetch(fragment, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (resp) {
        if (resp.redirected || resp.status === 401 || resp.status === 403) {
          window.location.reload(); // the session ended: show the log-in page
          return null;
        }
        return resp.ok ? resp.text() : null;
      })
      .then(function (html) {
        if (html) {
          swap(html);
        }
      })
      .catch(function () { /* offline for a moment: try again next tick */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }

  if (!window.EventSource || !events) {
    window.setTimeout(refresh, seconds * 1000);
    return;
  }
  var source = new EventSource(events);
  source.onmessage = function (e) { swap(e.data); };
  source.addEventListener("session_ended", function () {
    source.close();
    window.location.reload();
  });
  source.onerror = function () {
    // The browser reconnects by itself; a feed refused for good (the
    // session ended, a proxy that does not stream) falls back to polling.
    if (source.readyState === EventSource.CLOSED) {
      refresh();
    }
  };
})();
