"""Generated content for benchmarks: an invented company at three sizes, every entry its own.

    .venv/bin/python bench/content.py --size S|M|L --out DIR

writes a content folder that passes `decide check` with no errors and no warnings:

| size | offerings | problems | reasons | mistakes | calculators | selectors |
| ---- | --------- | -------- | ------- | -------- | ----------- | --------- |
| S    | 5         | 5        | 100     | 15       | 2           | 1         |
| M    | 40        | 15       | 1,000   | 80       | 10          | 3         |
| L    | 200       | 50       | 10,000  | 400      | 40          | 5         |

plus the site, its brand, six actions and the relationship assessment. Names, results, stories
and formulas differ from entry to entry (drawn from word lists by a seeded generator), so no cache
of repeated text or repeated pages can hide work a real catalog of that size would cost. The same
size always gives the same bytes: a benchmark run is repeatable, and a test can compare two runs.

`write_content(size, out)` does the same from Python, for tests and the other bench scripts.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Size:
    offerings: int
    problems: int
    reasons: int
    mistakes: int
    calculators: int
    selectors: int


SIZES = {
    "S": Size(offerings=5, problems=5, reasons=100, mistakes=15, calculators=2, selectors=1),
    "M": Size(offerings=40, problems=15, reasons=1_000, mistakes=80, calculators=10, selectors=3),
    "L": Size(offerings=200, problems=50, reasons=10_000, mistakes=400, calculators=40, selectors=5),
}

COMPANY = "Brackenridge Supply Systems"
SITE_URL = "https://brackenridge.example"

# Each process is what a problem is about and what an offering improves: (name, what is counted in it, a plausible count before).
PROCESSES = [
    ("month-end close", "working days to close the month", (6, 20)),
    ("order picking", "mis-picked order lines", (40, 900)),
    ("goods-in", "hours to put a delivery away", (3, 12)),
    ("delivery planning", "late deliveries", (20, 300)),
    ("stocktakes", "days of warehouse closure", (2, 6)),
    ("supplier invoices", "invoices waiting for approval", (80, 900)),
    ("price updates", "orders sent at an old price", (20, 400)),
    ("customer returns", "returns waiting to be credited", (30, 500)),
    ("credit control", "days to collect an invoice", (35, 90)),
    ("payroll", "hours of payroll corrections", (6, 60)),
    ("quoting", "hours to send a quote", (3, 30)),
    ("van loading", "mis-loaded pallets", (10, 120)),
    ("customer onboarding", "days to open an account", (5, 30)),
    ("purchase orders", "purchase orders raised by hand", (100, 1500)),
    ("quality checks", "batches held for rework", (8, 90)),
    ("shift planning", "hours of overtime", (40, 400)),
    ("tender responses", "hours per tender", (20, 120)),
    ("cash forecasting", "days of cash forecast", (7, 60)),
    ("fleet maintenance", "vehicles off the road", (4, 30)),
    ("label printing", "relabelled parcels", (40, 600)),
    ("kitting", "minutes to gather a kit", (15, 60)),
    ("sales reporting", "hours spent on weekly reports", (6, 40)),
    ("warranty claims", "claims older than a month", (20, 300)),
    ("customs paperwork", "consignments held at the border", (5, 80)),
    ("cycle counts", "locations with a wrong count", (30, 400)),
]

PROBLEM_PATTERNS = [
    ("{P} takes far too long", "Every {p} drags on for days longer than it should, and the people doing it have no time left for anything else."),
    ("Mistakes in {p} reach our customers", "Errors made during {p} are found by customers rather than by us, and each one costs a phone call, a credit and some goodwill."),
    ("{P} depends on one person", "Only one colleague really knows how {p} works, so holidays, sick days and a resignation letter all put it at risk."),
    ("Nobody trusts the figures from {p}", "The numbers that come out of {p} are checked, re-keyed and argued about before anyone dares to act on them."),
]

OFFERING_FIRST = [
    "Scan",
    "Stock",
    "Route",
    "Dock",
    "Ledger",
    "Shift",
    "Yard",
    "Cycle",
    "Order",
    "Price",
    "Supplier",
    "Returns",
    "Cash",
    "Payroll",
    "Fleet",
    "Forecast",
    "Quality",
    "Kit",
    "Label",
    "Tender",
]
OFFERING_SECOND = ["Planner", "Assist", "Tracker", "Desk", "Coach", "Care", "Check", "Flow", "Board", "Guard", "Link", "Review"]
OFFERING_KINDS = [
    "software that takes the routine work of {p} off your team",
    "hands-on coaching that turns {p} into a routine anyone can follow",
    "a managed service that runs {p} for you and reports every week",
    "handheld devices and guided screens that check each step of {p}",
]
OPTIONS = [
    ("starter", "Starter", "one team or one site, so you can prove the approach on your busiest work first"),
    ("standard", "Standard", "every team at one site, with set-up, training and support included"),
    ("multi-site", "Multi-site", "several sites planned and reported together, with one view of the figures"),
    ("managed", "Managed", "our people run it for you day to day and send you a short weekly report"),
    ("workshop", "Workshop", "a one-day session on site that ends with a mapped process and a list of fixes"),
]
OWNERS = [
    "Your operations manager",
    "Your finance lead",
    "A Brackenridge consultant",
    "Your warehouse lead",
    "The Brackenridge onboarding team",
    "Your team leaders with a Brackenridge coach",
    "Your systems lead",
]
STEPS = [
    "Walk through how {p} runs today and agree what to measure",
    "Connect {o} to your existing systems and load a month of history",
    "Train the people who do {p}, one team at a time",
    "Run {o} alongside the old way for two cycles and compare",
    "Go live and review the figures together every fortnight",
]

INDUSTRIES = [
    "Plumbing supplies wholesale",
    "Pharmaceutical wholesale",
    "Electrical wholesale",
    "Auto parts distribution",
    "Food distribution",
    "Building supplies",
    "Industrial fasteners",
    "Medical consumables distribution",
    "Garden products wholesale",
    "Beverage distribution",
    "Furniture manufacturing",
    "Packaging supplies",
    "Office supplies",
    "Catering equipment",
    "Agricultural supplies",
    "Textile wholesale",
    "Toy distribution",
    "Pet food wholesale",
    "Bicycle parts",
    "Cleaning products",
    "Safety equipment",
    "Paint and coatings",
    "Timber merchant",
    "Frozen food logistics",
    "Craft brewing",
    "Printing and signage",
    "Laboratory supplies",
    "Hair and beauty wholesale",
    "Marine chandlery",
    "Stationery wholesale",
    "Ceramic tiles",
    "Lighting wholesale",
    "Musical instruments",
    "Outdoor clothing",
    "Vending services",
    "Specialty chemicals",
    "Bakery wholesale",
    "Wine importing",
    "Hardware distribution",
    "Heating and ventilation supplies",
]
SOURCES = ["marketing", "sales", "service", "customer"]
PERIODS = [
    "in the first three months",
    "within six months",
    "over a full quarter",
    "by the end of the first year",
    "within eight weeks",
    "after the first two cycles",
    "across the busy season",
    "over the following year",
]
SITUATIONS = [
    "{P} was run from a shared spreadsheet that three people edited and nobody fully trusted.",
    "Before the change, {p} relied on paper lists and the memory of two long-serving staff.",
    "The team handled {p} by e-mail, so every question meant a search through old threads.",
    "Each branch ran {p} its own way, and head office spent days reconciling the results.",
    "Growth had doubled the volume of {p} while the team doing it stayed the same size.",
    "Figures for {p} were typed in twice, once on the floor and again in the office.",
    "Customers complained most about {p}, and the account managers heard it every week.",
    "A new system had gone live, but {p} still happened outside it, on a whiteboard.",
    "The finance director could not say what {p} cost, only that it kept getting worse.",
    "Seasonal peaks turned {p} into a scramble, with temporary staff learning on the job.",
]
CHANGES = [
    "With {o} the work follows one routine, and each step is checked as it is done.",
    "{o} now prepares the routine part overnight, so the team starts the day on the exceptions.",
    "The {option} option of {o} was set up in a fortnight, starting with the busiest team.",
    "{o} shows everyone the same figures, updated as the work happens rather than at the week's end.",
    "The team rewrote the process with a Brackenridge coach and then moved it into {o}.",
    "Every exception is now flagged by {o} on the day it happens, with the person who owns it named.",
    "{o} replaced the spreadsheet, and its weekly report replaced the Monday meeting.",
    "New starters learn {p} from the screens in {o} instead of shadowing a colleague for weeks.",
]
OUTCOMES = [
    "The time saved went into calling customers before they had to call in.",
    "Two people moved from checking work to improving it.",
    "The managing director now reads the figures on Monday morning instead of Thursday afternoon.",
    "Overtime in the peak month fell to a handful of hours.",
    "Customers noticed first: complaints about it all but stopped within a quarter.",
    "The next branch to adopt it went live in half the time.",
    "The auditors signed off the year without a single query about it.",
    "Staff turnover in the team fell, because the worst part of the job had gone.",
]
MISTAKE_PATTERNS = [
    (
        "Fixing {p} with one more spreadsheet",
        "The new sheet becomes one more copy of the truth, and {p} now has two places to go wrong.",
        "Agree one place where {p} is recorded, and retire the copies as soon as it works.",
    ),
    (
        "Leaving {p} to the newest starter",
        "Errors in {p} rise every time someone leaves, because nothing was ever written down.",
        "Write the routine for {p} down with the person who does it best, and train two people on it.",
    ),
    (
        "Buying software for {p} before mapping how it runs",
        "The software automates today's detours, so {p} becomes faster at going wrong.",
        "Map {p} step by step first, remove the steps nobody needs, and only then choose the tool.",
    ),
    (
        "Measuring {p} once a year",
        "Problems in {p} pile up for months before anyone sees them in the figures.",
        "Pick one figure for {p}, measure it every week, and put it where the whole team can see it.",
    ),
    (
        "Skipping training on {p} in the busy season",
        "The people who most need the routine for {p} learn it from whoever is nearest.",
        "Train on {p} in the quiet weeks before the peak, and keep a one-page guide at every desk.",
    ),
    (
        "Letting every branch run {p} its own way",
        "Head office cannot compare branches, and good ideas for {p} never travel.",
        "Choose the best branch's routine for {p}, agree it with the others and review it each quarter.",
    ),
    (
        "Waiting for the auditors to find errors in {p}",
        "By the time the audit finds them, the errors in {p} have cost a year of money.",
        "Check a small sample of {p} every week, and fix the cause the day a mistake is found.",
    ),
    (
        "Copying figures for {p} by hand between systems",
        "Every copy is a chance for a typing mistake, and nobody knows which figure for {p} is right.",
        "Connect the systems so figures for {p} are entered once, where the work happens.",
    ),
]
MISTAKE_CONTEXTS = ["", " in a growing team", " across several sites", " after a new system goes live", " to save money"]

# Metrics: (the metric's unit, what the result sentence says changed, before range, direction, how figures read).
METRIC_KINDS = [
    ("{measure}", "{measure}", None, -1, "count"),
    ("GBP per month on {p}", "what it spent each month on {p}", (2_000, 60_000), -1, "money"),
    ("percentage points of {p} done right first time", "the share of {p} done right first time", (60, 92), +1, "percent"),
    ("hours per week on {p}", "the hours spent on {p} each week", (10, 160), -1, "count"),
]
SHOWN = {"count": "{}", "money": "£{}", "percent": "{}%"}


def write_content(size: str, out: Path) -> None:
    """Writes the content of ``size`` (S, M or L) into ``out``, which must not hold content already."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    catalog = _Catalog(SIZES[size], random.Random(f"decide-bench-{size}"))
    for relative, value in catalog.files():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, str):
            path.write_text(value, encoding="utf-8")
        else:
            path.write_text(_dump(value), encoding="utf-8")


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as a literal block, the way a marketer writes a Markdown body."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def _dump(value: object) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _filled(template: str, process: str, **names: str) -> str:
    return template.format(p=process, P=process[0].upper() + process[1:], **names)


