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
//   the feed cannot be had, it fetches the region every few seconds. The
//   notice of a request just sent goes once the pizzeria has answered.
//   A fragment whose stamp (the server's digest of its content) is the
//   one shown changes nothing. Otherwise only the parts that differ are
//   replaced: the status words stay the same element, in which a screen
//   reader hears the new words (aria-live), and a button that did not
//   change keeps the focus.
(function () {
  "use strict";

  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // Forms posted once. A form the live region kept is armed already.
  function arm(form) {
    if (form.ocpizzaArmed) {
      return;
    }
    form.ocpizzaArmed = true;
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
  // The notice of a request just sent goes once the pizzeria answered.
  var notice = document.querySelector("#avis[data-request]");
  var firstStatus = region.getAttribute("data-status");

  var settled = false; // the order will not move again: no more stream

  function status(ok) {
    if (live) { live.hidden = settled || !ok; }
    if (lost) { lost.hidden = settled || ok; }
  }

  // The stamp of a region's content, "" when it has none.
  function stampOf(root) {
    var state = root.querySelector("[data-stamp]");
    return state ? state.getAttribute("data-stamp") : "";
  }
  var shown = stampOf(region); // what the server rendered with the page

  // The child of el that is its live part, or null.
  function livePart(el) {
    for (var n = el.firstElementChild; n; n = n.nextElementSibling) {
      if (n.hasAttribute("aria-live")) {
        return n;
      }
    }
    return null;
  }

  // update makes the element old hold what fresh holds, replacing only
  // the children that changed: one equal to its new counterpart stays
  // (and keeps the focus), and the live part stays the same element with
  // its words changed in place, so that a screen reader reads them.
  function update(old, fresh) {
    var oldLive = livePart(old);
    var freshLive = livePart(fresh);
    if (oldLive && freshLive && oldLive.innerHTML !== freshLive.innerHTML) {
      oldLive.innerHTML = freshLive.innerHTML;
    }
    var before = Array.prototype.slice.call(old.childNodes);
    var after = Array.prototype.map.call(fresh.childNodes, function (node, i) {
      if (node === freshLive && oldLive) {
        return oldLive;
      }
      var prior = before[i];
      return prior && prior !== oldLive && prior.isEqualNode(node) ? prior : node;
    });

    // What does not stay goes, then the new nodes go in their places.
    before.forEach(function (node) {
      if (after.indexOf(node) < 0) {
        old.removeChild(node);
      }
    });
    var cursor = old.firstChild;
    after.forEach(function (node) {
      if (node === cursor) {
        cursor = cursor.nextSibling;
      } else {
        old.insertBefore(node, cursor);
      }
    });
    ["data-status", "data-stamp"].forEach(function (name) {
      old.setAttribute(name, fresh.getAttribute(name) || "");
    });
  }

  function swap(html) {
    var next = document.createElement("div");
    next.innerHTML = html; // our own page, escaped by html/template
    var stamp = stampOf(next);
    if (stamp && stamp === shown) {
      return;
    }
    shown = stamp;
    var focused = document.activeElement;
    var focusID = focused && region.contains(focused) ? focused.id : "";

    var old = region.querySelector(".order-state");
    var fresh = next.querySelector(".order-state");
    if (old && fresh) {
      update(old, fresh);
    } else {
      region.innerHTML = html;
    }
    each("form[data-once]", region, arm);
    var state = region.querySelector("[data-status]");
    if (state) {
      region.setAttribute("data-status", state.getAttribute("data-status"));
    }
    if (notice && (document.getElementById("reponse") ||
        region.getAttribute("data-status") !== firstStatus)) {
      notice.parentNode.removeChild(notice);
      notice = null;
    }

    // A focused button that was replaced: its successor takes the focus.
    var successor = focusID ? document.getElementById(focusID) : null;
    if (successor && !region.contains(document.activeElement)) {
      successor.focus();
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
  source.addEventListener("settled", function () {
    // Nothing more will move: the last reading, and no more stream.
    settled = true;
    source.close();
    status(true);
    load();
  });
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
