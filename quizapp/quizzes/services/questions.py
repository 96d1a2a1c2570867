"""Writes for the questions of a set: from a draft, a teacher's own, edit, replace, move,
delete. Keyword-only and atomic.

A question students have already answered is never changed in place: an edit, a
replacement or a deletion retires it (kept for their review) and puts the new version
at its position. Finished attempts therefore stay exactly as they were, and their
responses keep the key they were graded by.

A generated question is correct by construction: the fact base proves its key and its
explanation quotes the sentences that do. Rewording it keeps it generated; a new key,
another set of options or another quoted sentence makes it the teacher's own question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
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
        "note": question.note,
        "footnotes": list(question.footnotes),
        "difficulty": question.difficulty,
        "written_by_teacher": question.written_by_teacher,
        # In link order: an ordering's events are linked in time order (quizapp.recall).
        "facts": [link.ref for link in question.facts.order_by("pk")],
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
# A multiple-choice question offers 3 to 5 options: fewer is a guess, more a reading test.
MIN_CHOICES = 3
MAX_CHOICES = 5
MIN_ORDERING_ITEMS = 3


@dataclass(frozen=True)
class Citation:
    """The article's sentence a question quotes, with its footnotes; empty for none."""

    sentence: str = ""
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class QuestionChanges:
    """An edit of a question. `options` are the new options; `origins[i]` is the index of
    the old option that options[i] rewords, or None for a new one (left out: each option
    rewords the one in its place). `key` indexes `options` (left out: it stays on the
    same option, or items, as before). `note` and `citation` left out stay as they are."""

    prompt: str
    options: Sequence[str]
    origins: Sequence[int | None] | None = None
    key: Sequence[int] | None = None
    note: str | None = None
    citation: Citation | None = None


def same_options(options: Sequence[str]) -> dict[int, int]:
    """Each option that repeats an earlier one (in either script, width or spacing) →
    the index of that earlier one."""
    first: dict[str, int] = {}
    repeats = {}
    for index, option in enumerate(options):
        folded = fold_key(option.strip())
        if folded in first:
            repeats[index] = first[folded]
        else:
            first[folded] = index
    return repeats


def _check_question(*, prompt: str, options: Sequence[str], kind: str, note: str = "") -> None:
    """No question may be broken: no empty prompt or option, 3 to 5 choices (at least 3
    items to order), no two equal options, no control characters (a paste from a word
    processor can carry them). Every problem is reported at once."""
    errors: dict[str, list[str]] = {}
    if not prompt.strip():
        errors["prompt"] = [_("題幹不可空白。")]
    elif _CONTROL.search(prompt):
        errors["prompt"] = [_("題幹裡有看不見的控制字元，請重新輸入這一段文字。")]
    problems = errors.setdefault("options", [])
    if kind == QuestionKind.ORDERING:
        if len(options) < MIN_ORDERING_ITEMS:
            problems.append(_("至少要有 %(count)s 個選項。") % {"count": MIN_ORDERING_ITEMS})
    elif not MIN_CHOICES <= len(options) <= MAX_CHOICES:
        problems.append(
            _("選擇題要有 %(least)s 到 %(most)s 個選項（現在有 %(count)s 個）。")
            % {"least": MIN_CHOICES, "most": MAX_CHOICES, "count": len(options)}
        )
    if any(not option.strip() for option in options):
        problems.append(_("選項不可空白。"))
    elif same_options(options):
        problems.append(_("有兩個選項相同（繁簡寫法也算相同）。"))
    if any(_CONTROL.search(option) for option in options):
        problems.append(_("選項裡有看不見的控制字元，請重新輸入。"))
    if _CONTROL.search(note):
        errors["note"] = [_("解說裡有看不見的控制字元，請重新輸入這一段文字。")]
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def _check_key(*, key: Sequence[int], options: Sequence[str], kind: str) -> None:
    if kind == QuestionKind.ORDERING:
        if sorted(key) != list(range(len(options))):
            raise ValidationError({"key": _("正確順序要把每一項各排一次。")})
    elif len(key) != 1 or not 0 <= key[0] < len(options):
        raise ValidationError({"key": _("請選一個選項當正確答案。")})