def _number(value: float) -> float | int:
    """A whole number as YAML writes it whole (12, not 12.0), as a marketer would."""
    return int(value) if value == int(value) else value


def _figure(value: float) -> str:
    """A figure as a result sentence writes it: thousands separated, no trailing .0."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


@dataclass(frozen=True)
class _Offering:
    id: str
    name: str
    process: str
    measure: str
    before: tuple[int, int]
    problems: list[str]
    options: list[str]


class _Catalog:
    """One company's content, drawn in a fixed order from one seeded generator."""

    def __init__(self, size: Size, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self.actions = ["book-call", "request-proposal", "visit-site", "read-guide", "join-webinar", "try-demo"]
        self.problems = [self._problem(number) for number in range(size.problems)]
        self.offerings = [self._offering(number) for number in range(size.offerings)]

    def files(self) -> list[tuple[str, object]]:
        files: list[tuple[str, object]] = [("site.yml", self._site()), *self._brand(), *self._actions(), ("relationship.yml", self._relationship())]
        files += [(f"problems/{problem_id}.yml", problem) for problem_id, problem, _ in self.problems]
        files += [(f"offerings/{offering.id}.yml", self._offering_file(number, offering)) for number, offering in enumerate(self.offerings)]
        files += self._reasons()
        files += self._mistakes()
        files += [(f"calculators/{self.offerings[number].id}-payback.yml", self._calculator(number)) for number in range(self.size.calculators)]
        files += [(f"selectors/{file}.yml", selector) for file, selector in map(self._selector, range(self.size.selectors))]
        return files

    def _site(self) -> dict[str, object]:
        return {
            "name": COMPANY,
            "locale": "en-GB",
            "currency": "GBP",
            "action": "book-call",
            "tagline": "Systems, devices and coaching that make a distributor's routine work run itself.",
            "brand": {"logo": "brand/logo.svg", "favicon": "brand/favicon.svg", "primary": "#23507a", "accent": "#9a3f12"},
            "footer": {
                "address": "17 Tannery Row, Kendal LA9 4QT",
                "phone": "+44 1539 496 310",
                "email": "hello@brackenridge.example",
                "links": [{"label": "Privacy policy", "url": f"{SITE_URL}/privacy"}],
            },
        }

    def _brand(self) -> list[tuple[str, object]]:
        logo = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 260 48" width="260" height="48" role="img" aria-label="Brackenridge">\n'
            "  <title>Brackenridge</title>\n"
            '  <rect x="2" y="2" width="44" height="44" rx="8" fill="#23507a"/>\n'
            '  <text x="56" y="32" font-family="sans-serif" font-size="22" fill="#23507a">Brackenridge</text>\n'
            "</svg>\n"
        )
        favicon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#23507a"/></svg>\n'
        return [("brand/logo.svg", logo), ("brand/favicon.svg", favicon)]

    def _actions(self) -> list[tuple[str, object]]:
        labels = {
            "book-call": ("Book a 20-minute call", "Let's talk"),
            "request-proposal": ("Request a written proposal", "Send me a proposal"),
            "visit-site": ("See it running at a customer's site", "Let's meet"),
            "read-guide": ("Read the practical guide", "I'll read more"),
            "join-webinar": ("Join the monthly live demonstration", "read"),
            "try-demo": ("Try it on your own figures for a month", "meet"),
        }
        return [(f"actions/{action}.yml", {"label": label, "url": f"{SITE_URL}/{action}", "threshold": threshold}) for action, (label, threshold) in labels.items()]

    def _relationship(self) -> dict[str, object]:
        levels = [
            ("supplier", "Supplier", "We buy from Brackenridge when we need something and judge them on price."),
            ("preferred-supplier", "Preferred supplier", "Brackenridge is the first company we call, because they deliver what they promise."),
            ("problem-solver", "Problem solver", "When something is not working we bring Brackenridge in to find the cause with us."),
            ("trusted-adviser", "Trusted adviser", "We ask Brackenridge's view before we change a process, and they tell us plainly."),
            ("partner", "Partner", "We plan the year with Brackenridge and measure the results together."),
        ]
        return {
            "title": "How well are we working together?",
            "levels": [{"id": id_, "name": name, "description": text} for id_, name, text in levels],
            "questions": [
                {"text": "Where is our relationship today?", "answer": "level"},
                {"text": "Where would you like it to be?", "answer": "level"},
                "What would have to change to get there?",
            ],
            "touchpoints": [
                {"name": name, "description": text}
                for name, text in [
                    ("Sales", "Calls, visits and proposals before you buy."),
                    ("Onboarding", "Setting up, moving your data across and training your staff."),
                    ("Support", "Help when something goes wrong."),
                    ("Invoicing", "Clear, correct invoices."),
                ]
            ],
            "action": "book-call",
        }

    def _problem(self, number: int) -> tuple[str, dict[str, object], str]:
        process = PROCESSES[number % len(PROCESSES)][0]
        name, summary = PROBLEM_PATTERNS[(number + number // len(PROCESSES)) % len(PROBLEM_PATTERNS)]
        body = (
            f"{_filled(SITUATIONS[number % len(SITUATIONS)], process)} "
            f"{_filled(SITUATIONS[(number * 3 + 1) % len(SITUATIONS)], process)}\n\n"
            f"The cost is rarely written down: it shows up as overtime, credit notes and customers who quietly order "
            f"elsewhere. Problem {number + 1} of the catalog, it is felt first by whoever does {process} on a Friday afternoon.\n"
        )
        title = _filled(name, process)
        return _slug(title), {"name": title, "summary": _filled(summary, process), "body": body}, process

    def _offering(self, number: int) -> _Offering:
        first = OFFERING_FIRST[number % len(OFFERING_FIRST)]
        second = OFFERING_SECOND[(number // len(OFFERING_FIRST) + number % len(OFFERING_FIRST)) % len(OFFERING_SECOND)]
        name = f"{first} {second}"
        count = len(self.problems)
        solved = sorted({number % count, (number * 7 + 3) % count}, key=lambda index: (index != number % count, index))
        process = self.problems[solved[0]][2]
        _, measure, before = next(entry for entry in PROCESSES if entry[0] == process)
        options = [OPTIONS[(number + shift) % len(OPTIONS)][0] for shift in range(2 + number % 2)]
        return _Offering(_slug(name), name, process, measure, before, [self.problems[index][0] for index in solved], options)

    def _offering_file(self, number: int, offering: _Offering) -> dict[str, object]:
        kind = _filled(OFFERING_KINDS[number % len(OFFERING_KINDS)], offering.process)
        options = {option_id: (name, text) for option_id, name, text in OPTIONS}
        body = (
            f"{offering.name} is {kind}. It was built with customers who found that {offering.process} took more of "
            f"their week than any other routine job.\n\n"
            "What changes for you:\n\n"
            f"- Fewer {offering.measure}, measured from the first month.\n"
            f"- The routine for {offering.process} is written down and shared, not kept in one head.\n"
            "- Managers see the week's figures on Monday morning.\n"
        )
        return {
            "name": offering.name,
            "summary": f"{kind[0].upper()}{kind[1:]}, so {offering.process} stops costing you {offering.measure}.",
            "problems": offering.problems,
            "action": self.actions[number % len(self.actions)],
            "body": body,
            "options": [{"id": option_id, "name": options[option_id][0], "summary": f"{offering.name} for {options[option_id][1]}."} for option_id in offering.options],
            "implementation": [
                {
                    "step": _filled(STEPS[step], offering.process, o=offering.name),
                    "owner": OWNERS[(number + step) % len(OWNERS)],
                    "weeks": 1 + (number + step) % 4,
                }
                for step in range(3 + number % 3)
            ],
        }

    def _reasons(self) -> list[tuple[str, object]]:
        each = self.size.reasons // self.size.offerings
        used: set[str] = set()
        files: list[tuple[str, object]] = []
        for number, offering in enumerate(self.offerings):
            partner = self.offerings[(number + 1) % len(self.offerings)]
            reasons = [self._reason(offering, partner if index % 9 == 4 else None, index, used) for index in range(each)]
            files.append((f"reasons/{offering.id}.yml", reasons))
        return files

    def _reason(self, offering: _Offering, partner: _Offering | None, index: int, used: set[str]) -> dict[str, object]:
        rng = self.rng
        while True:
            unit_template, what_template, before_range, direction, shown = rng.choice(METRIC_KINDS)
            low, high = before_range or offering.before
            unit = _filled(unit_template, offering.process, measure=offering.measure)
            what = _filled(what_template, offering.process, measure=offering.measure)
            before = rng.randint(low, high)
            share = rng.randint(25, 85) / 100
            after = _number(round(before * (1 - share)) if direction < 0 else round(before + (100 - before) * share, 1))
            staff = rng.choice([12, 18, 25, 30, 40, 55, 60, 75, 90, 110, 130, 180, 220, 350, 480]) + rng.randint(0, 9)
            industry = rng.choice(INDUSTRIES)
            period = rng.choice(PERIODS)
            verb = "cut" if direction < 0 else "raised"
            figures = [SHOWN[shown].format(_figure(figure)) for figure in (before, after)]
            result = f"A {staff}-person {industry[0].lower()}{industry[1:]} business {verb} {what} from {figures[0]} to {figures[1]} {period}."
            if result.lower() not in used:
                used.add(result.lower())
                break
        story = " ".join(
            [
                _filled(rng.choice(SITUATIONS), offering.process),
                _filled(rng.choice(CHANGES), offering.process, o=offering.name, option=rng.choice(offering.options)),
                rng.choice(OUTCOMES),
            ]
        )
        reason: dict[str, object] = {
            "result": result,
            "offerings": [offering.id] + ([partner.id] if partner and partner.id != offering.id else []),
            "problems": offering.problems[: 1 + index % len(offering.problems)],
        }
        if index % 7 != 6:
            reason["metric"] = {
                "value": _number(round(abs(before - after), 1)),
                "unit": unit,
                "before": before,
                "after": after,
                **({"period": period} if index % 3 else {}),
            }
        if index % 5 != 3:
            reason["story"] = story
        reason["customer"] = {"industry": industry, "size": f"{staff} staff"}
        reason["source"] = SOURCES[(index + len(used)) % len(SOURCES)]
        return reason

    def _mistakes(self) -> list[tuple[str, object]]:
        used: set[str] = set()
        by_problem: dict[str, list[dict[str, object]]] = {}
        solvers = {problem_id: [o for o in self.offerings if problem_id in o.problems] for problem_id, _, _ in self.problems}
        for number in range(self.size.mistakes):
            problem_id, _, process = self.problems[number % len(self.problems)]
            variant = number // len(self.problems)
            while True:
                title, consequence, avoid = MISTAKE_PATTERNS[(variant + number) % len(MISTAKE_PATTERNS)]
                context = MISTAKE_CONTEXTS[(variant // len(MISTAKE_PATTERNS)) % len(MISTAKE_CONTEXTS)]
                text = _filled(title, process) + context
                if text not in used:
                    break
                variant += 1
            used.add(text)
            offering = solvers[problem_id][variant % len(solvers[problem_id])]
            mistake: dict[str, object] = {
                "title": text,
                "consequence": _filled(consequence, process),
                "avoid": _filled(avoid, process),
                "problems": [problem_id],
                "offerings": [offering.id],
            }
            if number % 2 == 0:
                mistake["option"] = f"{offering.id}/{offering.options[number % len(offering.options)]}"
            by_problem.setdefault(problem_id, []).append(mistake)
        return [(f"mistakes/{problem_id}.yml", mistakes) for problem_id, mistakes in by_problem.items()]

    def _calculator(self, number: int) -> dict[str, object]:
        offering = self.offerings[number]
        rng = self.rng
        shape = CALCULATOR_SHAPES[number % len(CALCULATOR_SHAPES)]
        figures = {name: rng.randint(low, high) for name, (low, high) in shape["figures"].items()}
        calculator: dict[str, object] = {
            "title": shape["title"].format(o=offering.name),
            "offering": offering.id,
            "intro": f"Enter your own figures for {offering.process}; the defaults are those of a typical customer of {offering.name}.",
            "horizon_months": 24 + 12 * (number % 3),
            "inputs": [dict(item, label=item["label"].format(p=offering.process)) for item in shape["inputs"]],
            "costs": [{"label": label, kind: formula.format(**figures)} for label, kind, formula in shape["costs"]],
            "benefits": [
                {"label": label.format(p=offering.process), "monthly": formula.format(**figures), "ramp_months": 1 + (number + index) % 4} for index, (label, formula) in enumerate(shape["benefits"])
            ],
        }
        if number % 2:
            calculator["action"] = "request-proposal"
        return calculator

    def _selector(self, number: int) -> tuple[str, dict[str, object]]:
        width = min(len(self.offerings), 5 + number % 3)
        chosen = [self.offerings[(number * 7 + index) % len(self.offerings)] for index in range(width)]
        ids = [offering.id for offering in chosen]
        problems = {problem_id: body for problem_id, body, _ in self.problems}
        first_answers = []
        for index, offering in enumerate(chosen):
            first_answers.append(
                {
                    "id": f"{offering.id}-first",
                    "label": str(problems[offering.problems[0]]["name"]) + f" ({offering.process})",
                    "scores": {offering.id: 3, ids[(index + 1) % width]: 1},
                }
            )
        goals = [{"id": f"goal-{offering.id}", "label": f"Fewer {offering.measure}", "scores": {offering.id: 2}} for offering in chosen]
        half = width // 2
        selector = {
            "title": f"Which of {width} services fits you now? ({number + 1})",
            "intro": "A few short questions about your business today; the answer is one service, why it fits and one next step.",
            "offerings": ids,
            "min_score": 2,
            "fallback_action": "book-call",
            "questions": [
                {"id": "problem", "text": "What costs you the most right now?", "kind": "one", "answers": first_answers},
                {"id": "goals", "text": "What should be different six months from now?", "help": "Choose any that apply.", "kind": "many", "answers": goals},
                {
                    "id": "help-kind",
                    "text": "What kind of help would suit you best?",
                    "kind": "one",
                    "answers": [
                        {"id": "software", "label": "Software that does the routine work", "scores": {ids[0]: 1, ids[half]: -1}},
                        {"id": "coaching", "label": "Coaching for our own people", "scores": {ids[half]: 2}},
                        {"id": "managed", "label": "A team that runs it for us", "scores": {ids[-1]: 2, ids[0]: -1}},
                    ],
                },
                {
                    "id": "staff",
                    "text": "How many people work in your business?",
                    "kind": "number",
                    "unit": "people",
                    "min": 1,
                    "max": 5000,
                    "bands": [
                        {"up_to": 20, "scores": {ids[1]: 2}, "excludes": [ids[-1]]},
                        {"up_to": 200, "scores": {ids[2]: 1}},
                        {"scores": {ids[-1]: 2}},
                    ],
                },
            ],
        }
        return f"fit-{number + 1}", selector


CALCULATOR_SHAPES: list[dict] = [
    {
        "title": "When does {o} pay for itself?",
        "figures": {"setup": (1500, 4000), "seat_setup": (80, 200), "seat": (15, 40), "share": (30, 60)},
        "inputs": [
            {"id": "staff", "label": "People who work on {p}", "unit": "number", "default": 10, "min": 1, "max": 500, "step": 1},
            {"id": "hours_each", "label": "Hours each spends on {p} a week", "unit": "hours", "default": 6, "min": 0, "max": 40, "step": 0.5},
            {"id": "hourly_cost", "label": "Hourly cost of those staff, with on-costs", "unit": "money", "default": 24, "min": 8, "max": 150, "step": 0.5},
            {"id": "share_saved", "label": "Share of that time the routine gives back", "unit": "percent", "default": 40, "min": 0, "max": 90, "step": 1},
        ],
        "costs": [
            ("Set-up and training", "once", "{setup} + staff * {seat_setup}"),
            ("Licences and support", "monthly", "staff * {seat}"),
        ],
        "benefits": [("Time on {p} given back", "staff * hours_each * 4.33 * hourly_cost * share_saved / 100")],
    },
    {
        "title": "What do fewer mistakes with {o} save you?",
        "figures": {"base": (2000, 5000), "per_hundred": (300, 900), "floor": (150, 400)},
        "inputs": [
            {"id": "lines", "label": "Order lines handled per working day", "unit": "number", "default": 500, "min": 10, "max": 50000, "step": 10},
            {"id": "error_rate", "label": "Share of lines that go wrong in {p} today", "unit": "percent", "default": 2, "min": 0, "max": 20, "step": 0.1},
            {"id": "cost_per_error", "label": "What one mistake costs you", "unit": "money", "default": 12, "min": 0, "max": 1000, "step": 1},
            {"id": "caught", "label": "Share of mistakes caught before they leave", "unit": "percent", "default": 75, "min": 0, "max": 100, "step": 1},
        ],
        "costs": [
            ("Devices and set-up", "once", "{base} + round(lines / 100, 0) * {per_hundred}"),
            ("Subscription", "monthly", "max(lines * 0.4, {floor})"),
        ],
        "benefits": [("Mistakes in {p} no longer made", "lines * 21.7 * error_rate / 100 * caught / 100 * cost_per_error")],
    },
    {
        "title": "What would {o} be worth to you?",
        "figures": {"setup": (3000, 6000), "per_site": (600, 1500), "base": (250, 450), "extra": (100, 250)},
        "inputs": [
            {"id": "stock_value", "label": "Value of the stock you hold on average", "unit": "money", "default": 900000, "min": 10000, "max": 50000000, "step": 1000},
            {"id": "excess_share", "label": "Share of it that is slow-moving or excess", "unit": "percent", "default": 20, "min": 0, "max": 80, "step": 1},
            {"id": "holding_cost", "label": "Yearly cost of holding stock, as a share of its value", "unit": "percent", "default": 18, "min": 0, "max": 40, "step": 0.5},
            {"id": "lost_sales", "label": "Sales lost each month to {p}", "unit": "money", "default": 5000, "min": 0, "max": 1000000, "step": 100},
            {"id": "margin", "label": "Gross margin on those sales", "unit": "percent", "default": 30, "min": 0, "max": 90, "step": 1},
            {"id": "sites", "label": "Sites you plan for", "unit": "number", "default": 1, "min": 1, "max": 50, "step": 1},
        ],
        "costs": [
            ("Set-up and connection to your systems", "once", "{setup} + sites * {per_site}"),
            ("Subscription", "monthly", "{base} + max(sites - 1, 0) * {extra}"),
            ("Yearly review with a planner", "yearly", "if(sites > 3, 2400, 1200)"),
        ],
        "benefits": [
            ("Lower holding cost as excess stock falls", "stock_value * excess_share / 100 * 0.3 * holding_cost / 100 / 12"),
            ("Margin on sales no longer lost to {p}", "lost_sales * 0.5 * margin / 100"),
        ],
    },
    {
        "title": "How soon do faster routines with {o} pay back?",
        "figures": {"setup": (2000, 5000), "per_person": (40, 80), "target": (3, 5)},
        "inputs": [
            {"id": "days_now", "label": "Working days {p} takes today", "unit": "number", "default": 9, "min": 1, "max": 30, "step": 1},
            {"id": "people", "label": "People tied up while it runs", "unit": "number", "default": 4, "min": 1, "max": 50, "step": 1},
            {"id": "day_cost", "label": "Cost of one person's working day", "unit": "money", "default": 220, "min": 50, "max": 1000, "step": 10},
            {"id": "months_to_learn", "label": "Months your team needs to learn the new routine", "unit": "months", "default": 2, "min": 0, "max": 12, "step": 1},
        ],
        "costs": [
            ("Set-up and coaching", "once", "{setup} + months_to_learn * 500"),
            ("Subscription", "monthly", "200 + people * {per_person}"),
        ],
        "benefits": [("Days of {p} given back", "max(days_now - {target}, 0) * people * day_cost * 0.6")],
    },
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write (created; must not hold content already)")
    arguments = parser.parse_args()
    if arguments.out.exists() and any(arguments.out.iterdir()):
        parser.error(f"{arguments.out} is not empty; give a new folder")
    write_content(arguments.size, arguments.out)
    print(f"wrote size {arguments.size} content to {arguments.out}")


if __name__ == "__main__":
    main()
