/* Break-even calculators. The generator writes each calculator's formulas into the page as data (the form's
   data-decide-calculator); this file evaluates them as the prospect types. It mirrors generator/formulas.py,
   generator/compute/breakeven.py and generator/compute/outlook.py operation by operation, so the page and
   `decide calc` give the same numbers. Only numbers are written into the page, always as text: every word
   comes from the template. */
(function () {
  "use strict";

  var POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];
  var ADDRESS_DELAY_MS = 300;

  /* The formula language (generator/formulas.py). */

  function roundHalfAway(value, digits) {
    var scale = POWERS_OF_TEN[Math.abs(digits)];
    var scaled = digits >= 0 ? Math.abs(value) * scale + 0.5 : Math.abs(value) / scale + 0.5;
    if (!Number.isFinite(scaled)) { return value; }
    var whole = Math.floor(scaled);
    var rounded = digits >= 0 ? whole / scale : whole * scale;
    return value < 0 ? -rounded : rounded;
  }

  var OPERATIONS = {
    "+": function (left, right) { return left + right; },
    "-": function (left, right) { return left - right; },
    "*": function (left, right) { return left * right; },
    "/": function (left, right) { return right === 0 ? 0 : left / right; },
    "<": function (left, right) { return left < right ? 1 : 0; },
    "<=": function (left, right) { return left <= right ? 1 : 0; },
    ">": function (left, right) { return left > right ? 1 : 0; },
    ">=": function (left, right) { return left >= right ? 1 : 0; },
    "==": function (left, right) { return left === right ? 1 : 0; },
    "!=": function (left, right) { return left !== right ? 1 : 0; }
  };

  function pick(values, lower) {
    var chosen = values[0];
    for (var index = 1; index < values.length; index += 1) {
      if (lower ? values[index] < chosen : values[index] > chosen) { chosen = values[index]; }
    }
    return chosen;
  }

  function evaluate(node, values) {
    var kind = node[0];
    if (kind === "number") { return node[1]; }
    if (kind === "input") { return values[node[1]]; }
    if (kind === "negative") { return -evaluate(node[1], values); }
    if (Object.prototype.hasOwnProperty.call(OPERATIONS, kind)) {
      return OPERATIONS[kind](evaluate(node[1], values), evaluate(node[2], values));
    }
    if (kind === "if") {
      return evaluate(evaluate(node[1], values) !== 0 ? node[2] : node[3], values);
    }
    var inputs = node.slice(1).map(function (argument) { return evaluate(argument, values); });
    if (kind === "round") { return roundHalfAway(inputs[0], Math.trunc(inputs[1])); }
    return pick(inputs, kind === "min");
  }

  /* The month model (generator/compute/breakeven.py). */

  function share(item, month) {
    var due = item.timing === "once" ? month === 0 :
      month >= 1 && (item.timing === "monthly" || (month - 1) % 12 === 0);
    if (!due) { return 0; }
    return item.ramp ? Math.min(1, month / item.ramp) : 1;
  }

  function monthTotal(items, amounts, month) {
    var total = 0;
    items.forEach(function (item, index) { total += amounts[index] * share(item, month); });
    return total;
  }

  function breakEvenMonth(monthly) {
    if (monthly[0] >= 0) { return 0; }
    for (var month = 1; month < monthly.length; month += 1) {
      if (monthly[month] >= 0) {
        var before = monthly[month - 1];
        return tidy((month - 1) + (-before) / (monthly[month] - before));
      }
    }
    return null;
  }

  function tidy(value) { return value + 0; }

  /* A result for the figures, in a scenario ({benefits, costs} factors) when one is given, or null when they are out
     of range: an amount (after the scenario's factor), or the return, that is no number or beyond
     model.largest_amount (OutOfRange in breakeven.py). */
  function breakEven(model, values, scenario) {
    var inRange = function (value) { return Math.abs(value) <= model.largest_amount; };
    var amountsOf = function (items, factor) {
      return items.map(function (item) { return evaluate(item.formula, values) * factor; });
    };
    var costs = amountsOf(model.costs, scenario ? scenario.costs : 1);
    var benefits = amountsOf(model.benefits, scenario ? scenario.benefits : 1);
    if (!costs.concat(benefits).every(inRange)) { return null; }
    var monthly = [];
    var paid = [];
    var gained = [];
    var net = 0;
    var totalCosts = 0;
    for (var month = 0; month <= model.horizon; month += 1) {
      gained.push(monthTotal(model.benefits, benefits, month));
      paid.push(monthTotal(model.costs, costs, month));
      totalCosts += paid[month];
      net += gained[month] - paid[month];
      monthly.push(tidy(net));
    }
    var roi = totalCosts === 0 ? null : 100 * monthly[monthly.length - 1] / totalCosts;
    if (roi !== null && !inRange(roi)) { return null; }
    return {
      monthly: monthly,
      paid: paid.map(tidy),
      gained: gained.map(tidy),
      break_even_month: breakEvenMonth(monthly),
      net_at_horizon: monthly[monthly.length - 1],
      roi_percent: roi === null ? null : tidy(roi),
      costs: costs.map(tidy),
      benefits: benefits.map(tidy)
    };
  }

  /* The outlook (generator/compute/outlook.py), its steps in its order. */

  /* x ** (1 / 12) by Newton's method in + - * / only (twelfth_root): exact alike in every browser and in Python. */
  function twelfthRoot(x, steps) {
    var root = 1 + (x - 1) / 12;
    for (var step = 0; step < steps; step += 1) {
      var power = root;
      for (var times = 0; times < 10; times += 1) { power = power * root; }
      root = (11 * root + x / power) / 12;
    }
    return root;
  }

  function discountedNet(result, growth) {
    var discount = 1;
    var total = 0;
    var running = [];
    for (var month = 0; month < result.monthly.length; month += 1) {
      if (month > 0) { discount = discount * growth; }
      total = total + (result.gained[month] - result.paid[month]) / discount;
      running.push(tidy(total));
    }
    return running;
  }

  function waitingCosts(model, result) {
    var net = result.monthly;
    var horizon = model.horizon;
    return model.outlook.waiting_months.filter(function (months) { return months < horizon; }).map(function (months) {
      return { months: months, cost: tidy(net[horizon] - net[horizon - months]) };
    });
  }

  /* One input at a share of its value, clipped to its range as min(max(v * share, min), max) is in Python. */
  function moved(spec, value, share) {
    var shifted = value * share;
    var clipped = spec.min > shifted ? spec.min : shifted;
    return spec.max < clipped ? spec.max : clipped;
  }

  /* Every input's net at the horizon at the low and the high share, widest swing first (a stable sort, as Python's);
     null when any of them is out of range. */
  function sensitivity(model, values) {
    var entries = [];
    for (var index = 0; index < model.inputs.length; index += 1) {
      var spec = model.inputs[index];
      var nets = [model.outlook.low_share, model.outlook.high_share].map(function (share) {
        var changed = Object.assign(Object.create(null), values);
        changed[spec.id] = moved(spec, values[spec.id], share);
        var result = breakEven(model, changed);
        return result === null ? null : result.net_at_horizon;
      });
      if (nets[0] === null || nets[1] === null) { return null; }
      entries.push({ input: spec.id, low: nets[0], high: nets[1], swing: Math.abs(nets[1] - nets[0]) });
    }
    return entries.sort(function (one, other) { return one.swing > other.swing ? -1 : one.swing < other.swing ? 1 : 0; });
  }

  /* The whole model for the figures, or null when any case of it is out of range (the same on every surface). */
  function outlook(model, values) {
    var result = breakEven(model, values);
    if (result === null) { return null; }
    var discounted = discountedNet(result, twelfthRoot(1 + model.outlook.discount_rate / 100, model.outlook.root_steps));
    var waiting = waitingCosts(model, result);
    var scenarios = [];
    for (var index = 0; index < model.outlook.scenarios.length; index += 1) {
      var scenario = model.outlook.scenarios[index];
      var outcome = breakEven(model, values, scenario);
      if (outcome === null) { return null; }
      scenarios.push({ id: scenario.id, result: outcome });
    }
    var moving = sensitivity(model, values);
    if (moving === null) { return null; }
    return {
      result: result,
      waiting: waiting,
      scenarios: scenarios,
      discounted: discounted,
      npv: discounted[discounted.length - 1],
      discounted_break_even_month: breakEvenMonth(discounted),
      sensitivity: moving
    };
  }

  /* The page. */

  function formats(locale, currency) {
    var money = new Intl.NumberFormat(locale, { style: "currency", currency: currency, maximumFractionDigits: 0, minimumFractionDigits: 0, signDisplay: "negative" });
    var months = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "negative" });
    var percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0, signDisplay: "negative" });
    return {
      money: function (value) { return money.format(value); },
      months: function (value) { return months.format(value); },
      percent: function (value) { return percent.format(value / 100); }
    };
  }

  function inRange(spec, value) {
    return value !== null && value >= spec.min && value <= spec.max;
  }

  function setUp(form) {
    var model = JSON.parse(form.getAttribute("data-decide-calculator"));
    var words = JSON.parse(form.getAttribute("data-decide-words"));
    var format = formats(model.locale, model.currency);
    var values = Object.create(null);
    var fields = new Map();
    var article = form.parentElement.closest("article") || document;
    model.inputs.forEach(function (spec) {
      values[spec.id] = spec.default;
      fields.set(spec.id, window.decide.controls(form, spec.id)[0]);
    });

    function field(spec) { return fields.get(spec.id); }

    function markValidity(spec, valid) {
      var input = field(spec);
      var error = document.getElementById("error-" + spec.id);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== error.id; });
      if (!valid) { described.push(error.id); }
      input.setAttribute("aria-describedby", described.join(" "));
      input.setAttribute("aria-invalid", valid ? "false" : "true");
      error.hidden = valid;
    }

    function takeFromAddress() {
      var query = new URLSearchParams(location.search);
      var ignored = [];
      model.inputs.forEach(function (spec) {
        if (!query.has(spec.id)) { return; }
        var value = window.decide.typedNumber(query.get(spec.id));
        if (inRange(spec, value)) {
          values[spec.id] = value;
          field(spec).value = String(value);
        } else {
          ignored.push(field(spec).labels[0].textContent.trim());
        }
      });
      var known = model.inputs.map(function (spec) { return spec.id; });
      var unknown = Array.from(query.keys()).filter(function (name) { return known.indexOf(name) === -1 && !window.decide.isCampaign(name); });
      if (unknown.length) { ignored.push(window.decide.say(words, "unknown_values", { num: new Intl.NumberFormat(model.locale).format(unknown.length) }, unknown.length)); }
      if (ignored.length) {
        form.querySelector("[data-decide-notice-names]").textContent = ignored.join("; ");
        form.querySelector("[data-decide-notice]").hidden = false;
      }
    }

    /* A cost of waiting (data-positive) that is not above 0 reads as its none words, in the same place. */
    function showOutput(element, value) {
      element.setAttribute("data-value", value === null ? "" : String(value));
      var shown = element.hasAttribute("data-positive") && !(value > 0) ? null : value;
      var none = element.querySelector("[data-when='none']");
      var zero = element.querySelector("[data-when='zero']");
      var number = element.querySelector("[data-when='number']") || element;
      if (none) { none.hidden = shown !== null; }
      if (zero) { zero.hidden = shown !== 0; }
      number.hidden = shown === null || Boolean(zero && shown === 0);
      if (shown !== null) { element.querySelector("[data-number]").textContent = format[element.getAttribute("data-format")](shown); }
    }

    /* Every figure the page shows, by the name its data-output carries: the expected result's, then the outlook's. */
    function figuresOf(found) {
      var result = found.result;
      var shown = {
        break_even_month: result.break_even_month,
        net_at_horizon: result.net_at_horizon,
        roi_percent: result.roi_percent,
        npv: found.npv,
        discounted_break_even_month: found.discounted_break_even_month
      };
      found.waiting.forEach(function (waiting) { shown["waiting:" + waiting.months] = waiting.cost; });
      found.scenarios.forEach(function (outcome) {
        ["break_even_month", "net_at_horizon", "roi_percent"].forEach(function (name) {
          shown["scenario:" + outcome.id + ":" + name] = outcome.result[name];
        });
      });
      found.sensitivity.forEach(function (entry) {
        shown["sensitivity:" + entry.input + ":low"] = entry.low;
        shown["sensitivity:" + entry.input + ":high"] = entry.high;
      });
      return shown;
    }

    function showEither(name, some) {
      article.querySelectorAll("[data-" + name + "='some']").forEach(function (part) { part.hidden = !some; });
      article.querySelectorAll("[data-" + name + "='none']").forEach(function (part) { part.hidden = some; });
    }

    /* "What moves the result most": the inputs in the order of their swing, the widest few that move it at all shown
       (Outlook.most_moving). */
    function showMoving(found) {
      var list = article.querySelector("ol[data-moving]");
      if (!list) { return; }
      var moving = found.sensitivity.slice(0, model.outlook.most_moving).filter(function (entry) { return entry.swing > 0; });
      var shown = moving.map(function (entry) { return entry.input; });
      found.sensitivity.forEach(function (entry) {
        var item = list.querySelector("[data-sensitivity='" + entry.input + "']");
        item.hidden = shown.indexOf(entry.input) === -1;
        list.appendChild(item);
      });
      showEither("moving", moving.length > 0);
    }

    function showExplanation(result) {
      var outcome = result.break_even_month === null ? "not-paid-back" : result.break_even_month === 0 ? "paid-at-start" : "paid-back";
      article.querySelectorAll("[data-explanation]").forEach(function (sentence) {
        sentence.hidden = sentence.getAttribute("data-explanation") !== outcome;
      });
      fill("payback_month", result.break_even_month === null ? "" : String(Math.ceil(result.break_even_month)));
      fill("start", format.money(result.monthly[0]));
      fill("net_at_horizon", format.money(result.net_at_horizon));
    }

    function fill(name, text) {
      article.querySelectorAll("[data-fill='" + name + "']").forEach(function (slot) { slot.textContent = text; });
    }

    function showWorkings(result) {
      ["costs", "benefits"].forEach(function (side) {
        result[side].forEach(function (amount, index) {
          var cell = article.querySelector("[data-item='" + side + "-" + index + "']");
          if (cell) { cell.textContent = format.money(amount + 0); }
        });
      });
    }

    /* As cumulative_chart in compute/chart.py: the scale takes in the scenarios' band as well as the line. */
    function drawChart(found) {
      var result = found.result;
      var svg = article.querySelector("svg[data-plot]");
      if (!svg) { return; }
      var plot = svg.getAttribute("data-plot").split(" ").map(Number);
      var series = [result.monthly].concat(found.scenarios.map(function (outcome) { return outcome.result.monthly; }));
      var everything = Array.prototype.concat.apply([0], series);
      var highest = Math.max.apply(null, everything);
      var lowest = Math.min.apply(null, everything);
      if (highest === lowest) { highest = lowest + 1; }
      var place = function (month, value) {
        var x = plot[0] + month * plot[2] / model.horizon;
        var y = plot[1] + (highest - value) * plot[3] / (highest - lowest);
        /* To COORDINATE_DECIMALS (2) as in compute/chart.py. */
        return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
      };
      svg.querySelector("[data-chart='net']").setAttribute("points", result.monthly.map(function (value, month) {
        return place(month, value).join(",");
      }).join(" "));
      var band = svg.querySelector("[data-chart='band']");
      if (band) { band.setAttribute("points", bandPoints(series.slice(1), place)); }
      var zero = place(0, 0)[1];
      var axis = svg.querySelector("[data-chart='zero']");
      axis.setAttribute("y1", zero);
      axis.setAttribute("y2", zero);
      var mark = svg.querySelector("[data-chart='break-even']");
      if (result.break_even_month === null) {
        mark.setAttribute("visibility", "hidden");
      } else {
        /* Inside the plot, as PlotArea.inside in compute/chart.py: the labels are all outside it. */
        var point = place(result.break_even_month, 0);
        point = [Math.min(Math.max(point[0], plot[0]), plot[0] + plot[2]), Math.min(Math.max(point[1], plot[1]), plot[1] + plot[3])];
        mark.removeAttribute("visibility");
        mark.querySelector("line").setAttribute("x1", point[0]);
        mark.querySelector("line").setAttribute("x2", point[0]);
        mark.querySelector("circle").setAttribute("cx", point[0]);
        mark.querySelector("circle").setAttribute("cy", point[1]);
      }
      svg.querySelector("[data-chart='highest']").textContent = format.money(highest);
      svg.querySelector("[data-chart='lowest']").textContent = format.money(lowest);
    }

    /* band_points in compute/chart.py: each month's highest scenario from month 0 to H, then each month's lowest back. */
    function bandPoints(scenarios, place) {
      var upper = [];
      var lower = [];
      scenarios[0].forEach(function (_, month) {
        var values = scenarios.map(function (monthly) { return monthly[month]; });
        upper.push(place(month, Math.max.apply(null, values)).join(","));
        lower.unshift(place(month, Math.min.apply(null, values)).join(","));
      });
      return upper.concat(lower).join(" ");
    }

    function shareableAddress() {
      var query = window.decide.campaignQuery();
      model.inputs.forEach(function (spec) { query.set(spec.id, String(values[spec.id])); });
      return location.origin + location.pathname + "?" + query.toString();
    }

    function mailBody(headline) {
      var lines = [document.title.split(" - ")[0], ""];
      model.inputs.forEach(function (spec) {
        lines.push(field(spec).labels[0].textContent.trim() + ": " + values[spec.id]);
      });
      lines.push("");
      lines.push(headline);
      article.querySelectorAll(".decide-calculator__figures > div").forEach(function (pair) {
        var shown = pair.querySelector("dd [data-when]:not([hidden])") || pair.querySelector("dd");
        lines.push(pair.querySelector("dt").textContent.trim() + ": " + shown.textContent.trim());
      });
      lines.push("", shareableAddress());
      return lines.join("\n");
    }

    var action = article.querySelector("[data-next-action]");
    var mailto = action && /^mailto:/i.test(action.getAttribute("href")) ? action.getAttribute("href") : null;

    function carryInMail() {
      if (!mailto) { return; }
      var parts = mailto.split("?");
      var query = new URLSearchParams(parts[1] || "");
      var headline = article.querySelector("[data-explanation]:not([hidden])").textContent.trim();
      var subject = query.get("subject");
      query.set("subject", (subject ? subject + ": " : "") + headline);
      query.set("body", mailBody(headline));
      action.setAttribute("href", parts[0] + "?" + query.toString().replace(/\+/g, "%20"));
    }

    /* The address follows the figures once typing pauses: rewriting it on every keystroke costs the
       browser more than the whole calculation. */
    var addressUpdate = null;
    function keepInAddress() {
      window.clearTimeout(addressUpdate);
      addressUpdate = window.setTimeout(function () {
        history.replaceState(null, "", shareableAddress().slice(location.origin.length) + location.hash);
      }, ADDRESS_DELAY_MS);
    }

    /* Out of range, the page shows the notice and no result at all, rather than numbers that are not numbers. */
    function showOutOfRange(outOfRange) {
      article.querySelectorAll("[data-decide-out-of-range], [data-summary-out-of-range]").forEach(function (notice) { notice.hidden = !outOfRange; });
      article.querySelectorAll("[data-decide-results], [data-decide-workings], [data-summary-result]").forEach(function (part) { part.hidden = outOfRange; });
    }

    /* The summary that stays in view while the prospect types (it is the page's one live region): the result's
       sentence and net, copied from where recompute has just written them. */
    function showSummary() {
      var summary = form.querySelector("[data-decide-summary]");
      if (!summary) { return; }
      summary.querySelector("[data-summary='headline']").textContent = article.querySelector("[data-decide-results] [data-explanation]:not([hidden])").textContent.trim();
      summary.querySelector("[data-summary='net']").textContent = article.querySelector("[data-output='net_at_horizon'] [data-number]").textContent.trim();
    }

    function recompute() {
      var found = outlook(model, values);
      showOutOfRange(found === null);
      if (found === null) { return; }
      var shown = figuresOf(found);
      article.querySelectorAll("[data-output]").forEach(function (element) {
        showOutput(element, shown[element.getAttribute("data-output")]);
      });
      showMoving(found);
      showExplanation(found.result);
      showWorkings(found.result);
      drawChart(found);
      carryInMail();
      showSummary();
    }

    form.addEventListener("input", function (event) {
      var spec = model.inputs.filter(function (candidate) { return candidate.id === event.target.name; })[0];
      if (!spec) { return; }
      var value = window.decide.typedNumber(event.target.value);
      var valid = inRange(spec, value);
      markValidity(spec, valid);
      if (valid) {
        values[spec.id] = value;
        keepInAddress();
        recompute();
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var status = form.querySelector("[data-decide-copy-status]");
    form.querySelector("[data-decide-copy-link]").addEventListener("click", function () {
      var address = shareableAddress();
      var box = form.querySelector("[data-decide-link-box]");
      var shown = form.querySelector("[data-decide-link]");
      shown.value = address;
      var offer = function () {
        box.hidden = false;
        shown.focus();
        shown.select();
        status.textContent = window.decide.say(words, "select_link");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(address).then(function () { status.textContent = window.decide.say(words, "link_copied"); }, offer);
      } else {
        offer();
      }
    });

    takeFromAddress();
    window.decide.showForm(form, true);
    var defaults = article.querySelector("[data-decide-defaults]");
    if (defaults) { defaults.hidden = true; }
    recompute();
  }

  window.decide.onEveryPage(function () {
    document.querySelectorAll("form[data-decide-calculator]").forEach(setUp);
  });
}());
