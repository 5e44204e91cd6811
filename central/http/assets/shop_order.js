// The ordering pages of the website, made nicer where scripts run; each
// page works without this file too.
//
// - A form marked data-once is posted once: its button is disabled at the
//   first submit, so a double click sends one order (the server guards
//   against a second post as well).
// - On the checkout and change forms, the address shows for a delivery
//   only, and its fields for a new address only.
// - An order's page follows its order live: the customer's order feed
//   (server-sent events) says when it moved, and the page then fetches
//   the status region again, rendered by the server, and swaps it in. Where
//   the feed cannot be had, it fetches the region every few seconds.
(function () {
  "use strict";

  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // Forms posted once.
  function arm(form) {
    form.addEventListener("submit", function (e) {
      if (form.getAttribute("data-sent")) {
        e.preventDefault();
        return;
      }
      form.setAttribute("data-sent", "1");
      each("button[type=submit]", form, function (b) {
        b.disabled = true;
        b.setAttribute("aria-busy", "true");
      });
    });
  }
  each("form[data-once]", null, arm);
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) {
      return;
    }
    // Back from the next page: the form may be posted again.
    each("form[data-sent]", null, function (form) {
      form.removeAttribute("data-sent");
      each("button[type=submit]", form, function (b) {
        b.disabled = false;
        b.removeAttribute("aria-busy");
      });
    });
  });

  // The address for a delivery only, its fields for a new one only.
  var address = document.getElementById("adresse");
  function showAddress() {
    var pickup = document.getElementById("emporter");
    var fresh = document.getElementById("adresse-nouvelle");
    if (address) {
      address.hidden = !!(pickup && pickup.checked);
      each(".new-address", address, function (el) {
        el.hidden = !!(fresh && !fresh.checked);
      });
    }
  }
  if (address) {
    each("input[type=radio]", document, function (r) {
      r.addEventListener("change", showAddress);
    });
    showAddress();
  }

  // The live order.
  var region = document.getElementById("statut");
  if (!region || !region.getAttribute("data-fragment")) {
    return;
  }
  var live = document.getElementById("live");
  var lost = document.getElementById("live-lost");
  var loading = false;
  var again = false;
  var shown = null;

  function status(ok) {
    if (live) { live.hidden = !ok; }
    if (lost) { lost.hidden = ok; }
  }

  function swap(html) {
    if (html === shown) {
      return;
    }
    shown = html;
    region.innerHTML = html; // our own page, escaped by html/template
    each("form[data-once]", region, arm);
    var state = region.querySelector("[data-status]");
    if (state) {
      region.setAttribute("data-status", state.getAttribute("data-status"));
    }
  }

  // One reading at a time; a change during it asks for another after.
  function load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    fetch(region.getAttribute("data-fragment"), {
      credentials: "same-origin", headers: { "Accept": "text/html" }
    })
      .then(function (resp) {
        if (resp.redirected || resp.status === 401) {
          window.location.reload(); // the session ended: show the log-in page
          return null;
        }
        status(resp.ok);
        return resp.ok ? resp.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          swap(html);
        }
      })
      .catch(function () { status(false); })
      .then(function () {
        loading = false;
        if (again) {
          again = false;
          load();
        }
      });
  }

  function poll() {
    load();
    window.setTimeout(poll, 10000);
  }

  if (!window.EventSource) {
    window.setTimeout(poll, 10000);
    return;
  }
  var source = new EventSource(region.getAttribute("data-events"));
  source.onopen = function () { status(true); };
  source.onmessage = function () {
    status(true);
    load();
  };
  source.addEventListener("session_ended", function () {
    source.close();
    window.location.reload();
  });
  source.onerror = function () {
    status(false);
    if (source.readyState === EventSource.CLOSED) {
      window.setTimeout(poll, 10000); // refused for good: read it every 10 s
    }
  };
}());
