// Comparison tables: sort by a column, filter by use and certainty, and flag the options that do not suit
// "my situation" (kept in the address as ?situations=a,b and carried to the option and leaflet links).
// Progressive enhancement: without JavaScript (or in print) the full table, with every caution, is shown.
(function () {
  function setup(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var status = document.createElement("p");
    status.className = "kb-compare-status";
    status.setAttribute("role", "status");
    var bar = document.createElement("div");
    bar.className = "kb-compare-filters";
    bar.innerHTML =
      '<label>Used for <select data-filter="use"><option value="">Attacks and prevention</option>' +
      '<option value="attack">Treating an attack</option><option value="prevention">Preventing attacks</option></select></label> ' +
      '<label>Certainty of benefit <select data-filter="certainty"><option value="3">Any</option>' +
      '<option value="2">Low or better</option><option value="1">Moderate or better</option><option value="0">High</option></select></label>';
    table.parentNode.insertBefore(bar, table);
    table.parentNode.insertBefore(status, table);

    var mine = document.querySelector(".kb-situation-filter");
    var names = {};
    var fold = document.querySelector(".kb-situation-details");
    if (mine) {
      if (fold) fold.hidden = false;
      var wanted = (new URLSearchParams(window.location.search).get("situations") || "").split(",");
      mine.querySelectorAll('input[name="situation"]').forEach(function (box) {
        names[box.value] = box.parentNode.textContent.trim();
        box.checked = wanted.indexOf(box.value) >= 0;
      });
      mine.addEventListener("change", apply);
      // folded (it would fill a phone's screen); opened when the address already names situations
      if (fold && wanted.filter(Boolean).length) fold.open = true;
    }
    rows.forEach(function (row) {
      row.querySelectorAll("a.kb-therapy-link, a.kb-leaflet-link").forEach(function (link) {
        link.setAttribute("data-base-href", link.getAttribute("href"));
      });
    });

    function words(row, name) {
      return (row.getAttribute(name) || "").split(" ").filter(Boolean);
    }

    function selected() {
      if (!mine) return [];
      return Array.prototype.filter.call(mine.querySelectorAll('input[name="situation"]'), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
    }

    // Flag a row for the chosen situations and point its links at the part that matters.
    function mark(row, chosen) {
      var stop = words(row, "data-do-not-use").filter(function (s) { return chosen.indexOf(s) >= 0; });
      var ask = words(row, "data-ask-first").filter(function (s) { return chosen.indexOf(s) >= 0; });
      var unknown = words(row, "data-not-studied").filter(function (s) { return chosen.indexOf(s) >= 0; });
      var flag = row.querySelector(".kb-flag");
      if (flag) flag.parentNode.removeChild(flag);
      row.classList.toggle("kb-row--unsuitable", stop.length > 0);
      row.classList.toggle("kb-row--ask-first", !stop.length && ask.length > 0);
      row.classList.toggle("kb-row--not-studied", !stop.length && !ask.length && unknown.length > 0);
      var lines = [];
      function named(list) { return list.map(function (s) { return names[s]; }).join("; "); }
      if (stop.length) lines.push("Do not use if: " + named(stop));
      if (ask.length) lines.push("Ask a clinician first if: " + named(ask));
      if (unknown.length) lines.push("Not studied (nobody has checked) for: " + named(unknown));
      if (lines.length) {
        flag = document.createElement("strong");
        flag.className = "kb-flag";
        lines.forEach(function (line, i) {
          if (i) flag.appendChild(document.createElement("br"));
          flag.appendChild(document.createTextNode(line));
        });
        row.cells[0].appendChild(flag);
      }
      var first = stop.concat(ask, unknown)[0];
      row.querySelectorAll("a.kb-therapy-link").forEach(function (link) {
        link.setAttribute("href", link.getAttribute("data-base-href") + (first ? "#who-should-not-use-it" : ""));
      });
      row.querySelectorAll("a.kb-leaflet-link").forEach(function (link) {
        // PDF viewers open a named destination: the leaflet's own caution for this situation
        link.setAttribute("href", link.getAttribute("data-base-href") + (first ? "#nameddest=caution-" + first : ""));
      });
      return stop.length > 0;
    }

    function apply() {
      var use = bar.querySelector('[data-filter="use"]').value;
      var maxCertainty = Number(bar.querySelector('[data-filter="certainty"]').value);
      var chosen = selected();
      var hideUnsuitable = mine && mine.querySelector('input[name="hide-unsuitable"]').checked;
      var shown = 0, flagged = 0;
      rows.forEach(function (row) {
        var unsuitable = mark(row, chosen);
        if (unsuitable) flagged += 1;
        var ok = (!use || row.getAttribute("data-used-for").split(" ").indexOf(use) >= 0) &&
                 Number(row.getAttribute("data-certainty")) <= maxCertainty && !(hideUnsuitable && unsuitable);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " options." +
        (chosen.length ? " " + flagged + " marked “do not use” for the situations you picked." : "");
      var chosenLabel = fold && fold.querySelector(".kb-chosen");
      if (chosenLabel) chosenLabel.textContent = chosen.length ? "(" + chosen.length + " chosen)" : "";
      // the "options to discuss" sheet opens with the same situations ticked
      document.querySelectorAll("a.kb-discuss-link").forEach(function (link) {
        if (!link.hasAttribute("data-base-href")) link.setAttribute("data-base-href", link.getAttribute("href"));
        link.setAttribute("href", link.getAttribute("data-base-href") + (chosen.length ? "?s=" + chosen.join(",") : ""));
      });
      if (mine && window.history.replaceState) {
        var url = new URL(window.location.href);
        if (chosen.length) url.searchParams.set("situations", chosen.join(","));
        else url.searchParams.delete("situations");
        window.history.replaceState(null, "", url.toString());
      }
    }
    bar.addEventListener("change", apply);

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        function key(row) {
          var cell = row.cells[index];
          var value = cell.getAttribute("data-value");
          return kind === "number" ? Number(value !== null ? value : cell.textContent) : cell.textContent.trim().toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }
  document.querySelectorAll("table[data-kb-compare]").forEach(setup);
})();
