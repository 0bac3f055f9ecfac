/* The relationship assessment (templates/pages/assessment.md.j2): one person's answers, kept in the page's address
   and sent to the company by email. The form's controls are named by the answer keys a link carries (name, role,
   today, desired, change, <touchpoint id>, <touchpoint id>_leader, moment: generator/load/answers.py reads them
   back), so without this script the form, sent to the page itself, puts the answers in the address. With it the
   address follows every change, a link opens with its answers filled in (anything in it that is not an answer is
   left out, with a notice), and the email button carries the link and a summary in words. Values from the address
   only ever become a control's value or checked state, and the summary only text: never markup. */
(function () {
  "use strict";

  var RATING = /^[1-5]$/;
  /* Typing a sentence writes the address once it pauses, not on every keystroke (browsers throttle a page that
     rewrites its address too often); a change of focus, a choice or a click on the button writes it at once. */
  var TEXT_DELAY_MS = 300;

  function say(words, name, values) {
    return window.decide.say(words, name, values);
  }

  function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function Assessment(form) {
    this.form = form;
    this.model = JSON.parse(form.getAttribute("data-decide-assessment"));
    this.words = JSON.parse(form.getAttribute("data-decide-words"));
    this.notice = form.querySelector("[data-assessment-notice]");
    this.said = form.querySelector("[data-assessment-said]");
    this.send = form.querySelector("[data-assessment-send]");
    this.long = form.querySelector("[data-assessment-long]");
    this.mailto = this.send ? this.send.getAttribute("href").split("?")[0] : null;
    this.kinds = this.keys();
  }

  /* Each answer key the form has, in the order a link lists them, with the kind of value it takes. A Map, so a
     touchpoint's id is a key like any other (see decide.controls). */
  Assessment.prototype.keys = function () {
    var kinds = new Map();
    var form = this.form;
    function add(key, kind) {
      if (window.decide.controls(form, key).length) { kinds.set(key, kind); }
    }
    add("name", "text");
    add("role", "text");
    add("today", "level");
    add("desired", "level");
    add("change", "text");
    this.model.touchpoints.forEach(function (id) {
      add(id, "rating");
      add(id + "_leader", "rating");
    });
    add("moment", "text");
    return kinds;
  };

  Assessment.prototype.controls = function (key) {
    return window.decide.controls(this.form, key);
  };

  /* A key's answer as the form holds it: the chosen radio's value, or the text without spaces around it; "" for none. */
  Assessment.prototype.value = function (key) {
    var controls = this.controls(key);
    if (this.kinds.get(key) === "text") { return controls[0].value.trim(); }
    var chosen = controls.filter(function (control) { return control.checked; })[0];
    return chosen ? chosen.value : "";
  };

  Assessment.prototype.answers = function () {
    var query = new URLSearchParams();
    this.kinds.forEach(function (kind, key) {
      var value = this.value(key);
      if (value) { query.append(key, value); }
    }, this);
    return query;
  };

  /* The address bar: the answers after the campaign's parameters, which stay where the campaign put them. */
  Assessment.prototype.address = function () {
    var query = window.decide.campaignQuery();
    this.answers().forEach(function (value, key) { query.append(key, value); });
    var search = query.toString();
    return location.pathname + (search ? "?" + search : "") + location.hash;
  };

  /* The link the email carries: this page with the answers alone, as `decide relationship report` reads it. */
  Assessment.prototype.link = function () {
    var search = this.answers().toString();
    return location.href.split(/[?#]/)[0] + (search ? "?" + search : "");
  };

  /* Fills the form from the address; says whether anything in it had to be left out. An empty value is no answer
     (the form sends one for every text without JavaScript); a key given twice keeps its first value. */
  Assessment.prototype.fillFromAddress = function () {
    window.decide.resetForm(this.form);
    var leftOut = false;
    var given = new Map();
    new URLSearchParams(location.search).forEach(function (value, key) {
      if (!this.kinds.has(key)) {
        leftOut = leftOut || !window.decide.isCampaign(key);
        return;
      }
      if (value === "" || given.get(key) === value) { return; }
      if (given.has(key) || !this.accept(key, value)) {
        leftOut = true;
        return;
      }
      given.set(key, value);
    }, this);
    return leftOut;
  };

  /* One answer from the address: a level the assessment has, a rating from 1 to 5, or a text within its length
     (a longer one is cut to it, and counts as partly left out). */
  Assessment.prototype.accept = function (key, value) {
    var kind = this.kinds.get(key);
    var controls = this.controls(key);
    if (kind === "text") {
      var longest = Number(controls[0].getAttribute("maxlength"));
      controls[0].value = value.slice(0, longest);
      return value.length <= longest;
    }
    if (kind === "rating" && !RATING.test(value)) { return false; }
    var radio = controls.filter(function (control) { return control.value === value; })[0];
    if (!radio) { return false; }
    radio.checked = true;
    return true;
  };

  /* The words a question is asked in, as the page shows it. */
  Assessment.prototype.asked = function (key) {
    var control = this.controls(key)[0];
    if (this.kinds.get(key) === "text") { return oneLine(this.form.querySelector("label[for='" + control.id + "']").firstChild.textContent); }
    var group = control.closest("fieldset");
    var question = oneLine(group.querySelector("legend").textContent);
    if (this.kinds.get(key) !== "rating") { return question; }
    return say(this.words, "rating_of", { touchpoint: touchpointName(control), side: question });
  };

  /* The name of the touchpoint a rating's control is in: the legend of the fieldset around its group. */
  function touchpointName(control) {
    return oneLine(control.closest("fieldset").parentElement.closest("fieldset").querySelector("legend").textContent);
  }

  /* The chosen level's name, in the page's words. */
  Assessment.prototype.levelName = function (key) {
    var chosen = this.controls(key).filter(function (control) { return control.checked; })[0];
    return oneLine(chosen.parentElement.querySelector(".decide-assessment__level").textContent);
  };

  /* The answers in words, a line each, for the email under the link. */
  Assessment.prototype.summary = function () {
    var words = this.words;
    var lines = [];
    var has = function (key) { return this.kinds.has(key) && this.value(key) !== ""; }.bind(this);
    var text = function (key) { return this.value(key).replace(/\r?\n/g, "\r\n"); }.bind(this);
    if (has("name")) { lines.push(say(words, "name", { name: text("name") })); }
    if (has("role")) { lines.push(say(words, "role", { role: text("role") })); }
    ["today", "desired"].filter(has).forEach(function (key) {
      lines.push(say(words, "answer", { question: this.asked(key), answer: this.levelName(key) }));
    }, this);
    if (has("change")) { lines.push(say(words, "answer", { question: this.asked("change"), answer: text("change") })); }
    this.model.touchpoints.forEach(function (id) {
      if (!has(id) && !has(id + "_leader")) { return; }
      var notRated = say(words, "not_rated");
      lines.push(say(words, "rating", { touchpoint: touchpointName(this.controls(id)[0]), us: this.value(id) || notRated, leader: this.value(id + "_leader") || notRated }));
    }, this);
    if (has("moment")) { lines.push(say(words, "moment", { moment: text("moment") })); }
    return lines;
  };

  /* The link, then as much of the summary as keeps the whole mailto: address within the page's bound: lines are
     left out from the end, with a note that the link holds them. The link itself is never cut. */
  function mailBody(link, lines, fits, note) {
    if (!lines.length) { return link; }
    var whole = [link, ""].concat(lines).join("\r\n");
    if (fits(whole)) { return whole; }
    for (var kept = lines.length - 1; kept >= 0; kept -= 1) {
      var cut = [link, ""].concat(lines.slice(0, kept), kept ? ["", note] : [note]).join("\r\n");
      if (fits(cut)) { return cut; }
    }
    return link;
  }

  Assessment.prototype.writeMail = function () {
    if (!this.send) { return; }
    var name = this.value("name");
    var subject = name ? say(this.words, "subject_named", { name: name }) : say(this.words, "subject");
    var head = this.mailto + "?subject=" + encodeURIComponent(subject) + "&body=";
    var limit = this.model.mailto_length;
    var fits = function (body) { return head.length + encodeURIComponent(body).length <= limit; };
    var link = this.link();
    this.send.setAttribute("href", head + encodeURIComponent(mailBody(link, this.summary(), fits, say(this.words, "cut_short"))));
    this.long.hidden = fits(link);
  };

  Assessment.prototype.keep = function () {
    window.clearTimeout(this.typing);
    history.replaceState(history.state, "", this.address());
    this.writeMail();
  };

  /* The live region says what a choice was, in the question's and the answer's own words. */
  Assessment.prototype.announce = function (radio) {
    var answer = oneLine(radio.parentElement.textContent);
    this.said.textContent = say(this.words, "answer", { question: this.asked(radio.getAttribute("name")), answer: answer });
  };

  Assessment.prototype.start = function () {
    var assessment = this;
    var form = this.form;
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") { assessment.announce(event.target); }
      assessment.keep();
    });
    form.addEventListener("input", function (event) {
      if (event.target.type === "radio") { return; }
      window.clearTimeout(assessment.typing);
      assessment.typing = window.setTimeout(function () { assessment.keep(); }, TEXT_DELAY_MS);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      assessment.keep();
      assessment.said.textContent = say(assessment.words, "kept");
    });
    this.notice.hidden = !this.fillFromAddress();
    if (this.send) {
      this.send.addEventListener("click", function () { assessment.keep(); });
      this.send.hidden = false;
      form.querySelector("[data-assessment-keep]").hidden = true;
      form.querySelector("[data-assessment-by-hand]").hidden = true;
    }
    this.keep();
  };

  window.decide.onEveryPage(function () {
    var form = document.querySelector("[data-decide-assessment]");
    if (form && !form.hasAttribute("data-assessment-started")) {
      form.setAttribute("data-assessment-started", "");
      new Assessment(form).start();
    }
  });
}());
