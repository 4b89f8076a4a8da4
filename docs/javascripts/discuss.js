// "My options to discuss" (discuss/<condition>/): applies the choices kept in the address
// (?d=prevention&s=pregnancy,epilepsy&v=no-needles; a plain form submission repeats s= and v= instead,
// which is read the same way) to the sheet. Options that do not fit the decision and what matters are
// hidden, the answers for the chosen situations are shown, and options marked "do not use" for one of them
// move to "Not for you, because…". Changes update the address in place; nothing is sent anywhere.
// Progressive enhancement: without JavaScript the page shows every option with every answer. The words
// shown come from the page itself (labels, templates in data attributes), so they can be translated there.
(function () {
  var form = document.querySelector("form[data-kb-discuss]");
  var sheet = document.querySelector("[data-kb-sheet]");
  if (!form || !sheet) return;
  var list = sheet.querySelector("[data-kb-options]");
  var notForYou = sheet.querySelector("[data-kb-not-for-you]");
  var notForYouSection = sheet.querySelector("[data-kb-not-for-you-section]");
  var options = Array.prototype.slice.call(list.querySelectorAll(".kb-sheet-option"));
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));

  function words(element, name) {
    return (element.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  function listed(params, name) {
    var found = [];
    params.getAll(name).forEach(function (value) {
      value.split(",").forEach(function (part) {
        part = part.trim();
        if (part && found.indexOf(part) < 0) found.push(part);
      });
    });
    return found;
  }

  // The address -> the form (unknown values are ignored).
  function restore() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {d: [params.get("d") || "both"], s: listed(params, "s"), v: listed(params, "v")};
    if (!form.querySelector('input[name="d"][value="' + CSS.escape(chosen.d[0]) + '"]')) chosen.d = ["both"];
    inputs.forEach(function (input) {
      input.checked = (chosen[input.name] || []).indexOf(input.value) >= 0;
    });
  }

  function checked(name) {
    return inputs.filter(function (input) { return input.name === name && input.checked; });
  }

  function values(boxes) {
    return boxes.map(function (box) { return box.value; });
  }

  function labelText(input) {
    return input.parentNode.textContent.trim();
  }

  function contains(list) {
    return function (item) { return list.indexOf(item) >= 0; };
  }

  function fill(template, numbers) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(numbers[key]); });
  }

  function apply() {
    var decision = (checked("d")[0] || {value: "both"}).value;
    var situations = values(checked("s"));
    var wanted = checked("v");
    var purposes = values(wanted.filter(function (box) { return box.hasAttribute("data-purpose"); }));
    var others = values(wanted.filter(function (box) { return !box.hasAttribute("data-purpose"); }));
    var shown = 0, unsuitable = 0;
    options.forEach(function (option) {
      var fits = words(option, "data-fits");
      var ok = (decision === "both" || words(option, "data-used-for").indexOf(decision) >= 0) &&
               (!purposes.length || purposes.some(contains(fits))) && others.every(contains(fits));
      var stop = words(option, "data-do-not-use").some(contains(situations));
      option.querySelectorAll("[data-situation]").forEach(function (answer) {
        answer.hidden = situations.indexOf(answer.getAttribute("data-situation")) < 0;
      });
      option.querySelector(".kb-sheet-compact").hidden = situations.length > 0;
      option.hidden = !ok;
      (stop ? notForYou : list).appendChild(option);  // re-appended in their first order, every time
      if (ok && stop) unsuitable += 1;
      else if (ok) shown += 1;
    });
    notForYouSection.hidden = unsuitable === 0;
    sheet.querySelector("[data-kb-none]").hidden = shown + unsuitable > 0;

    var count = sheet.querySelector("[data-kb-count]");
    var narrowed = decision !== "both" || situations.length > 0 || wanted.length > 0;
    count.hidden = !narrowed;
    count.textContent = fill(count.getAttribute(unsuitable ? "data-template-not-for-you" : "data-template"),
                             {shown: shown, total: options.length, unsuitable: unsuitable});

    // The choices restated at the top of the sheet (in print too), in the words of the form.
    var restated = {d: decision === "both" ? [] : checked("d").map(labelText), s: checked("s").map(labelText),
                    v: wanted.map(labelText)};
    sheet.querySelector("[data-kb-all]").hidden = narrowed;
    sheet.querySelectorAll("[data-kb-choice]").forEach(function (part) {
      var named = restated[part.getAttribute("data-kb-choice")];
      part.hidden = !named.length;
      part.querySelector("[data-kb-fill]").textContent = named.join("; ");
    });

    // The address keeps the choices (readable: commas, defaults left out); nothing is sent.
    var query = [];
    if (decision !== "both") query.push("d=" + encodeURIComponent(decision));
    if (situations.length) query.push("s=" + situations.map(encodeURIComponent).join(","));
    if (wanted.length) query.push("v=" + values(wanted).map(encodeURIComponent).join(","));
    var address = window.location.pathname + (query.length ? "?" + query.join("&") : "") + window.location.hash;
    if (window.history.replaceState) window.history.replaceState(null, "", address);
    sheet.querySelector("[data-kb-address]").textContent = window.location.href.split("#")[0];
  }

  var today = sheet.querySelector("[data-kb-today]");
  today.textContent = new Date().toLocaleDateString(document.documentElement.lang || undefined,
                                                    {year: "numeric", month: "long", day: "numeric"});
  var print = form.querySelector("[data-kb-print]");
  print.hidden = false;
  print.addEventListener("click", function () { window.print(); });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();  // applied here already: no reload needed
    apply();
    var title = document.getElementById("sheet-title");
    title.scrollIntoView();
    title.focus({preventScroll: true});
  });
  restore();
  apply();
})();
