"""Writes for teachers building question sets. Keyword-only and atomic, like services.py.

A question students have already answered is never changed in place: an edit, a
replacement or a deletion retires it (kept for their review) and puts the new version
at its position. Finished attempts therefore stay exactly as they were.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from quizapp.chinese.scripts import fold_key
from quizapp.facts.snapshot import fact_base_snapshot
from quizapp.generator.drafts import Kind, QuestionDraft
from quizapp.generator.generate import (
    NotEnoughQuestions,
    Scope,
    all_candidates,
    in_scope,
)
from quizapp.generator.generate import (
    question_set as draw_question_set,
)
from quizapp.quizzes.models import Question, QuestionKind, QuestionSet, SetStatus
from quizapp.quizzes.services import question_from_draft, question_place, question_set_create


def scope_to_json(scope: Scope) -> dict[str, Any]:
    return {
        "phases": sorted(scope.phases),
        "person_keys": sorted(scope.person_keys),
        "sides": sorted(scope.sides),
        "date_from": scope.date_from.isoformat() if scope.date_from else None,
        "date_to": scope.date_to.isoformat() if scope.date_to else None,
    }


def scope_from_json(data: dict[str, Any]) -> Scope:
    return Scope(
        phases=frozenset(data.get("phases") or ()),
        person_keys=frozenset(data.get("person_keys") or ()),
        sides=frozenset(data.get("sides") or ()),
        date_from=datetime.date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
        date_to=datetime.date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
    )


def question_set_build(
    *,
    owner,
    title: str,
    scope: Scope,
    kinds: Sequence[str],
    count: int,
    seed: int,
    **settings: Any,
) -> QuestionSet:
    """Generate `count` questions for the scope and save them as a draft set.

    Raises NotEnoughQuestions (nothing saved) when the scope cannot supply the count.
    """
    fact_base = fact_base_snapshot()
    kind_tuple = tuple(Kind(kind) for kind in kinds)
    drafts = draw_question_set(
        all_candidates(fact_base, kinds=kind_tuple),
        fact_base,
        count=count,
        seed=seed,
        kinds=kind_tuple,
        scope=scope,
    )
    return question_set_create(
        title=title,
        drafts=drafts,
        owner=owner,
        scope=scope_to_json(scope),
        kinds=list(kinds),
        seed=seed,
        **settings,
    )


def _has_answers(question: Question) -> bool:
    return question.responses.exists()


def _retire_or_delete(question: Question) -> None:
    if _has_answers(question):
        question.is_active = False
        question.save(update_fields=["is_active"])
    else:
        question.delete()


def _copy_fields(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "options": list(question.options),
        "key": list(question.key),
        "explanation": question.explanation,
        "footnotes": list(question.footnotes),
        "fact_ids": list(question.fact_ids),
        "difficulty": question.difficulty,
        "written_by_teacher": question.written_by_teacher,
    }


def validate_wording(*, prompt: str, options: Sequence[str], kind: str) -> None:
    """An edit may not break a question: no empty prompt or option, no two equal options."""
    errors: dict[str, str] = {}
    if not prompt.strip():
        errors["prompt"] = _("題幹不可空白。")
    minimum = 3 if kind == QuestionKind.ORDERING else 2
    if len(options) < minimum:
        errors["options"] = _("至少要有 %(count)s 個選項。") % {"count": minimum}
    elif any(not option.strip() for option in options):
        errors["options"] = _("選項不可空白。")
    elif len({fold_key(option.strip()) for option in options}) != len(options):
        errors["options"] = _("有兩個選項相同（繁簡寫法也算相同）。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_edit(*, question: Question, prompt: str, options: Sequence[str]) -> Question:
    """Change the wording. Options keep their places, so the key keeps pointing at the
    same answer; an answered question is retired and the edit takes its place."""
    options = [option.strip() for option in options]
    if len(options) != len(question.options):
        raise ValidationError({"options": _("修改文字時選項數目不能改變。")})
    validate_wording(prompt=prompt, options=options, kind=question.kind)
    if _has_answers(question):
        fields = {**_copy_fields(question), "prompt": prompt.strip(), "options": options}
        question.is_active = False
        question.save(update_fields=["is_active"])
        return question_place(
            question_set=question.question_set, position=question.position, **fields
        )
    question.prompt = prompt.strip()
    question.options = options
    question.save(update_fields=["prompt", "options"])
    return question


@transaction.atomic
def question_add(
    *, question_set: QuestionSet, kind: str, prompt: str, options: Sequence[str], key: int = 0
) -> Question:
    """A teacher's own question: multiple choice (`key` is the right option's index) or
    ordering (the options given in the right order)."""
    options = [option.strip() for option in options if option.strip()]
    validate_wording(prompt=prompt, options=options, kind=kind)
    if kind == QuestionKind.ORDERING:
        # Shown in a stable order that is not the answer; the key says the time order.
        shown = sorted(options, key=fold_key)
        key_list = [shown.index(option) for option in options]
        options = shown
    else:
        if not 0 <= key < len(options):
            raise ValidationError({"key": _("請指定哪一個選項是正確答案。")})
        key_list = [key]
    position = (
        question_set.questions.filter(is_active=True).aggregate(Max("position"))["position__max"]
        or 0
    ) + 1
    return question_place(
        question_set=question_set,
        position=position,
        kind=kind,
        prompt=prompt.strip(),
        options=options,
        key=key_list,
        explanation="",
        footnotes=[],
        fact_ids=[],
        difficulty=0.5,
        written_by_teacher=True,
    )


def _identity(prompt: str, options: Sequence[str]) -> tuple:
    return (fold_key(prompt), tuple(fold_key(option) for option in options))


@transaction.atomic
def question_replace(*, question: Question) -> Question:
    """Swap in another generated draft of the same kind, from the set's own scope."""
    question_set = question.question_set
    fact_base = fact_base_snapshot()
    kind = Kind(question.kind)
    candidates = all_candidates(fact_base, kinds=(kind,))
    scope = scope_from_json(question_set.scope or {})
    taken = {_identity(q.prompt, q.options) for q in question_set.questions.filter(is_active=True)}
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
    return question_from_draft(question_set=question_set, draft=draft, position=position)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question_set = question.question_set
    _retire_or_delete(question)
    _renumber(question_set)


