"""Complete interviews validated per second: the engine's cached answer model (validate_answers,
with visibility, required-if and constraints) against `jsonschema` validating the same interviews
with the exported JSON Schema (types, formats, choices, lengths only), in the same run, on one core.
Also times the placement alone: ``place(guide, facts)`` per second for the same interviews' facts.

    python bench/validate.py [--interviews 3000] [--repeats 5] [--guide-version N]

Targets (issues 2 and 14): >= 10,000 interviews/s and >= 10x jsonschema on the newest bundled guide
(version 2, also while it is still in preparation). Uses a generated guide of similar size when no
guide is bundled. Last line: RESULT ...
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jsonschema  # noqa: E402

from questionnaire import facts_from_answers, guide_by_version, load_guide_text, place, validate_answers  # noqa: E402
from questionnaire.answer_model import compiled  # noqa: E402
from questionnaire.bundled import latest_guide  # noqa: E402
from questionnaire.levels import CAN_DO_LEVELS  # noqa: E402
from questionnaire.samples import sample_answers  # noqa: E402
from questionnaire.schema_export import answers_json_schema  # noqa: E402
from schemas.guide import Guide  # noqa: E402
from schemas.vocabulary import Level, Skill  # noqa: E402


def generated_guide() -> Guide:
    """A guide shaped like the common one: 25 can-do lists, ~50 other questions, rules."""

    def t(text: str) -> str:
        return f"{{de: '{text}', en: '{text}'}}"

    lines = [
        "id: generated",
        "version: 1",
        f"title: {t('Generiert')}",
        "languages: [de, en]",
        "choice_lists:",
        "  cefr_levels:",
        *[f"    - {{value: {v}, label: {t(v)}}}" for v in Level],
        "  options:",
        *[f"    - {{value: o{i}, label: {t(f'Option {i}')}}}" for i in range(40)],
        "sections:",
        "  - id: general",
        f"    title: {t('Allgemein')}",
        "    questions:",
        f"      - {{id: consent, type: yes_no, required: true, label: {t('Einwilligung')}}}",
        f"      - {{id: family_name, type: text, script: name, required: true, label: {t('Name')}}}",
        f"      - {{id: birth_date, type: date, not_future: true, required: true, label: {t('Geburt')}}}",
    ]
    for i in range(12):
        lines.append(f"      - {{id: text_{i}, type: text, label: {t(f'Text {i}')}}}")
        lines.append(
            f"      - {{id: choice_{i}, type: single_choice, choices: options, required: true, label: {t('C')}}}"
        )
        lines.append(f"      - {{id: count_{i}, type: integer, min: 0, max: 50, label: {t('N')}}}")
        lines.append(
            f"      - {{id: shown_{i}, type: yes_no, show_if: {{question: count_{i}, gt: 10}}, required: true, "
            f"label: {t('S')}}}"
        )
    lines.append(f"      - {{id: many, type: multi_choice, choices: options, max_selected: 5, label: {t('M')}}}")
    lines.append(f"      - {{id: notes, type: long_text, label: {t('Notizen')}}}")
    lines += ["  - id: german", f"    title: {t('Deutsch')}", "    questions:"]
    for skill in Skill:
        for level in CAN_DO_LEVELS[1:-1]:  # A1 .. C1
            lines.append(f"      - id: cd_{skill}_{level.lower()}")
            lines.append(
                f"        type: can_do\n        skill: {skill}\n        level: {level}\n        label: {t(level)}"
            )
            lines.append("        statements:")
            lines += [f"          - {{id: {skill}_{level.lower()}_{n}, label: {t(f'Aussage {n}')}}}" for n in range(5)]
    lines += ["scoring:", "  skills:", *[f"    {s}: {{label: {t(s)}}}" for s in Skill]]
    return load_guide_text("\n".join(lines) + "\n", source="generated")


def per_second(check: Callable[[Any], Any], interviews: list[dict[str, Any]], repeats: int) -> float:
    """Best of ``repeats`` passes, in CPU seconds of this process (robust against other load)."""
    best = 0.0
    for _ in range(repeats):
        start = time.process_time()
        for raw in interviews:
            check(raw)
        elapsed = time.process_time() - start
        best = max(best, len(interviews) / elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--guide-version", type=int, help="bundled version of the common guide (default: the newest)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    try:
        guide = guide_by_version("sprachstand", args.guide_version) if args.guide_version else latest_guide()
        name = f"{guide.id}-v{guide.version}"
    except LookupError:
        guide, name = generated_guide(), "generated"
    build_start = time.perf_counter()
    compiled(guide)  # the answer model, built once per guide version
    build_ms = (time.perf_counter() - build_start) * 1000
    # Interviews as the store keeps them: JSON text read back.
    interviews = [json.loads(json.dumps(sample_answers(guide, seed))) for seed in range(args.interviews)]
    questions = sum(1 for _ in guide.questions())
    schema = answers_json_schema(guide)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    # Both must accept every interview, or the comparison would be meaningless.
    for raw in interviews:
        validate_answers(guide, raw)
        if not validator.is_valid(raw):
            raise SystemExit(f"jsonschema refuses a valid interview: {next(iter(validator.iter_errors(raw)))}")

    engine = per_second(lambda raw: validate_answers(guide, raw), interviews, args.repeats)
    adapter_only = per_second(compiled(guide).adapter.validate_python, interviews, args.repeats)
    reference = per_second(validator.is_valid, interviews, max(1, args.repeats // 2))
    ratio = engine / reference
    placing = 0.0
    if guide.placement is not None:
        facts = [facts_from_answers(guide, validate_answers(guide, raw)) for raw in interviews]
        placing = per_second(lambda f: place(guide, f), facts, args.repeats)

    print(
        f"guide {name}: {questions} questions, {len(interviews)} complete interviews, model built in {build_ms:.0f} ms"
    )
    print(f"  validate_answers (types + visibility + required-if + constraints): {engine:12,.0f} /s")
    print(f"  answer model alone (types only):                                   {adapter_only:12,.0f} /s")
    print(f"  jsonschema Draft 2020-12 with format checks (types only):          {reference:12,.0f} /s")
    print(f"  ratio engine / jsonschema: {ratio:.1f}x (targets: >= 10,000 /s and >= 10x)")
    if placing:
        print(f"  place(guide, facts) alone (placement rules, formats, warnings):     {placing:12,.0f} /s")
    print(
        f"RESULT guide={name} questions={questions} interviews={len(interviews)} engine_per_s={engine:.0f} "
        f"jsonschema_per_s={reference:.0f} ratio={ratio:.1f} model_only_per_s={adapter_only:.0f} "
        f"build_ms={build_ms:.0f} place_per_s={placing:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
