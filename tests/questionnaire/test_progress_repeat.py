"""Issue 16, item 5: a step's chip showed ✓ and the progress bar counted it complete while a required
field inside a repeat entry (another language without its level) was empty. ``progress`` now counts the
required fields of every entry."""

from __future__ import annotations

from questionnaire import guide_by_version, progress


def test_an_entry_with_an_empty_required_field_keeps_its_step_open() -> None:
    guide = guide_by_version("sprachstand", 1)
    base = {"other_languages": [{"other_language": "tr", "other_language_level": "good"}]}
    done, required = progress(guide, base)["languages"]
    empty = {"other_languages": [{"other_language": "tr", "other_language_level": None}]}
    done_empty, required_empty = progress(guide, empty)["languages"]
    assert required_empty == required  # the entry's two required fields count either way
    assert done_empty == done - 1  # the missing level is missing from the count
    two = {"other_languages": [{"other_language": "tr", "other_language_level": "good"}, {"other_language": "ku"}]}
    done_two, required_two = progress(guide, two)["languages"]
    assert required_two == required + 2 and done_two == done + 1


def test_no_entries_add_nothing() -> None:
    guide = guide_by_version("sprachstand", 1)
    assert progress(guide, {})["languages"] == progress(guide, {"other_languages": []})["languages"]
