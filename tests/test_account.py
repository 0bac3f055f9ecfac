"""The account report's figures (``decide relationship report``): known answers worked out by hand from
tests/account/answers.csv, the same people as the assessment page's links, and every kind of row or link that is
skipped, at its line.

The example's levels, as steps: supplier 1, preferred-supplier 2, problem-solver 3, trusted-adviser 4, partner 5.
Its touchpoints, in content order: sales, onboarding, support, delivery, invoicing, software.

tests/account/answers.csv, worked by hand:

    person  side      today  desired  gap   ratings (us/leader; empty: not rated)
    Ann     customer  1      4        +3    sales 4/3  support 2/4  delivery 4/2  invoicing 3/3
    Bob     customer  3      5        +2    sales 5/4  support 3/3  delivery 3/3
    Chloé   customer  2      3        +1    sales 3/5  support 4/2  software 3/3      (side written `Customer`)
    Dev     customer  3      4        +1    sales 4/-  support 1/4  delivery 3/4  invoicing 4/2
    Eve     us        4      5        +1    sales 5/2 (our side: not in the touchpoint means)
    Finn    us        3      4        +1
    Gus     us        3      3         0    (side written `US`)

    customer today 1,3,2,3 -> sorted 1,2,3,3, an even count: (2+3)/2 = 2.5
    customer desired 4,5,3,4 -> sorted 3,4,4,5: (4+4)/2 = 4
    our today 4,3,3 -> sorted 3,3,4, an odd count: 3 (our desired 5,4,3 -> 4)
    spread 3 - 1 = 2: divided (supplier: Ann; preferred-supplier: Chloé; problem-solver: Bob, Dev)
    our view minus theirs 3 - 2.5 = 0.5
    touchpoints, over the customer side's ratings given:
      sales     us (4+5+3+4)/4 = 4     leader (3+4+5)/3 = 4 (Dev left it empty)   0
      onboarding nobody rated: null, null, null (listed last)
      support   us (2+3+4+1)/4 = 2.5   leader (4+3+2+4)/4 = 3.25                  -0.75
      delivery  us (4+3+3)/3 = 3.333.. -> 3.33   leader (2+3+4)/3 = 3             1/3 -> 0.33
      invoicing us (3+4)/2 = 3.5       leader (3+2)/2 = 2.5                       1
      software  us 3                   leader 3                                   0
      weakest first: support -0.75, sales 0 and software 0 (a tie: content order), delivery 0.33, invoicing 1, onboarding
    next action: median today 2.5 -> level 2, preferred-supplier, whose rung is talk; the next rung, meet, is
      visit-warehouse's threshold.
    say and do with --not-seen opens-doors, orders-regularly, shares-plans: their levels 4, 2, 5; at or below the
      median desired 4: opens-doors and orders-regularly, in content order orders-regularly first.
"""

from __future__ import annotations

import json
from pathlib import Path

ANSWERS = Path(__file__).parent / "account" / "answers.csv"
LINKS = Path(__file__).parent / "account" / "links.txt"
NOT_SEEN = ("--not-seen", "opens-doors", "--not-seen", "orders-regularly", "--not-seen", "shares-plans", "--seen", "calls-us-first")

TOUCHPOINTS = [
    {"id": "support", "us": 2.5, "leader": 3.25, "difference": -0.75},
    {"id": "sales", "us": 4, "leader": 4, "difference": 0},
    {"id": "software", "us": 3, "leader": 3, "difference": 0},
    {"id": "delivery", "us": 3.33, "leader": 3, "difference": 0.33},
    {"id": "invoicing", "us": 3.5, "leader": 2.5, "difference": 1},
    {"id": "onboarding", "us": None, "leader": None, "difference": None},
]
HOSTILE = '<script>alert(1)</script> & "quotes"'
CUSTOMER_GAPS = [
    {"name": "Ann", "side": "customer", "gap": 3},
    {"name": "Bob", "side": "customer", "gap": 2},
    {"name": "Chloé", "side": "customer", "gap": 1},
    {"name": "Dev", "side": "customer", "gap": 1},
]


def figures(decide, path: Path, *options: str) -> dict[str, object]:
    run = decide("relationship", "report", str(path), "--customer", "Acme Ltd", "--format", "json", *options)
    assert run.status == 0, run.err
    return json.loads(run.out)


