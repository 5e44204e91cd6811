// The drivers' page follows its server-sent events: each carries the
// list part of the page, pushed when a pizzeria's events are applied or a
// colleague makes a request, and is swapped in — but not while the
// driver is using a form in it (a payment being chosen), until they leave
// it. Where the feed cannot be had, the list is fetched every few
// seconds. Without this script the page still works: each form posts and
// the page comes back.
(function () {
  "use strict";

  var view = document.getElementById("driver-live");
  if (!view) {
    return;
  }
  var live = document.getElementById("live");
  var lost = document.getElementById("live-lost");
  var held = null; // a list that came while the driver was busy in a form

  function busy() {
    var el = document.activeElement;
    return el && el !== document.body && view.contains(el) &&
      el.closest("form") && el.closest("form").querySelector("input:checked");
  }

  function swap(html) {
    if (busy()) {
      held = html;
      return;
    }
    held = null;
    view.innerHTML = html; // our own page, escaped by html/template
  }

  view.addEventListener("focusout", function () {
    window.setTimeout(function () {
      if (held !== null && !busy()) {
        swap(held);
      }
    }, 0);
  });

  function status(ok) {
    if (live) { live.hidden = !ok; }
    if (lost) { lost.hidden = ok; }
  }

  // Polling, the fallback.
  function refresh() {
    fetch(view.getAttribute("data-fragment"), {
      credentials: "same-origin", headers: { "Accept": "text/html" }
    })
      .then(function (resp) {
        if (resp.redirected || resp.status === 401 || resp.status === 403) {
          window.location.reload(); // the session ended: show the log-in page
          return null;
        }
        status(resp.ok);
        return resp.ok ? resp.text() : null;
      })
      .then(function (html) {
        if (html) {
          swap(html);
        }
      })
      .catch(function () { status(false); })
      .then(function () { window.setTimeout(refresh, 5000); });
  }

  if (!window.EventSource) {
    window.setTimeout(refresh, 5000);
    return;
  }
  var source = new EventSource(view.getAttribute("data-events"));
  source.onopen = function () { status(true); };
  source.onmessage = function (e) {
    status(true);
    swap(e.data);
  };
  source.addEventListener("session_ended", function () {
    source.close();
    window.location.reload();
  });
  source.onerror = function () {
    status(false);
    if (source.readyState === EventSource.CLOSED) {
      window.setTimeout(refresh, 5000); // refused for good: poll instead
    }
  };
}());
