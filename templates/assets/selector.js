/* The solution selector: one question at a time, the answers to check, then the one offering that fits, why, and one next action.
   The page carries the rule as data (ids and numbers only, in data-decide-selector) and every text a result can
   show, rendered when the site was built; this script applies the rule, the same one as
   generator/compute/selector.py, and only shows, hides and copies what is already on the page, so nothing from
   the address ever becomes markup. The answers live in the address (?size=small&goals=a&goals=b&budget=500), so
   a result can be shared: a link with answers opens at the result, and anything in it that is not a valid answer
   is left out, with a notice. Without JavaScript the form stays hidden and the decision table is the page. */
(function () {
  "use strict";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function has(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }

  /* The rule. `answers` maps a question id to the chosen answer ids, or to the number. */

  function validNumber(question, text) {
    var number = window.decide.typedNumber(text);
    return number !== null && number >= question.min && number <= question.max;
  }

  function picksFor(question, answer) {
    if (question.kind === "number") {
      var band = question.bands.filter(function (each) { return each.up_to === null || answer <= each.up_to; })[0];
      return band ? [{ question: question.id, answer: answer, scoring: band }] : [];
    }
    return question.answers
      .filter(function (each) { return answer.indexOf(each.id) !== -1; })
      .map(function (each) { return { question: question.id, answer: each.id, scoring: each }; });
  }

  function recommend(rule, answers) {
    var picks = [];
    rule.questions.forEach(function (question) {
      if (has(answers, question.id)) { picks = picks.concat(picksFor(question, answers[question.id])); }
    });
    var totals = rule.offerings.map(function (id) {
      return picks.reduce(function (sum, pick) { return sum + (has(pick.scoring.scores, id) ? pick.scoring.scores[id] : 0); }, 0);
    });
    var excluded = rule.offerings.map(function (id) {
      return picks.some(function (pick) { return pick.scoring.excludes.indexOf(id) !== -1; });
    });
    var eligible = rule.offerings.map(function (id, index) { return index; }).filter(function (index) {
      return !excluded[index] && totals[index] >= rule.min_score;
    });
    eligible.sort(function (first, second) { return totals[second] - totals[first] || first - second; });
    var recommendation = eligible.length ? rule.offerings[eligible[0]] : null;
    var because = picks.map(function (pick, order) {
      return { question: pick.question, answer: pick.answer, order: order, points: has(pick.scoring.scores, recommendation) ? pick.scoring.scores[recommendation] : 0 };
    }).filter(function (item) { return item.points > 0; });
    because.sort(function (first, second) { return second.points - first.points || first.order - second.order; });
    return { recommendation: recommendation, runnerUp: eligible.length > 1 ? rule.offerings[eligible[1]] : null, because: because };
  }

  function Selector(root) {
    this.root = root;
    this.rule = JSON.parse(root.getAttribute("data-decide-selector"));
    this.form = root.querySelector("[data-selector-form]");
    this.steps = all(this.form, "fieldset[data-step]");
    this.result = root.querySelector("[data-selector-result]");
    this.notice = root.querySelector("[data-selector-notice]");
    this.check = root.querySelector("[data-selector-check]");
    this.current = 0;
    this.returning = false;
    var next = document.querySelector(".decide-next");
    this.action = next.querySelector("[data-next-action]");
    this.threshold = next.querySelector(".decide-next__threshold");
  }

  Selector.prototype.question = function (id) {
    return this.rule.questions.filter(function (question) { return question.id === id; })[0];
  };

  Selector.prototype.inputs = function (id) {
    return window.decide.controls(this.form, id);
  };

  /* The form holds the answers: reading it, filling it from the address, writing the address from it. */

  Selector.prototype.answers = function () {
    var answers = Object.create(null);
    this.rule.questions.forEach(function (question) {
      var inputs = this.inputs(question.id);
      if (question.kind === "number") {
        var text = inputs[0].value.trim();
        if (validNumber(question, text)) { answers[question.id] = Number(text); }
        return;
      }
      var chosen = inputs.filter(function (input) { return input.checked && input.value; }).map(function (input) { return input.value; });
      if (chosen.length) { answers[question.id] = chosen; }
    }, this);
    return answers;
  };

  Selector.prototype.address = function () {
    var query = window.decide.campaignQuery();
    var answers = this.answers();
    this.rule.questions.forEach(function (question) {
      if (!has(answers, question.id)) { return; }
      var values = question.kind === "number" ? [this.inputs(question.id)[0].value.trim()] : answers[question.id];
      values.forEach(function (value) { query.append(question.id, value); });
    }, this);
    var search = query.toString();
    return location.pathname + (search ? "?" + search : "") + location.hash;
  };

  /* Fills the form from the address; says whether anything in it had to be left out. */
  Selector.prototype.fillFromAddress = function () {
    window.decide.resetForm(this.form);
    var leftOut = false;
    var given = Object.create(null);
    new URLSearchParams(location.search).forEach(function (value, key) {
      if (window.decide.isCampaign(key) && !this.question(key)) { return; }
      var question = this.question(key);
      var known = question && this.accept(question, value, has(given, key) ? given[key] : null);
      if (known) { given[key] = value; } else { leftOut = true; }
    }, this);
    return leftOut;
  };

  /* One value from the address, as `decide select` takes it: a known answer, a second answer only for a
     `many` question (or the same one again), a number in range only once. */
  Selector.prototype.accept = function (question, value, earlier) {
    var inputs = this.inputs(question.id);
    if (question.kind === "number") {
      if (earlier !== null || !validNumber(question, value)) { return false; }
      inputs[0].value = value;
      return true;
    }
    var input = inputs.filter(function (each) { return each.value === value && value !== ""; })[0];
    if (!input || (question.kind === "one" && earlier !== null && earlier !== value)) { return false; }
    input.checked = true;
    return true;
  };

  /* What the visitor sees: a step, the answers to check, or the result. A step opened from "Change" leads
     straight back to the answers (`returning`). */

  Selector.prototype.showStep = function (index, moveFocus) {
    this.current = index;
    var toCheck = this.returning || index === this.steps.length - 1;
    this.steps.forEach(function (step, position) { step.hidden = position !== index; });
    this.form.querySelector("[data-selector-back]").hidden = index === 0;
    this.form.querySelector("[data-selector-next]").hidden = toCheck;
    this.form.querySelector("[data-selector-finish]").hidden = !toCheck;
    window.decide.showForm(this.form, true);
    this.check.hidden = true;
    this.result.hidden = true;
    this.result.setAttribute("data-recommendation", "");
    this.lead(this.result.querySelector("[data-result-for='']"));
    if (moveFocus) { this.steps[index].querySelector("legend").focus(); }
  };

  /* Check your answers: each question with its answer, in the words the visitor chose them by. */
  Selector.prototype.showCheck = function (moveFocus) {
    var answers = this.answers();
    this.returning = false;
    all(this.check, "[data-check-for]").forEach(function (row) {
      var id = row.getAttribute("data-check-for");
      var given = has(answers, id) ? this.words(id, answers[id]) : "";
      row.querySelector("[data-check-answer]").textContent = given;
      row.querySelector("[data-check-skipped]").hidden = given !== "";
    }, this);
    window.decide.showForm(this.form, false);
    this.result.hidden = true;
    this.result.setAttribute("data-recommendation", "");
    this.check.hidden = false;
    this.lead(this.result.querySelector("[data-result-for='']"));
    if (moveFocus) { this.check.querySelector("h2").focus(); }
  };

  Selector.prototype.showResult = function (moveFocus) {
    var outcome = recommend(this.rule, this.answers());
    var chosen = outcome.recommendation || "";
    var shown = null;
    all(this.result, "[data-result-for]").forEach(function (block) {
      block.hidden = block.getAttribute("data-result-for") !== chosen;
      if (!block.hidden) { shown = block; }
    });
    all(this.result, "[data-runner-up-for]").forEach(function (line) {
      line.hidden = line.getAttribute("data-runner-up-for") !== outcome.runnerUp;
    });
    this.explain(shown, outcome.because);
    this.result.setAttribute("data-recommendation", chosen);
    window.decide.showForm(this.form, false);
    this.check.hidden = true;
    this.result.hidden = false;
    this.lead(shown);
    if (moveFocus) { shown.querySelector("h2").focus(); }
  };

  /* "Because you said …": each question and answer, copied as text from the question it answers. */
  Selector.prototype.explain = function (block, because) {
    var why = block.querySelector("[data-selector-why]");
    if (!why) { return; }
    var list = why.querySelector("[data-selector-because]");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    because.forEach(function (item) {
      var pair = document.createElement("div");
      var asked = document.createElement("dt");
      var said = document.createElement("dd");
      asked.textContent = this.asked(item.question);
      said.textContent = this.words(item.question, [item.answer]);
      pair.appendChild(asked);
      pair.appendChild(said);
      list.appendChild(pair);
    }, this);
    why.hidden = because.length === 0;
  };

  Selector.prototype.asked = function (questionId) {
    var step = this.steps.filter(function (each) { return each.getAttribute("data-step") === questionId; })[0];
    return step.querySelector("[data-question-text]").textContent.trim();
  };

  /* The answer's own label (several, joined, for a `many` question), or the number with its unit. */
  Selector.prototype.words = function (questionId, answer) {
    var inputs = this.inputs(questionId);
    if (this.question(questionId).kind === "number") {
      return inputs[0].value.trim() + " " + inputs[0].getAttribute("data-unit");
    }
    return inputs.filter(function (input) { return answer.indexOf(input.value) !== -1; })
      .map(function (input) { return input.parentElement.textContent.trim(); }).join("; ");
  };

  /* The page's one next action follows the result: the recommended offering's, or the selector's fallback. */
  Selector.prototype.lead = function (block) {
    this.action.setAttribute("data-next-action", block.getAttribute("data-action"));
    this.action.setAttribute("href", block.getAttribute("data-action-url"));
    this.action.textContent = block.getAttribute("data-action-label");
    this.threshold.textContent = block.getAttribute("data-action-threshold");
  };

  /* A number that is there but wrong keeps the visitor on its step, with the rule for it. */
  Selector.prototype.stepIsValid = function () {
    var step = this.steps[this.current];
    var question = this.question(step.getAttribute("data-step"));
    if (question.kind !== "number") { return true; }
    var input = this.inputs(question.id)[0];
    var valid = input.value.trim() === "" || validNumber(question, input.value.trim());
    step.querySelector("[data-selector-error]").hidden = valid;
    if (valid) { input.removeAttribute("aria-invalid"); } else { input.setAttribute("aria-invalid", "true"); input.focus(); }
    return valid;
  };

  Selector.prototype.openAddress = function (moveFocus) {
    var leftOut = this.fillFromAddress();
    this.notice.hidden = !leftOut;
    if (Object.keys(this.answers()).length) {
      this.showResult(moveFocus);
    } else {
      this.showStep(0, moveFocus);
    }
  };

  Selector.prototype.start = function () {
    var selector = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!selector.stepIsValid()) { return; }
      selector.notice.hidden = true;
      if (!selector.returning && selector.current < selector.steps.length - 1) {
        selector.showStep(selector.current + 1, true);
        return;
      }
      /* The check step has its own place in the history, so Back from the result returns to it. */
      var checking = history.state && history.state.selector === "check";
      history[checking ? "replaceState" : "pushState"]({ selector: "check" }, "", location.pathname + location.hash);
      selector.showCheck(true);
    });
    this.form.querySelector("[data-selector-back]").addEventListener("click", function () {
      selector.returning = false;
      selector.showStep(selector.current - 1, true);
    });
    all(this.check, "[data-selector-change-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        selector.returning = true;
        selector.showStep(Number(button.getAttribute("data-selector-change-step")), true);
      });
    });
    this.check.querySelector("[data-selector-see]").addEventListener("click", function () {
      history.pushState(null, "", selector.address());
      selector.showResult(true);
    });
    this.result.querySelector("[data-selector-change]").addEventListener("click", function () {
      history.pushState(null, "", location.pathname + location.hash);
      selector.returning = false;
      selector.showStep(0, true);
    });
    this.result.querySelector("[data-selector-restart]").addEventListener("click", function () {
      history.pushState(null, "", location.pathname + location.hash);
      window.decide.resetForm(selector.form);
      selector.returning = false;
      selector.showStep(0, true);
    });
    window.addEventListener("popstate", function () {
      if (location.search) {
        selector.openAddress(true);
      } else if (history.state && history.state.selector === "check") {
        selector.showCheck(true);
      } else {
        selector.returning = false;
        selector.showStep(selector.current, true);
      }
    });
    this.root.querySelector("[data-selector-table]").removeAttribute("open");
    this.openAddress(false);
  };

  window.decide.onEveryPage(function () {
    var root = document.querySelector("[data-decide-selector]");
    if (root && !root.hasAttribute("data-selector-started")) {
      root.setAttribute("data-selector-started", "");
      new Selector(root).start();
    }
  });
}());