def _followed_key(question: Question, origins: Sequence[int | None]) -> list[int]:
    """The old key, on the options that now reword its options."""
    where = {origin: index for index, origin in enumerate(origins) if origin is not None}
    if any(index not in where for index in question.key):
        raise ValidationError({"key": _("正確答案的選項拿掉了：請另選一個正確答案。")})
    return [where[index] for index in question.key]


@transaction.atomic
def question_edit(*, question: Question, changes: QuestionChanges) -> Question:
    """Change a question. An answered question is retired and the edit becomes a new
    version in its place, so the responses given stay on the version (and the key) they
    were graded by. Only a wording edit is linked to it as the same question: after a
    new key or other options, old and new answers are not one question's statistics."""
    options = [option.strip() for option in changes.options]
    same_places = list(range(len(question.options)))
    origins = list(changes.origins) if changes.origins is not None else same_places
    if len(origins) != len(options):
        raise ValueError("Every option needs its origin (None for a new one).")
    if question.is_ordering and origins != same_places:
        raise ValidationError({"options": _("排序題修改時項目數目不能改變。")})
    key = list(changes.key) if changes.key is not None else _followed_key(question, origins)
    note = question.note if changes.note is None else changes.note.strip()
    key_moved = [origins[index] for index in key] != question.key
    if changes.citation is not None:
        citation = changes.citation
    elif key_moved and not question.written_by_teacher:
        # A generated question's sentence proves its old key: kept under a new key it
        # would quote the article against the answer. The teacher may pick another.
        citation = Citation()
    else:
        citation = Citation(question.explanation, tuple(question.footnotes))
    _check_question(prompt=changes.prompt, options=options, kind=question.kind, note=note)
    _check_key(key=key, options=options, kind=question.kind)

    reshaped = origins != same_places or key_moved
    recited = citation.sentence != question.explanation
    fields: dict[str, Any] = {
        "prompt": changes.prompt.strip(),
        "options": options,
        "key": key,
        "note": note,
        "explanation": citation.sentence,
        "footnotes": list(citation.footnotes),
        "written_by_teacher": question.written_by_teacher or reshaped or recited,
    }
    if _in_use(question):
        _retire(question)
        return question_copy(
            question=question,
            question_set=question.question_set,
            position=question.position,
            revision_of=None if reshaped else question,
            **fields,
        )
    # Changed in place: a preview dealt the old options would point past the new ones
    # (a dropped option), so the set's previews go, as they do when a question is deleted.
    question.question_set.attempts.previews().delete()
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=list(fields))
    return question


def _next_position(question_set: QuestionSet) -> int:
    highest = question_set.questions.active().aggregate(Max("position"))["position__max"]
    return (highest or 0) + 1


@transaction.atomic
def question_add(
    *,
    question_set: QuestionSet,
    kind: str,
    prompt: str,
    options: Sequence[str],
    key: int = 0,
    note: str = "",
) -> Question:
    """A teacher's own question: multiple choice (`key` is the right option's index) or
    ordering (the options given in the right order)."""
    options = [option.strip() for option in options if option.strip()]
    try:
        _check_question(prompt=prompt, options=options, kind=kind, note=note)
    except ValidationError as error:
        problems = error.message_dict
    else:
        problems = {}
    if kind != QuestionKind.ORDERING and not 0 <= key < len(options):
        # Told with the others: a teacher fixes every line in one go.
        problems["key"] = [_("正確答案要填 1 到 %(count)s 之間的行數。") % {"count": len(options)}]
    if problems:
        raise ValidationError(problems)
    if kind == QuestionKind.ORDERING:
        # Shown in a stable order that is not the answer; the key says the time order.
        shown = sorted(options, key=fold_key)
        key_list = [shown.index(option) for option in options]
        options = shown
    else:
        key_list = [key]
    return question_create(
        question_set=question_set,
        position=_next_position(question_set),
        kind=kind,
        prompt=prompt.strip(),
        options=options,
        key=key_list,
        explanation="",
        note=note.strip(),
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
    # Another question in a teacher's eyes: not the same stem with the other leader as
    # its key, nor options the set already shows in full, while there are others.
    shown = {frozenset(q.options) for q in question_set.questions.active()}
    unlike = [d for d in fresh if d.prompt != question.prompt and frozenset(d.options) not in shown]
    pool = unlike or fresh
    # Deterministic per set and position, so a second click gives yet another question.
    draft = pool[(question_set.seed + question.position + len(taken)) % len(pool)]
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
