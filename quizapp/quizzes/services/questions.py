"""Writes for the questions of a set: from a draft, a teacher's own, edit, replace, move,
delete. Keyword-only and atomic.

A question students have already answered is never changed in place: an edit, a
replacement or a deletion retires it (kept for their review) and puts the new version
at its position. Finished attempts therefore stay exactly as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from quizapp.chinese.scripts import fold_key
from quizapp.generator.drafts import QuestionDraft
from quizapp.generator.generate import all_candidates, in_scope
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.quizzes.models import Question, QuestionFact, QuestionSet
from quizapp.quizzes.scopes import scope_from_json
from quizapp.vocabulary import Direction, FactRef, QuestionKind


def question_create(
    *,
    question_set: QuestionSet,
    position: int,
    facts: Sequence[FactRef] = (),
    **fields: Any,
) -> Question:
    """Save a question and link the facts it was drawn from."""
    question = Question.objects.create(question_set=question_set, position=position, **fields)
    QuestionFact.objects.bulk_create(
        QuestionFact.for_ref(question=question, ref=ref) for ref in dict.fromkeys(facts)
    )
    return question


def question_create_from_draft(
    *, question_set: QuestionSet, draft: QuestionDraft, position: int
) -> Question:
    return question_create(
        question_set=question_set,
        position=position,
        facts=draft.facts,
        kind=str(draft.kind),
        prompt=draft.prompt,
        options=list(draft.options),
        key=list(draft.key),
        explanation=draft.explanation,
        footnotes=list(draft.footnotes),
        difficulty=draft.difficulty,
    )


def _snapshot_fields(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "options": list(question.options),
        "key": list(question.key),
        "explanation": question.explanation,
        "footnotes": list(question.footnotes),
        "difficulty": question.difficulty,
        "written_by_teacher": question.written_by_teacher,
        "facts": [link.ref for link in question.facts.all()],
    }


def question_copy(
    *, question: Question, question_set: QuestionSet, position: int, **changes: Any
) -> Question:
    """A new question like `question` (with `changes`), in `question_set` at `position`."""
    fields = {**_snapshot_fields(question), **changes}
    return question_create(question_set=question_set, position=position, **fields)


def _in_use(question: Question) -> bool:
    """Answered, or dealt to an attempt (the set has attempts that may hold it): then it
    is kept, so a student mid-attempt finishes the questions they started with. A
    teacher's preview does not count: it is thrown away instead (`_retire_or_delete`)."""
    return question.question_set.attempts.counted().exists()


def _retire(question: Question) -> None:
    """Out of the set, kept for the attempts and reviews that hold it."""
    question.is_active = False
    question.save(update_fields=["is_active"])


def _retire_or_delete(question: Question) -> None:
    if _in_use(question):
        _retire(question)
        return
    # A preview dealt this question: without it the preview cannot go on or be reviewed,
    # and it shows a set that no longer is. The teacher starts a new one.
    question.question_set.attempts.previews().delete()
    question.delete()


