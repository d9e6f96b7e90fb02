"""The common interview guide as versioned data and its pure engine (see docs/architecture.md §2).

from questionnaire import load_guide, validate_answers, score, AnswerError
from questionnaire import facts_from_answers, place, interview_warnings   # placement (version 2 on)
"""

from questionnaire.bundled import active_guide, available_guides, guide_by_version
from questionnaire.certificate_texts import certificate_text
from questionnaire.errors import AnswerError, GuideError, Problem
from questionnaire.facts import facts_from_answers
from questionnaire.interview_warnings import interview_warnings
from questionnaire.levels import is_rtl, level_name
from questionnaire.loader import check_guide, check_guide_text, load_guide, load_guide_text
from questionnaire.placement import place
from questionnaire.scoring import score
from questionnaire.types import QUESTION_TYPES, widget_for
from questionnaire.validation import progress, validate_answers, visible_questions
from schemas.answers import Answers
from schemas.guide import Guide
from schemas.score import Score

__all__ = [
    "QUESTION_TYPES",
    "AnswerError",
    "Answers",
    "Guide",
    "GuideError",
    "Problem",
    "Score",
    "active_guide",
    "available_guides",
    "certificate_text",
    "check_guide",
    "check_guide_text",
    "facts_from_answers",
    "guide_by_version",
    "interview_warnings",
    "is_rtl",
    "level_name",
    "load_guide",
    "load_guide_text",
    "place",
    "progress",
    "score",
    "validate_answers",
    "visible_questions",
    "widget_for",
]
