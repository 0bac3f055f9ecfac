/* Filters the reasons catalog in place. Without JavaScript the form stays hidden and the whole list
   shows. The choice is kept in the address (?offering=...&metric=yes) so a filtered view can be shared;
   a value from the address that is not one of the form's own options is ignored. */
(function () {
  "use strict";

  var FIELDS = ["offering", "problem", "industry", "source"];

  function words(value) {
    return value ? value.split(" ") : [];
  }

  function chosen(form) {
    var choice = {};
    FIELDS.forEach(function (name) { choice[name] = controls(form, name)[0].value; });
    choice.metric = controls(form, "metric")[0].checked;
    return choice;
  }

  function fits(reason, choice) {
    var data = reason.dataset;
    return (!choice.offering || words(data.offerings).indexOf(choice.offering) !== -1) &&
      (!choice.problem || words(data.problems).indexOf(choice.problem) !== -1) &&
      (!choice.industry || data.industry === choice.industry) &&
      (!choice.source || data.source === choice.source) &&
      (!choice.metric || data.metric === "yes");
  }

  function sectionOf(heading) {
    var members = [];
    for (var next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling) {
      members.push(next);
    }
    return members;
  }

  function showSections(headings) {
    headings.forEach(function (heading) {
      var anyShown = sectionOf(heading).some(function (member) {
        return member.matches("article[data-offerings]") && !member.hidden;
      });
      heading.hidden = !anyShown;
    });
  }

  function showLinks(links) {
    links.forEach(function (link) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      link.parentElement.hidden = Boolean(target && target.hidden);
    });
    document.querySelectorAll("h3[id^='problem-']").forEach(function (heading) {
      var list = heading.nextElementSibling;
      if (list && list.tagName === "UL") {
        heading.hidden = list.hidden = !list.querySelector("li:not([hidden])");
      }
    });
  }

  function keepInAddress(choice) {
    var query = campaignQuery();
    FIELDS.forEach(function (name) { if (choice[name]) { query.set(name, choice[name]); } });
    if (choice.metric) { query.set("metric", "yes"); }
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function takeFromAddress(form) {
    var query = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      var select = controls(form, name)[0];
      var wanted = query.get(name);
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
      if (known) { select.value = wanted; }
    });
    controls(form, "metric")[0].checked = query.get("metric") === "yes";
  }

  function setUp(form) {
    var reasons = Array.prototype.slice.call(document.querySelectorAll("article[data-offerings]"));
    var headings = Array.prototype.slice.call(document.querySelectorAll("h2[id^='offering-']"));
    var links = Array.prototype.slice.call(document.querySelectorAll("li > a[href^='#reason-']"));
    var status = form.querySelector("[data-decide-filter-status]");

    function apply() {
      var choice = chosen(form);
      var shown = 0;
      reasons.forEach(function (reason) {
        reason.hidden = !fits(reason, choice);
        if (!reason.hidden) { shown += 1; }
      });
      showSections(headings);
      showLinks(links);
      status.textContent = shown === reasons.length ?
        "Showing all " + reasons.length + " reasons." :
        "Showing " + shown + " of " + reasons.length + " reasons.";
      keepInAddress(choice);
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    takeFromAddress(form);
    showForm(form, true);
    apply();
  }

  /* Runs `start` on each page the visitor opens, the theme's instant loading included; our other
     scripts (calculator.js, selector.js) start this way too, and read numbers with typedNumber below:
     the site loads this file before them. */
  function onEveryPage(start) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(start);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  /* A number as a person or a link writes it (digits, at most one decimal point, maybe a minus), or null:
     the same rule as TYPED_NUMBER in generator/compute/__init__.py. */
  function typedNumber(text) {
    var trimmed = String(text).trim();
    var value = /^-?[0-9]+(?:\.[0-9]+)?$/.test(trimmed) ? Number(trimmed) : NaN;
    return Number.isFinite(value) ? value : null;
  }

  /* A form's controls are also properties of the form, by name: form.hidden is the control named "hidden",
     form.reset the one named "reset", and form.elements.length the one named "length". Content ids name the
     controls of calculators and selectors, and ids are lowercase, so any lowercase property of a form could
     be a control. Our scripts therefore use only camel-case properties of a form (querySelector, getAttribute,
     addEventListener, parentElement), find its controls by comparing names, and show, hide and reset it with
     these; and what they keep by id is in a Map or an object without a prototype, so that `constructor` is an
     id like any other. */
  function controls(root, name) {
    return Array.prototype.filter.call(root.querySelectorAll("[name]"), function (control) { return control.getAttribute("name") === name; });
  }

  /* Campaign parameters: what a newsletter, an ad or an analytics tool adds to a link (utm_source, gclid, ...).
     They are no one's answers or figures, so every script ignores them silently (no notice); and they stay in
     the address, and in any address a script writes, so the visitor's link keeps what the campaign put there. */
  var CAMPAIGN_NAMES = ["gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga"];

  function isCampaign(name) {
    return /^utm_/.test(name) || CAMPAIGN_NAMES.indexOf(name) !== -1;
  }

  /* The address's campaign parameters, as the start of any address a script writes. */
  function campaignQuery() {
    var kept = new URLSearchParams();
    new URLSearchParams(location.search).forEach(function (value, name) {
      if (isCampaign(name)) { kept.append(name, value); }
    });
    return kept;
  }

  function showForm(form, shown) {
    form.toggleAttribute("hidden", !shown);
  }

  function resetForm(form) {
    HTMLFormElement.prototype.reset.call(form);
  }

  window.decide = { onEveryPage: onEveryPage, typedNumber: typedNumber, controls: controls, showForm: showForm, resetForm: resetForm, isCampaign: isCampaign, campaignQuery: campaignQuery };

  onEveryPage(function () {
    var form = document.querySelector("form[data-decide-filter]");
    if (form) { setUp(form); }
  });
}());