def test_the_figures_of_a_hand_made_answer_file(decide) -> None:
    assert figures(decide, ANSWERS, *NOT_SEEN) == {
        "customer_median_today": 2.5,
        "customer_median_desired": 4,
        "our_median_today": 3,
        "spread": 2,
        "alignment": "divided",
        "gaps": [*CUSTOMER_GAPS, {"name": "Eve", "side": "us", "gap": 1}, {"name": "Finn", "side": "us", "gap": 1}, {"name": "Gus", "side": "us", "gap": 0}],
        "our_view_minus_theirs": 0.5,
        "say_and_do": ["orders-regularly", "opens-doors"],
        "touchpoints": TOUCHPOINTS,
        "moments": ["Invoice error fixed in an hour", HOSTILE, "They thanked us for the handover"],
        "next_action": "visit-warehouse",
    }


def test_the_customer_audience_and_the_links_give_the_customer_sides_figures(decide, tmp_path: Path) -> None:
    """The links are the four customer-side people of answers.csv (a served page, a language's page, a link in <>,
    the built page opened as a file): the same figures as the CSV for the customer, where our side is left out."""
    for_customer = {
        "customer_median_today": 2.5,
        "customer_median_desired": 4,
        "our_median_today": None,
        "spread": 2,
        "alignment": "divided",
        "gaps": CUSTOMER_GAPS,
        "our_view_minus_theirs": None,
        "say_and_do": ["orders-regularly", "opens-doors"],
        "touchpoints": TOUCHPOINTS,
        "moments": ["Invoice error fixed in an hour", HOSTILE],
        "next_action": "visit-warehouse",
    }
    assert figures(decide, ANSWERS, *NOT_SEEN, "--audience", "customer") == for_customer
    assert figures(decide, LINKS, *NOT_SEEN) == figures(decide, LINKS, *NOT_SEEN, "--audience", "customer") == for_customer


def test_a_workbook_is_read_as_its_csv(decide, tmp_path: Path) -> None:
    import csv

    from openpyxl import Workbook

    book = Workbook()
    for row in csv.reader(ANSWERS.read_text(encoding="utf-8").splitlines()):
        book.active.append([int(cell) if cell.isdigit() else cell for cell in row])
    book.save(tmp_path / "answers.xlsx")
    assert figures(decide, tmp_path / "answers.xlsx", *NOT_SEEN) == figures(decide, ANSWERS, *NOT_SEEN)


def test_every_bad_row_is_skipped_at_its_line(decide, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,role,side,today,desired,sales,sales_leader,moment,crm_id\n"  # 1
        "Ann,CFO,customer,supplier,trusted-advisor,4,3,,1\n"  # 2: no such level
        "Bob,,customer,problem-solver,partner,6,3,,2\n"  # 3: a rating of 6
        ",CFO,customer,supplier,partner,,,,3\n"  # 4: no name
        "Chloé,,customer,,partner,,,,4\n"  # 5: no today
        "Dev,,them,supplier,partner,,,,5\n"  # 6: neither customer nor us
        'Eve,,customer,supplier,partner,4,,"a moment\n'  # 7: good, a moment on two lines
        'on two lines",6\n'  # 8
        "eve,,customer,partner,partner,,,,7\n"  # 9: Eve again
        "Finn,,us,supplier,partner,,,,8\n"  # 10: good
        "Gus,,customer,supplier,partner,,,,9,stray\n"  # 11: a cell under no column
        "Hal,,customer,supplier,partner,,,bell\a,10\n",  # 12: a control character
        encoding="utf-8",
    )
    run = decide("relationship", "report", str(bad), "--customer", "Acme", "--format", "json")
    assert run.status == 0, run.err
    assert [gap["name"] for gap in json.loads(run.out)["gaps"]] == ["Eve", "Finn"]
    said = run.err.splitlines()
    assert said[0] == "Ignored a key the answers do not have: `crm_id`."
    skipped = [line.removeprefix(f"{bad}:") for line in said[1:-1]]
    assert [line.split(":")[0] for line in skipped] == ["2", "3", "4", "5", "6", "9", "11", "12"]
    assert "`desired` is `trusted-advisor`, not a level. Did you mean `trusted-adviser`?" in skipped[0]
    assert "`sales` is `6`: a rating is a whole number from 1 to 5" in skipped[1]
    assert "`name` is empty" in skipped[2]
    assert "`today` is empty" in skipped[3]
    assert "`side` is `them`: write customer or us" in skipped[4]
    assert "eve already answered at line 7" in skipped[5]
    assert "column 10:" in skipped[6]
    assert "U+0007" in skipped[7]
    assert said[-1] == f"Skipped 8 rows of {bad} (listed above); the report uses the other 2 answers."


