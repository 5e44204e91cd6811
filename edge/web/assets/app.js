// OC Pizza staff pages: live screens, keyboard order taking, kitchen keys.
// Our own small script, embedded in the binary: no library, no CDN. Every
// page works without it except the live refresh.
(function () {
  "use strict";

  // Live screens: on each "change" event, fetch every [data-live] region
  // again and put it in place. Fetches of one burst of events coalesce.
  function startLive() {
    var url = document.body.getAttribute("data-events");
    if (!url || !window.EventSource) return;
    var busy = false, again = false;
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      var regions = document.querySelectorAll("[data-live]");
      var jobs = Array.prototype.map.call(regions, function (el) {
        return fetch(el.getAttribute("data-live"), { headers: { "X-Fragment": "1" }, credentials: "same-origin" })
          .then(function (res) {
            if (res.status === 401) { window.location.reload(); return null; }
            return res.text().then(function (html) { if (res.ok) el.innerHTML = html; });
          });
      });
      Promise.all(jobs).catch(function () {}).then(function () {
        busy = false;
        document.body.setAttribute("data-refreshed", String(Date.now()));
        if (again) { again = false; refresh(); }
      });
    }
    // Ages ("il y a 7 min") move on without any change: refresh them too.
    window.setInterval(refresh, 30000);
    var source = new EventSource(url);
    source.addEventListener("change", refresh);
    source.addEventListener("open", function () { document.body.setAttribute("data-live-state", "open"); });
    source.addEventListener("error", function () { document.body.setAttribute("data-live-state", "retrying"); });
  }

  // Order taking: phone search, product filter, + and − quantities, the
  // live total, and Ctrl+Enter to submit.
  function startOrderForm(form) {
    var phone = form.querySelector("[data-customer-search]");
    var filter = form.querySelector("[data-product-filter]");
    var total = form.querySelector("[data-total]");
    var products = Array.prototype.slice.call(form.querySelectorAll("[data-product]"));
    var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

    function qtyInput(li) { return li.querySelector('input[type="number"]'); }
    var summary = document.getElementById("basket-summary");
    function updateTotal() {
      var cents = 0, chosen = [];
      products.forEach(function (li) {
        var input = qtyInput(li);
        var n = input.disabled ? 0 : parseInt(input.value, 10) || 0;
        li.classList.toggle("chosen", n > 0);
        cents += n * parseInt(li.getAttribute("data-price"), 10);
        if (n > 0) chosen.push(n + " × " + li.getAttribute("data-name"));
      });
      total.textContent = euros.format(cents / 100);
      summary.textContent = chosen.join(", ");
    }
    function step(li, delta) {
      var input = qtyInput(li);
      if (input.disabled) return;
      var max = parseInt(input.max, 10);
      var n = Math.max(0, (parseInt(input.value, 10) || 0) + delta);
      if (!isNaN(max)) n = Math.min(n, max);
      input.value = n > 0 ? String(n) : "";
      updateTotal();
    }

    products.forEach(function (li) {
      li.querySelector(".plus").addEventListener("click", function () { step(li, 1); });
      li.querySelector(".minus").addEventListener("click", function () { step(li, -1); });
      qtyInput(li).addEventListener("input", updateTotal);
      qtyInput(li).addEventListener("keydown", function (e) {
        if (e.key === "+") { e.preventDefault(); step(li, 1); }
        if (e.key === "-") { e.preventDefault(); step(li, -1); }
      });
    });

    // Type to filter; Enter adds one of the first product shown.
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      products.forEach(function (li) {
        li.hidden = q !== "" && li.getAttribute("data-name").toLowerCase().indexOf(q) < 0;
      });
    });
    filter.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      var first = products.filter(function (li) { return !li.hidden && !qtyInput(li).disabled; })[0];
      if (first) { step(first, 1); filter.select(); }
    });

    // Enter in the phone field looks the caller up without leaving the page.
    phone.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      var box = document.getElementById("customers");
      fetch(phone.getAttribute("data-customer-search") + "?phone=" + encodeURIComponent(phone.value),
        { headers: { "X-Fragment": "1" }, credentials: "same-origin" })
        .then(function (res) { return res.text(); })
        .then(function (html) {
          box.innerHTML = html;
          var picks = box.querySelectorAll(".pick");
          if (picks.length >= 1) pick(picks[0]);
          if (picks.length > 1) picks[0].focus(); else filter.focus();
        });
    });
    document.getElementById("customers").addEventListener("click", function (e) {
      var b = e.target.closest(".pick");
      if (b) { pick(b); filter.focus(); }
    });
    function pick(b) {
      form.querySelector("#name").value = b.getAttribute("data-name");
      if (b.getAttribute("data-address")) form.querySelector("#address").value = b.getAttribute("data-address");
    }

    // Enter never submits by accident; Ctrl+Enter does, from anywhere.
    // The keypress of Enter is stopped too: it is what submits a form, and
    // some input methods send it apart from the keydown.
    form.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      if (e.ctrlKey || e.metaKey) { e.preventDefault(); form.requestSubmit(document.getElementById("order-submit")); return; }
      if (e.target.tagName === "INPUT" && e.target.type !== "submit") e.preventDefault();
    });
    form.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && e.target.tagName === "INPUT") e.preventDefault();
    });
    updateTotal();
  }

  // Kitchen: the key of a ticket's number presses its start or finish button.
  function startKitchenKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.altKey || e.metaKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
      var card = document.querySelector('[data-key="' + e.key + '"]');
      var button = card && card.querySelector("button.bump");
      if (button) { e.preventDefault(); button.click(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startLive();
    var form = document.querySelector("[data-order-form]");
    if (form) startOrderForm(form);
    if (document.body.classList.contains("page-kitchen")) startKitchenKeys();
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    document.body.setAttribute("data-ready", "1");
  });
})();
