/* The reasons catalog's filter. It works over every reason at once, from the index the catalog writes beside
   its pages (reasons/index.json, fetched the first time the filter is used), and shows the matches a page at a
   time, so the page holds one page of results whatever the catalog's size. Without JavaScript the form stays
   hidden and the catalog's pages (one per offering, one per problem) hold every reason.

   The choice is kept in the address (?offering=...&metric=yes&page=2) so a filtered view can be shared; a value
   from the address that is not one of the form's own options is ignored. Reason text goes into the page as
   text (textContent), never as markup. */
(function () {
  "use strict";

  var FIELDS = ["offering", "problem", "industry", "source"];
  var PER_PAGE = 50;
  var loaded = new Map();

  /* The index, fetched once per address, with what the filter looks values up by. */
  function indexAt(url) {
    if (!loaded.has(url)) {
      loaded.set(url, fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error("the reasons index answered " + response.status); }
        return response.json();
      }).then(prepared));
    }
    return loaded.get(url);
  }

  function numbering(values) {
    var numbers = new Map();
    values.forEach(function (value, number) { numbers.set(value, number); });
    return numbers;
  }

  function prepared(raw) {
    return {
      offerings: raw.o,
      sources: raw.s,
      industries: raw.i,
      reasons: raw.r,
      number: {
        offering: numbering(raw.o.map(function (offering) { return offering[0]; })),
        problem: numbering(raw.p),
        industry: numbering(raw.i),
        source: numbering(raw.s.map(function (source) { return source[0]; }))
      }
    };
  }

  function chosen(form) {
    var controls = window.decide.controls;
    var choice = {};
    FIELDS.forEach(function (name) { choice[name] = controls(form, name)[0].value; });
    choice.metric = controls(form, "metric")[0].checked;
    return choice;
  }

  function isFiltered(choice) {
    return choice.metric || FIELDS.some(function (name) { return choice[name]; });
  }

  /* A reason is [element id, [offerings], [problems], industry, source, result, size, has a story, metric];
     see generator/render/catalog_pages.py. A chosen value the index does not know matches nothing. */
  function matching(index, choice) {
    var wanted = {};
    FIELDS.forEach(function (name) {
      wanted[name] = choice[name] ? (index.number[name].has(choice[name]) ? index.number[name].get(choice[name]) : -2) : -1;
    });
    return index.reasons.filter(function (reason) {
      return (wanted.offering === -1 || reason[1].indexOf(wanted.offering) !== -1) &&
        (wanted.problem === -1 || reason[2].indexOf(wanted.problem) !== -1) &&
        (wanted.industry === -1 || reason[3] === wanted.industry) &&
        (wanted.source === -1 || reason[4] === wanted.source) &&
        (!choice.metric || reason[8] !== 0);
    });
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    return made;
  }

  /* The reason's card: the catalog's own when this page shows it (story and all), else one drawn from the index
     that links to the reason at its home, where the story is. */
  function card(index, reason, words) {
    var own = document.getElementById(reason[0]);
    if (own && own.tagName === "ARTICLE") {
      var copy = own.cloneNode(true);
      copy.removeAttribute("id");
      return copy;
    }
    var drawn = element("article", "decide-reason");
    drawn.dataset.offerings = reason[1].map(function (number) { return index.offerings[number][0]; }).join(" ");
    drawn.appendChild(element("p", "decide-reason__result", reason[5]));
    if (reason[8] !== 0) { drawn.appendChild(metric(reason[8])); }
    var meta = described(index, reason, words);
    if (meta) { drawn.appendChild(element("p", "decide-reason__meta", meta)); }
    var more = element("p", "decide-reason__more");
    var link = element("a", "", window.decide.say(words, reason[7] ? "whole_story" : "in_catalog"));
    link.href = index.offerings[reason[1][0]][2] + "#" + reason[0];
    more.appendChild(link);
    drawn.appendChild(more);
    return drawn;
  }

  function metric(words) {
    var line = element("p", "decide-metric");
    line.appendChild(element("strong", "", words[0]));
    if (words[1]) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "decide-metric__change", "(" + words[1] + ")"));
    }
    if (words[2]) { line.appendChild(document.createTextNode(" " + words[2])); }
    return line;
  }

  /* "Food distribution, 40 staff · In the customer's words", as the catalog's own cards read. */
  function described(index, reason, words) {
    var industry = reason[3] === -1 ? "" : index.industries[reason[3]];
    var customer = industry && reason[6] ? window.decide.say(words, "customer", { industry: industry, size: reason[6] }) : industry;
    var source = reason[4] === -1 ? "" : index.sources[reason[4]][1];
    return customer && source ? customer + " · " + source : customer || source;
  }

  function setUp(form) {
    var page = form.ownerDocument;
    var status = form.querySelector("[data-decide-filter-status]");
    var matches = page.querySelector("[data-decide-matches]");
    var list = matches.querySelector("[data-decide-matches-list]");
    var pager = matches.querySelector("[data-decide-pager]");
    var pageStatus = pager.querySelector("[data-decide-page-status]");
    var previous = pager.querySelector("[data-decide-page='previous']");
    var next = pager.querySelector("[data-decide-page='next']");
    var groups = page.querySelector("[data-decide-catalog]");
    var url = new URL(form.getAttribute("data-decide-index"), location.href).href;
    var total = Number(form.getAttribute("data-decide-total"));
    var onPage = Number(form.getAttribute("data-decide-shown"));
    var counted = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var words = JSON.parse(form.getAttribute("data-decide-words"));
    var say = function (name, values, count) { return window.decide.say(words, name, values, count); };
    var current = { page: 1, found: [] };

    function showCatalog() {
      matches.hidden = true;
      groups.hidden = false;
      list.replaceChildren();
      status.textContent = onPage === total ?
        say("showing_all", { num: counted.format(total) }, total) :
        say("showing_strongest", { num: counted.format(total), shown: counted.format(onPage) }, total);
    }

    function draw(index) {
      var pages = Math.max(1, Math.ceil(current.found.length / PER_PAGE));
      current.page = Math.min(Math.max(1, current.page), pages);
      var first = (current.page - 1) * PER_PAGE;
      var shown = current.found.slice(first, first + PER_PAGE);
      var cards = document.createDocumentFragment();
      var home = -1;
      shown.forEach(function (reason) {
        if (reason[1][0] !== home) {
          home = reason[1][0];
          cards.appendChild(element("h2", "decide-matches__offering", index.offerings[home][1]));
        }
        cards.appendChild(card(index, reason, words));
      });
      list.replaceChildren(cards);
      if (!shown.length) { list.appendChild(element("p", "decide-matches__none", say("none_match"))); }
      pager.hidden = pages === 1;
      previous.disabled = current.page === 1;
      next.disabled = current.page === pages;
      pageStatus.textContent = pages === 1 ? "" :
        say("page_status", { page: counted.format(current.page), pages: counted.format(pages), first: counted.format(first + 1), last: counted.format(first + shown.length) });
    }

    function apply(fromPage) {
      var choice = chosen(form);
      if (!fromPage || !isFiltered(choice)) { current.page = 1; }
      if (!isFiltered(choice)) {
        keepInAddress(choice, 1);
        showCatalog();
        return;
      }
      indexAt(url).then(function (index) {
        if (!sameChoice(choice, chosen(form))) { return; }
        current.found = matching(index, choice);
        groups.hidden = true;
        matches.hidden = false;
        draw(index);
        keepInAddress(choice, current.page);
        status.textContent = say("showing_found", { num: counted.format(total), found: counted.format(current.found.length) }, total);
      }, function () {
        keepInAddress(choice, current.page);
        showCatalog();
        status.textContent = say("not_loaded");
      });
    }

    function turn(step, button) {
      current.page += step;
      apply(true);
      indexAt(url).then(function () {
        if (button.disabled) { (step > 0 ? previous : next).focus(); }
        if (matches.getBoundingClientRect().top < 0) { matches.scrollIntoView(); }
      });
    }

    form.addEventListener("change", function () { apply(false); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(false); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    ["focusin", "pointerover"].forEach(function (name) {
      form.addEventListener(name, function () { indexAt(url).catch(function () {}); }, { once: true });
    });
    previous.addEventListener("click", function () { turn(-1, previous); });
    next.addEventListener("click", function () { turn(1, next); });
    current.page = takeFromAddress(form);
    window.decide.showForm(form, true);
    apply(true);
  }

  function sameChoice(one, other) {
    return one.metric === other.metric && FIELDS.every(function (name) { return one[name] === other[name]; });
  }

  function keepInAddress(choice, pageNumber) {
    var query = window.decide.campaignQuery();
    FIELDS.forEach(function (name) { if (choice[name]) { query.set(name, choice[name]); } });
    if (choice.metric) { query.set("metric", "yes"); }
    if (pageNumber > 1) { query.set("page", String(pageNumber)); }
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  /* Sets the form from the address; returns the page of matches it asks for (1 unless it names a whole number). */
  function takeFromAddress(form) {
    var controls = window.decide.controls;
    var query = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      var select = controls(form, name)[0];
      var wanted = query.get(name);
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
      if (known) { select.value = wanted; }
    });
    controls(form, "metric")[0].checked = query.get("metric") === "yes";
    return /^[1-9][0-9]{0,5}$/.test(query.get("page") || "") ? Number(query.get("page")) : 1;
  }

  window.decide.onEveryPage(function () {
    var form = document.querySelector("form[data-decide-filter]");
    if (form) { setUp(form); }
  });
}());
