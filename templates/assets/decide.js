/* What every page script shares (window.decide): start-up on each page, reading typed numbers, finding a form's
   controls, and keeping campaign parameters. The reasons catalog's filter is catalog.js. */
(function () {
  "use strict";

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

  /* A message in the page's language, from the words its template wrote (generator/render/language.py,
     script_words): `values` fill its %(name)s places, as the caller formatted them. A counted message has a
     form per plural category, and takes the one for `count` as the catalog's language counts (Intl.PluralRules:
     the CLDR rules the build used). */
  function say(words, name, values, count) {
    var given = values || {};
    var message = words.messages[name];
    if (typeof message !== "string") {
      message = message[new Intl.PluralRules(words.lang).select(count)] || message.other;
    }
    return message.replace(/%\(([a-z_]+)\)s|%%/g, function (place, key) {
      if (!key) { return "%"; }
      return Object.prototype.hasOwnProperty.call(given, key) ? String(given[key]) : place;
    });
  }

  window.decide = { say: say, onEveryPage: onEveryPage, typedNumber: typedNumber, controls: controls, showForm: showForm, resetForm: resetForm, isCampaign: isCampaign, campaignQuery: campaignQuery };
}());