@transaction.atomic
def question_move(*, question: Question, direction: str) -> None:
    active = list(question.question_set.questions.filter(is_active=True).order_by("position"))
    index = next(i for i, q in enumerate(active) if q.pk == question.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(active):
        active[index], active[target] = active[target], active[index]
        _renumber(question.question_set, ordered=active)


def _renumber(question_set: QuestionSet, ordered: list[Question] | None = None) -> None:
    ordered = ordered or list(question_set.questions.filter(is_active=True).order_by("position"))
    for position, question in enumerate(ordered, start=1):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


@transaction.atomic
def question_set_close(*, question_set: QuestionSet) -> QuestionSet:
    question_set.status = SetStatus.CLOSED
    question_set.save(update_fields=["status", "updated_at"])
    return question_set


@transaction.atomic
def question_set_duplicate(*, question_set: QuestionSet, owner) -> QuestionSet:
    """A new draft with the same settings and questions, and no code or attempts."""
    copy = QuestionSet.objects.create(
        title=_("%(title)s（副本）") % {"title": question_set.title},
        owner=owner,
        feedback_mode=question_set.feedback_mode,
        attempts_allowed=question_set.attempts_allowed,
        time_limit_minutes=question_set.time_limit_minutes,
        shuffle_questions=question_set.shuffle_questions,
        shuffle_options=question_set.shuffle_options,
        ordering_grading=question_set.ordering_grading,
        scope=question_set.scope,
        kinds=question_set.kinds,
        seed=question_set.seed,
    )
    for question in question_set.questions.filter(is_active=True).order_by("position"):
        question_place(question_set=copy, position=question.position, **_copy_fields(question))
    return copy


def question_as_draft(question: Question) -> QuestionDraft:
    """A stored question in the generator's shape, for the Moodle and GIFT exports."""
    from quizapp.generator.drafts import OrderQuery

    return QuestionDraft(
        # A teacher's own multiple choice ("choice") exports like any multiple choice.
        kind=Kind(question.kind) if question.kind in Kind.__members__.values() else question.kind,
        prompt=question.prompt,
        options=tuple(question.options),
        key=tuple(question.key),
        explanation=question.explanation,
        footnotes=tuple(question.footnotes),
        difficulty=question.difficulty,
        fact_ids=tuple(question.fact_ids),
        query=OrderQuery(),
    )


__all__ = [
    "NotEnoughQuestions",
    "question_add",
    "question_as_draft",
    "question_delete",
    "question_edit",
    "question_move",
    "question_replace",
    "question_set_build",
    "question_set_close",
    "question_set_duplicate",
    "scope_from_json",
    "scope_to_json",
]
