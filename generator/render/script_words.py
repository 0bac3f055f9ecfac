"""What the page scripts say, in the page's language: the templates write it into the page's data as
``data-decide-words`` (``decide.say`` in ``templates/assets/decide.js`` reads it), so no script holds a word."""

from __future__ import annotations

from generator.render.language import UiLanguage, plural_forms, script_words


def words_for_scripts(language: UiLanguage) -> dict[str, dict[str, object]]:
    """Each script's words, by script: ``script_words.filter`` in a template is ``catalog.js``'s."""
    return {"filter": filter_words(language), "calculator": calculator_words(language), "assessment": assessment_words(language)}


def filter_words(language: UiLanguage) -> dict[str, object]:
    """What ``catalog.js`` says as the filter works, in the page's language."""
    ngettext = language.ngettext
    return script_words(language, {
        "whole_story": language.gettext("Read the whole story"),
        "in_catalog": language.gettext("See it in the catalog"),
        "customer": language.gettext("%(industry)s, %(size)s"),
        "showing_all": plural_forms(language, lambda count: ngettext("Showing all %(num)s reason.", "Showing all %(num)s reasons.", count)),
        "showing_strongest": plural_forms(language, lambda count: ngettext(
            "Showing the strongest %(shown)s of %(num)s reason; choose an offering, a problem or more to see every one that matches.",
            "Showing the strongest %(shown)s of %(num)s reasons; choose an offering, a problem or more to see every one that matches.",
            count,
        )),
        "showing_found": plural_forms(language, lambda count: ngettext("Showing %(found)s of %(num)s reason.", "Showing %(found)s of %(num)s reasons.", count)),
        "none_match": language.gettext("No reason matches all of these; try fewer choices, or Show all."),
        "page_status": language.gettext("Page %(page)s of %(pages)s: reasons %(first)s to %(last)s."),
        "not_loaded": language.gettext("The filter could not load the reasons; the catalog's page for each offering holds all of them."),
    })


def calculator_words(language: UiLanguage) -> dict[str, object]:
    """What ``calculator.js`` says about a shared link and copying it."""
    ngettext = language.ngettext
    return script_words(language, {
        "unknown_values": plural_forms(language, lambda count: ngettext("%(num)s value this calculator does not have", "%(num)s values this calculator does not have", count)),
        "select_link": language.gettext("Select the link below and copy it."),
        "link_copied": language.gettext("Link copied."),
    })


def assessment_words(language: UiLanguage) -> dict[str, object]:
    """What ``assessment.js`` says as answers change, and writes in the email: the person writes it, to the company."""
    gettext = language.gettext
    return script_words(language, {
        "answer": gettext("%(question)s: %(answer)s"),
        "rating_of": gettext("%(touchpoint)s, %(side)s"),
        "kept": gettext("Your answers are in this page's address: copy it to share them."),
        "subject": gettext("Our relationship: my answers"),
        "subject_named": gettext("Our relationship: the answers of %(name)s"),
        "name": gettext("Name: %(name)s"),
        "role": gettext("Role: %(role)s"),
        "rating": gettext("%(touchpoint)s: you %(us)s, the leading competitor %(leader)s (out of 5)"),
        "not_rated": gettext("no answer"),
        "moment": gettext("A moment that delighted or angered me: %(moment)s"),
        "cut_short": gettext("(The rest of my answers is in the link above.)"),
    })