# Characters an export cannot carry (XML 1.0 forbids them) and a reader cannot see.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_wording(*, prompt: str, options: Sequence[str], kind: str) -> None:
    """An edit may not break a question: no empty prompt or option, no two equal options,
    no control characters (a paste from a word processor can carry them)."""
    errors: dict[str, str] = {}
    if not prompt.strip():
        errors["prompt"] = _("題幹不可空白。")
    elif _CONTROL.search(prompt):
        errors["prompt"] = _("題幹裡有看不見的控制字元，請重新輸入這一段文字。")
    minimum = 3 if kind == QuestionKind.ORDERING else 2
    if len(options) < minimum:
        errors["options"] = _("至少要有 %(count)s 個選項。") % {"count": minimum}
    elif any(not option.strip() for option in options):
        errors["options"] = _("選項不可空白。")
    elif len({fold_key(option.strip()) for option in options}) != len(options):
        errors["options"] = _("有兩個選項相同（繁簡寫法也算相同）。")
    elif any(_CONTROL.search(option) for option in options):
        errors["options"] = _("選項裡有看不見的控制字元，請重新輸入。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_edit(*, question: Question, prompt: str, options: Sequence[str]) -> Question:
    """Change the wording. Options keep their places, so the key keeps pointing at the
    same answer; an answered question is retired and the edit takes its place."""
    options = [option.strip() for option in options]
    if len(options) != len(question.options):
        raise ValidationError({"options": _("修改文字時選項數目不能改變。")})
    _check_wording(prompt=prompt, options=options, kind=question.kind)
    if _in_use(question):
        _retire(question)
        return question_copy(
            question=question,
            question_set=question.question_set,
            position=question.position,
            prompt=prompt.strip(),
            options=options,
            revision_of=question,
        )
    question.prompt = prompt.strip()
    question.options = options
    question.save(update_fields=["prompt", "options"])
    return question


def _next_position(question_set: QuestionSet) -> int:
    highest = question_set.questions.active().aggregate(Max("position"))["position__max"]
    return (highest or 0) + 1


@transaction.atomic
def question_add(
    *, question_set: QuestionSet, kind: str, prompt: str, options: Sequence[str], key: int = 0
) -> Question:
    """A teacher's own question: multiple choice (`key` is the right option's index) or
    ordering (the options given in the right order)."""
    options = [option.strip() for option in options if option.strip()]
    _check_wording(prompt=prompt, options=options, kind=kind)
    if kind == QuestionKind.ORDERING:
        # Shown in a stable order that is not the answer; the key says the time order.
        shown = sorted(options, key=fold_key)
        key_list = [shown.index(option) for option in options]
        options = shown
    else:
        if not 0 <= key < len(options):
            raise ValidationError(
                {"key": _("正確答案要填 1 到 %(count)s 之間的行數。") % {"count": len(options)}}
            )
        key_list = [key]
    return question_create(
        question_set=question_set,
        position=_next_position(question_set),
        kind=kind,
        prompt=prompt.strip(),
        options=options,
        key=key_list,
        explanation="",
        footnotes=[],
        difficulty=0.5,
        written_by_teacher=True,
    )


def _identity(prompt: str, options: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    return (fold_key(prompt), tuple(fold_key(option) for option in options))


@transaction.atomic
def question_replace(*, question: Question) -> Question:
    """Swap in another generated draft of the same kind, from the set's own scope."""
    question_set = question.question_set
    fact_base = fact_base_snapshot()
    candidates = all_candidates(fact_base, kinds=(QuestionKind(question.kind),))
    scope = scope_from_json(question_set.scope or {})
    taken = {_identity(q.prompt, q.options) for q in question_set.questions.active()}
    fresh = [
        draft
        for draft in candidates.drafts
        if in_scope(draft, fact_base, scope) and _identity(draft.prompt, draft.options) not in taken
    ]
    if not fresh:
        raise ValidationError(_("這個範圍內已經沒有其他同類型的題目可以替換。"))
    # Deterministic per set and position, so a second click gives yet another question.
    draft = fresh[(question_set.seed + question.position + len(taken)) % len(fresh)]
    position = question.position
    _retire_or_delete(question)
    return question_create_from_draft(question_set=question_set, draft=draft, position=position)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question_set = question.question_set
    _retire_or_delete(question)
    _renumber(question_set)


@transaction.atomic
def question_move(*, question: Question, direction: str) -> None:
    """One place up or down; the first question cannot go up, nor the last down."""
    if direction not in Direction:
        raise ValidationError(_("無法移動這一題。"))
    active = list(question.question_set.questions.active().order_by("position"))
    index = next(i for i, q in enumerate(active) if q.pk == question.pk)
    target = index - 1 if direction == Direction.UP else index + 1
    if 0 <= target < len(active):
        active[index], active[target] = active[target], active[index]
        _renumber(question.question_set, ordered=active)


def _renumber(question_set: QuestionSet, ordered: list[Question] | None = None) -> None:
    ordered = ordered or list(question_set.questions.active().order_by("position"))
    for position, question in enumerate(ordered, start=1):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])
