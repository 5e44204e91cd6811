// The live update of the sync console: it listens to the feed of the sync
// state and redraws the table from each list it receives, as the server
// drew it. Without this script the page reloads itself instead (a meta
// refresh inside <noscript>).
(function () {
  "use strict";

  var table = document.getElementById("branches");
  var live = document.getElementById("live");
  var labelsData = document.getElementById("labels");
  if (!table || !live || !labelsData || !window.EventSource) {
    return;
  }
  var labels = JSON.parse(labelsData.textContent);
  var body = table.tBodies[0];
  var columns = table.tHead.rows[0].cells.length;

  // Times as they read on a wall in Paris, as the server writes them.
  var dateTime = new Intl.DateTimeFormat("fr-FR", {
    timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });
  var clock = new Intl.DateTimeFormat("fr-FR", {
    timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });

  // label returns a sentence of the catalogue, with its one argument.
  function label(key, arg) {
    var text = labels[key] || key;
    return arg === undefined ? text : text.replace(/%[ds]/, String(arg));
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  // lag writes a lag in seconds as formatLag does on the server.
  function lag(s) {
    if (!(s > 0)) {
      return "0 s";
    }
    if (s < 10) {
      return s.toFixed(1).replace(".", ",") + " s";
    }
    if (s < 60) {
      return Math.floor(s) + " s";
    }
    if (s < 3600) {
      var whole = Math.floor(s);
      return Math.floor(whole / 60) + " min " + pad(whole % 60) + " s";
    }
    var minutes = Math.floor(s / 60);
    return Math.floor(minutes / 60) + " h " + pad(minutes % 60) + " min";
  }

  // shortEpoch keeps the random end of an epoch id, as the server does.
  function shortEpoch(epoch) {
    if (!epoch) {
      return label("no_epoch");
    }
    return epoch.length <= 8 ? epoch : "\u2026" + epoch.slice(-8);
  }

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined) {
      el.textContent = text;
    }
    if (className) {
      el.className = className;
    }
    return el;
  }

  function number(value, alertWhenSet) {
    return element("td", String(value), alertWhenSet && value ? "num alert" : "num");
  }

  // row draws one pizzeria, cell by cell, as console.html does.
  function row(b) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-id", b.id);

    var name = element("th", b.name + " ");
    name.scope = "row";
    name.appendChild(element("span", b.id, "id"));
    tr.appendChild(name);

    tr.appendChild(element("td", label(b.online ? "online" : "offline"),
      "state " + (b.online ? "online" : "offline")));

    var seen = element("td");
    if (b.last_seen_at) {
      var time = element("time", dateTime.format(new Date(b.last_seen_at)));
      time.dateTime = b.last_seen_at;
      seen.appendChild(time);
    } else {
      seen.textContent = label("never");
    }
    tr.appendChild(seen);

    var epoch = element("td");
    var id = element("span", shortEpoch(b.epoch), "epoch");
    id.title = b.epoch || "";
    epoch.appendChild(id);
    if (b.epochs > 0) {
      var count = b.epochs > 1 ? label("epoch_count", b.epochs) : label("epoch_one");
      epoch.appendChild(document.createTextNode(" "));
      epoch.appendChild(element("span", "(" + count + ")", "epochs"));
    }
    if (b.epochs > 1) {
      epoch.appendChild(document.createTextNode(" "));
      epoch.appendChild(element("strong", "\u26a0 " + label("restore_warning"), "warning"));
    }
    tr.appendChild(epoch);

    tr.appendChild(number(b.last_seq, false));
    tr.appendChild(number(b.backlog, false));
    tr.appendChild(element("td", lag(b.lag_seconds), "num"));
    tr.appendChild(number(b.gaps, true));
    tr.appendChild(number(b.dead_letters, true));
    tr.appendChild(number(b.divergences, true));
    return tr;
  }

  // draw replaces the rows of the table with the pizzerias of a list.
  function draw(branches) {
    var rows = document.createDocumentFragment();
    branches.forEach(function (b) {
      rows.appendChild(row(b));
    });
    if (branches.length === 0) {
      var empty = document.createElement("tr");
      var cell = element("td", label("no_pizzerias"));
      cell.colSpan = columns;
      empty.appendChild(cell);
      rows.appendChild(empty);
    }
    body.replaceChildren(rows);
  }

  function status(text, lost) {
    live.textContent = text;
    live.className = lost ? "lost" : "";
  }

  var source = new EventSource(table.getAttribute("data-feed"));
  source.onmessage = function (e) {
    draw(JSON.parse(e.data));
    status(label("live_updates") + " " + label("updated_at", clock.format(new Date())), false);
  };
  source.addEventListener("unavailable", function (e) {
    status(JSON.parse(e.data).message, true);
  });
  source.addEventListener("session_ended", function () {
    source.close();
    window.location.assign("/login");
  });
  source.onerror = function () {
    status(label("live_lost"), true);
    // A refused reconnection (the session is over) closes the feed for
    // good: reload, which leads to the log-in page if need be.
    if (source.readyState === EventSource.CLOSED) {
      window.setTimeout(function () {
        window.location.reload();
      }, 10000);
    }
  };
})();