def test_every_bad_link_is_skipped_at_its_line(decide, tmp_path: Path) -> None:
    page = "https://x.example/assessment/"
    links = tmp_path / "links.txt"
    links.write_text(
        "\n".join(
            [
                "# answers from the emails",  # 1
                f"{page}?name=Ann&today=supplier&desired=partner&side=us",  # 2: good, and a link is always the customer's
                "https://x.example/pricing/?name=Bob&today=supplier&desired=partner",  # 3: another page
                f"{page}?name=Cy&today=supplier&desired=partner&support=0",  # 4: a rating of 0
                f"{page}?name=Ann&today=partner&desired=partner",  # 5: Ann again
                f"{page}?name=Di&today=supplier&today=partner&desired=partner",  # 6: today twice
                f"{page}?name=%FF&today=supplier&desired=partner",  # 7: not UTF-8
                "mailto:sales@x.example?subject=answers",  # 8: not a link to the page
                "",  # 9
                f"{page}?name=Ed&desired=partner&colour=blue&supprt=3",  # 10: no today, and keys no answer has, one a typo
            ]
        ),
        encoding="utf-8",
    )
    run = decide("relationship", "report", str(links), "--customer", "Acme", "--format", "json")
    assert run.status == 0, run.err
    assert json.loads(run.out)["gaps"] == [{"name": "Ann", "side": "customer", "gap": 4}]
    said = run.err.splitlines()
    assert said[0] == "Ignored keys the answers do not have: `colour`, `supprt`. Did you mean `support`?"
    skipped = [line.removeprefix(f"{links}:") for line in said[1:-1]]
    assert [line.split(":")[0] for line in skipped] == ["3", "4", "5", "6", "7", "8", "10"]
    assert "is not a link to the assessment page" in skipped[0] and "is not a link to the assessment page" in skipped[5]
    assert "`support` is `0`: a rating is a whole number from 1 to 5" in skipped[1]
    assert "Ann already answered at line 2" in skipped[2]
    assert "gives `today` twice" in skipped[3]
    assert "not UTF-8" in skipped[4]
    assert "`today` is empty" in skipped[6]


def test_a_file_with_no_answer_left_or_too_many_people_stops(decide, tmp_path: Path) -> None:
    only_bad = tmp_path / "answers.csv"
    only_bad.write_text("name,today,desired\nAnn,nowhere,partner\n", encoding="utf-8")
    run = decide("relationship", "report", str(only_bad), "--customer", "Acme")
    assert run.status == 1
    assert f"{only_bad}:2: `today` is `nowhere`, not a level." in run.err
    assert f"decide: {only_bad} has no answers decide can use:\n  {only_bad}:2:" in run.err
    ours = tmp_path / "ours.csv"
    ours.write_text("name,side,today,desired\nEve,us,partner,partner\n", encoding="utf-8")
    run = decide("relationship", "report", str(ours), "--customer", "Acme")
    assert run.status == 1
    assert "has no answers from the customer's side" in run.err
    crowd = tmp_path / "crowd.csv"  # the bound on people, 1,000: one more stops the file at the row past it
    crowd.write_text("name,today,desired\n" + "".join(f"P{number},supplier,partner\n" for number in range(1001)), encoding="utf-8")
    run = decide("relationship", "report", str(crowd), "--customer", "Acme")
    assert run.status == 1
    assert f"{crowd}:1002: this is one person too many; an answer file holds at most 1,000" in run.err


def test_hostile_names_and_texts_stay_as_written(decide, tmp_path: Path) -> None:
    """Plain text in the figures: nothing escaped or dropped here (the render escapes), only a name kept on one line."""
    name = '<img src=x onerror=alert(1)> O\'Brien & "Co" \u202egnp.exe 👩‍💻'
    moment = "</td><script>alert('x')</script> ${7*7} {{ 7*7 }} =HYPERLINK(\"x\")"
    answers = tmp_path / "answers.csv"
    quoted = name.replace('"', '""')
    answers.write_text(f'name,today,desired,moment\n"{quoted}",supplier,partner,"{moment.replace(chr(34), chr(34) * 2)}"\n', encoding="utf-8")
    from urllib.parse import urlencode

    links = tmp_path / "links.txt"
    links.write_text("https://x.example/assessment/?" + urlencode({"name": name, "today": "supplier", "desired": "partner", "moment": moment}), encoding="utf-8")
    for path in (answers, links):
        found = figures(decide, path)
        assert found["gaps"] == [{"name": name, "side": "customer", "gap": 4}]
        assert found["moments"] == [moment]


def test_seen_and_not_seen_name_behaviours(decide) -> None:
    run = decide("relationship", "report", str(ANSWERS), "--customer", "Acme", "--not-seen", "opens-door")
    assert run.status == 2
    assert "`opens-door` is not a behaviour in relationship.yml. Did you mean `opens-doors`?" in run.err
    run = decide("relationship", "report", str(ANSWERS), "--customer", "Acme", "--seen", "shares-plans", "--not-seen", "shares-plans")
    assert run.status == 2
    assert "`shares-plans` cannot be both --seen and --not-seen" in run.err


def test_the_discussion_questions_findings(example_content) -> None:
    """What the figures say about each question; those meant for us alone only for the internal audience."""
    from generator.compute.account import account
    from generator.load.answers import read_answers

    assert example_content.relationship is not None
    answers = read_answers(ANSWERS, example_content.relationship.model).answers
    internal = {finding.question: finding.facts for finding in account(example_content, answers, ["calls-us-first"], ["opens-doors"]).findings}
    assert list(internal) == ["perception", "stakeholders", "same-view", "goal", "change", "willing", "say-and-do", "invest"]
    assert internal["perception"] == {"today": 2.5, "today_level": "preferred-supplier", "desired": 4, "desired_level": "trusted-adviser", "weakest": "support", "strongest": "invoicing"}
    assert internal["stakeholders"] == {"spread": 2, "alignment": "divided", "lowest_level": "supplier", "lowest": ["Ann"], "highest_level": "problem-solver", "highest": ["Bob", "Dev"]}
    assert internal["same-view"]["difference"] == 0.5
    assert internal["goal"]["difference"] == 0  # our desired 4 against theirs 4
    assert internal["change"]["us"] == [["Eve", "Learn their year plan"]]
    assert internal["willing"] == {"customer": {"up": 4, "same": 0, "down": 0}, "us": {"up": 2, "same": 1, "down": 0}}
    assert internal["say-and-do"] == {"count": 1, "behaviours": ["opens-doors"], "seen": ["calls-us-first"]}
    assert internal["invest"] == {"steps_to_go": 1.5, "next_action": "visit-warehouse", "weakest": "support"}  # 4 - 2.5
    customer = {finding.question: finding.facts for finding in account(example_content, answers, audience="customer").findings}
    assert list(customer) == ["perception", "stakeholders", "change", "willing", "say-and-do"]
    assert customer["willing"] == {"customer": {"up": 4, "same": 0, "down": 0}}
    assert [name for name, _ in customer["change"]["customer"]] == ["Ann", "Bob", "Dev"]


def test_the_summary_in_another_language_and_the_report_written(decide, tmp_path: Path) -> None:
    """The text is the report's words from the catalogs, the levels and behaviours from the content's translation;
    -o writes the report through the render (the render's own tests check what it shows)."""
    run = decide("relationship", "report", str(ANSWERS), "--customer", "Acme <Ltd>", "--not-seen", "opens-doors", "--language", "el", "-o", str(tmp_path / "report.html"))
    assert run.status == 0, run.err
    assert "Λένε ότι θέλουν Έμπιστος σύμβουλος, αλλά μας συστήνει σε συναδέλφους άλλων τμημάτων δεν φαίνεται." in run.out
    assert "  Υποστήριξη                2,5    3,25    -0,75" in run.out  # the weakest first, in Greek numbers
    assert f"Wrote {tmp_path / 'report.html'}." in run.err
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'lang="el' in page and "Acme &lt;Ltd&gt;" in page and "<Ltd>" not in page
    run = decide("relationship", "report", str(ANSWERS), "--customer", "Acme", "-o", str(tmp_path / "report.docx"))
    assert run.status == 2 and "must end in .pdf or .html" in run.err
    assert not (tmp_path / "report.docx").exists()
