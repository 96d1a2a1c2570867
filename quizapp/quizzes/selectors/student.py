"""Reads for the student screens, each in a fixed number of queries whatever the set's size."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Min, Q

from quizapp import versions
from quizapp.grading import grade_ordering
from quizapp.quizzes.models import (
    JOIN_CODE_LENGTH,
    Attempt,
    AttemptQuerySet,
    AttemptSlot,
    Question,
    QuestionFact,
    QuestionSet,
    Response,
)
from quizapp.sql import model_columns, quote
from quizapp.vocabulary import AttemptState, Direction, FactRef, ReviewMoment, SetStatus

# Whoever is at the browser: an account, or a visitor known only by a guest cookie.
Visitor = User | AnonymousUser | None


def public_sets() -> list[QuestionSet]:
    """The sets their teachers list on the home page, open now, in the story's order: by
    the earliest date they ask about (第一天 before 第二天), then by title. Never an
    archived set, whatever its status.

    The list is kept between writes to the sets or the facts (an event's date orders
    it); whether each set is open is decided now, since opening and closing times pass
    without a write."""
    listed = versions.cached(
        sources=(versions.SETS, versions.FACTS), key=("public-sets",), build=_public_sets_listed
    )
    return [question_set for question_set in listed if question_set.is_open]


def _public_sets_listed() -> list[QuestionSet]:
    active = Q(questions__is_active=True)
    return list(
        QuestionSet.objects.filter(status=SetStatus.PUBLISHED, is_public=True, is_archived=False)
        .annotate(
            question_count=Count("questions", filter=active, distinct=True),
            first_date=Min("questions__facts__event__date", filter=active),
        )
        .order_by(F("first_date").asc(nulls_last=True), "title")
    )


def normalise_join_code(text: str) -> str:
    """What a student types, in any case, full width (a Chinese IME's Ｎ９), with spaces or
    dashes, folds to the code (cut short: a long paste is no code)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    letters = "".join(ch for ch in folded if ch.isascii() and ch.isalnum())
    return letters[: JOIN_CODE_LENGTH * 2]


def set_by_join_code(code: str) -> QuestionSet | None:
    """The published set with this code; an archived one is out of use, like a closed one."""
    return QuestionSet.objects.filter(
        join_code=code, status=SetStatus.PUBLISHED, is_archived=False
    ).first()


def set_shown_by_join_code(code: str) -> QuestionSet | None:
    """`set_by_join_code` for a page that only shows the set: kept between writes to the
    sets, so a class opening its start page at once asks the database only the sets'
    version. A code that finds nothing is not kept: a guesser's codes would fill the
    cache."""
    return versions.cached(
        sources=(versions.SETS,),
        key=("set-by-code", code),
        build=lambda: set_by_join_code(code),
        keep=lambda found: found is not None,
    )


def active_question_count(*, question_set: QuestionSet) -> int:
    return question_set.questions.active().count()


def owner_filter(*, user: Visitor, guest_token: str) -> Q:
    """The attempts this browser may open: the account's, or else this guest's."""
    if user is not None and user.is_authenticated:
        return Q(user=user)
    return _guest_filter(guest_token)


def _guest_filter(guest_token: str) -> Q:
    if guest_token:
        return Q(user__isnull=True, guest_token=guest_token)
    return Q(pk__in=[])


def is_stranger(*, user: Visitor, guest_token: str) -> bool:
    """No account and no guest cookie: a browser that has taken nothing. Its look-ups are
    answered without building a query (a whole class opens its pages like this)."""
    return not guest_token and (user is None or not user.is_authenticated)


def person_filter(*, user: Visitor, guest_token: str) -> Q:
    """Everything this person did on the set: the account's attempts and this browser's
    guest attempts left outside it. Attempt limits count them together."""
    if user is not None and user.is_authenticated:
        return Q(user=user) | _guest_filter(guest_token)
    return _guest_filter(guest_token)


def attempts_used(*, question_set: QuestionSet, user: Visitor, guest_token: str) -> int:
    if is_stranger(user=user, guest_token=guest_token):
        return 0
    return (
        Attempt.objects.counted()
        .filter(person_filter(user=user, guest_token=guest_token), question_set=question_set)
        .count()
    )


def attempt_for_owner(*, public_id: UUID, user: Visitor, guest_token: str) -> Attempt | None:
    """The attempt with its set, if it belongs to this browser's student; None for
    anyone else's.

    Every question page, answer and results page starts here, so the query is written
    in SQL rather than built and compiled by the ORM each time (compiling it cost ten
    times running it); the models come out as `select_related("question_set")` makes
    them."""
    owner_value: object
    if user is not None and user.is_authenticated:
        owner, owner_value = "a.user_id = %s", user.pk
    elif guest_token:
        owner, owner_value = "a.user_id IS NULL AND a.guest_token = %s", guest_token
    else:
        return None
    attempts = model_columns(Attempt, "a")
    sets = model_columns(QuestionSet, "s")
    public_id_value = Attempt._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {attempts.select}, {sets.select} "
            f"FROM {quote(Attempt._meta.db_table)} a "
            f"INNER JOIN {quote(QuestionSet._meta.db_table)} s ON s.id = a.question_set_id "
            f"WHERE a.public_id = %s AND {owner}",
            [public_id_value, owner_value],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    attempt = attempts.build(row[: len(attempts)])
    Attempt._meta.get_field("question_set").set_cached_value(
        attempt, sets.build(row[len(attempts) :])
    )
    return attempt


def _taken(*, preview: bool) -> AttemptQuerySet:
    """A student's attempts, or a teacher's previews: the start page of each shows only
    its own kind, so a preview never offers to resume or review a student's attempt."""
    return Attempt.objects.previews() if preview else Attempt.objects.counted()


def attempt_in_progress(
    *, question_set: QuestionSet, user: Visitor, guest_token: str, preview: bool = False
) -> Attempt | None:
    if is_stranger(user=user, guest_token=guest_token):
        return None
    return (
        _taken(preview=preview)
        .filter(
            owner_filter(user=user, guest_token=guest_token),
            question_set=question_set,
            state=AttemptState.IN_PROGRESS,
        )
        .order_by("-started_at")
        .first()
    )


def finished_attempts(
    *, question_set: QuestionSet, user: Visitor, guest_token: str, preview: bool = False
) -> list[Attempt]:
    """This person's finished attempts on the set, newest first: the reviews to go back to."""
    if is_stranger(user=user, guest_token=guest_token):
        return []
    return list(
        _taken(preview=preview)
        .filter(
            owner_filter(user=user, guest_token=guest_token),
            question_set=question_set,
            state=AttemptState.FINISHED,
        )
        .order_by("-started_at")[:10]
    )


def past_attempts(*, user: Visitor, guest_token: str) -> list[Attempt]:
    """「我的作答」 on the home page: a teacher's previews are not among them."""
    if is_stranger(user=user, guest_token=guest_token):
        return []
    return list(
        Attempt.objects.counted()
        .select_related("question_set")
        .filter(owner_filter(user=user, guest_token=guest_token))
        .order_by("-started_at")[:20]
    )


# How long a set's questions stay in the cache unread. Their key changes whenever they
# do, so this only bounds the memory an old version holds.
SET_QUESTIONS_SECONDS = 60 * 60


def _set_cache_key(what: str, question_set: QuestionSet) -> str:
    """A key for data every student of the set shares, under the set's updated_at: every
    write to its questions moves it (quizzes/signals.py), so an edit is read at once by
    every process (the version comes with the set's row, from the database, not from a
    cache another process may not share) and nothing has to be deleted."""
    version = question_set.updated_at.timestamp()
    return f"quizzes:set:{question_set.pk}:{version:.6f}:{what}"


# The shared data is also kept in this process, for the last few keys: read back from
# the cache, every question is unpickled again, twice an answer. The keys change with
# the data, so this copy is as current as the cache's.
_kept: dict[str, Any] = {}
KEPT_KEYS = 32


def _shared(key: str, load: Callable[[], Any]) -> Any:
    found = _kept.get(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            found = load()
            cache.set(key, found, SET_QUESTIONS_SECONDS)
        if len(_kept) >= KEPT_KEYS:
            _kept.pop(next(iter(_kept)))
        _kept[key] = found
    return found


def set_questions(*, question_set: QuestionSet) -> dict[int, Question]:
    """Every question of the set by id, retired ones too (the attempts that were dealt
    them keep them): one query for the first student of a class, none for the others.
    Shared by every request of the process: to read, never to change."""
    questions: dict[int, Question] = _shared(
        _set_cache_key("questions", question_set),
        lambda: Question.objects.filter(question_set=question_set).in_bulk(),
    )
    return questions


def set_question_facts(*, question_set: QuestionSet) -> dict[int, tuple[FactRef, ...]]:
    """The facts each of the set's questions was drawn from, in the order they were
    linked (what an answer rates): one query for the first answer, none after."""

    def load() -> dict[int, tuple[FactRef, ...]]:
        links: defaultdict[int, list[FactRef]] = defaultdict(list)
        for link in QuestionFact.objects.filter(question__question_set=question_set).order_by("pk"):
            links[link.question_id].append(link.ref)
        return {question_id: tuple(refs) for question_id, refs in links.items()}

    facts: dict[int, tuple[FactRef, ...]] = _shared(_set_cache_key("facts", question_set), load)
    return facts


def attempt_question(*, attempt: Attempt, question_id: int) -> Question:
    """One of the attempt's questions, from its set's shared copy (a question deleted
    since is looked for, and not found, in the database)."""
    question = set_questions(question_set=attempt.question_set).get(question_id)
    return question or Question.objects.get(pk=question_id)


def current_question(*, attempt: Attempt) -> Question:
    """The question the attempt is on."""
    return attempt_question(attempt=attempt, question_id=attempt.current_slot.question_id)


def move_button_id(direction: Direction, opaque_id: str) -> str:
    """The id of an ordering item's 上移/下移 button: focus returns to it after a move."""
    return f"{direction}-{opaque_id}"


@dataclass(frozen=True)
class ShownOption:
    id: str  # opaque, per attempt
    text: str

    @property
    def up_button_id(self) -> str:
        return move_button_id(Direction.UP, self.id)

    @property
    def down_button_id(self) -> str:
        return move_button_id(Direction.DOWN, self.id)


@dataclass(frozen=True)
class MarkedOption:
    """An option of an answered multiple-choice question, as its feedback lists it: the
    student's choice, and (only while the key may be shown) the key."""

    text: str
    chosen: bool
    is_key: bool | None  # None: the key may not be shown yet

    @property
    def is_wrong_choice(self) -> bool:
        return self.chosen and self.is_key is False


@dataclass(frozen=True)
class PlacedItem:
    """An item of an answered ordering, where the student put it. While the key may be
    shown: whether it has to move (`out_of_place`) and its place in the key (from 1)."""

    text: str
    out_of_place: bool
    key_place: int | None


@dataclass(frozen=True)
class Feedback:
    is_correct: bool
    score: float
    # Empty unless the set shows keys now (its review option): the key option, or the
    # items in time order.
    key_texts: list[str]
    # Multiple choice: every option in the order the student saw them. Ordering: the
    # student's items in their order. Marked with the key only while it may be shown.
    options: list[MarkedOption]
    placed: list[PlacedItem]

    @property
    def shows_key(self) -> bool:
        return bool(self.key_texts)

    @property
    def is_partial(self) -> bool:
        """Some credit short of full: an ordering with some pairs in the right order."""
        return not self.is_correct and self.score > 0


@dataclass(frozen=True)
class Tally:
    """Points scored over the questions answered so far: 「目前得分 3／5」."""

    points: float
    answered: int


@dataclass(frozen=True)
class QuestionScreen:
    question: Question
    number: int
    total: int
    options: list[ShownOption]
    response: Response | None
    feedback: Feedback | None  # only once it may be shown
    # The running score, in sets that say right or wrong after each answer (None in
    # the others: a score that moves would tell what the set keeps back).
    tally: Tally | None = None

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def is_last(self) -> bool:
        return self.number == self.total

    @property
    def progress(self) -> int:
        """The questions done: this one too once it is answered."""
        return self.number if self.answered else self.number - 1

    def arranged(self, order: list[str]) -> list[ShownOption]:
        """The options in the order the student has put them so far."""
        by_id = {option.id: option for option in self.options}
        return [by_id[opaque_id] for opaque_id in order]


def shown_options(question: Question, slot: AttemptSlot) -> list[ShownOption]:
    return [
        ShownOption(id=opaque, text=question.options[index])
        for opaque, index in zip(slot.ids, slot.indices, strict=True)
    ]


def feedback_for(
    question: Question,
    response: Response,
    *,
    show_key: bool,
    shown_order: Sequence[int] | None = None,
) -> Feedback:
    """What the student is told of an answer. Nothing here names the key, or where an
    item belongs, unless `show_key`. `shown_order`: the option indices in the order the
    student saw them (the attempt's slot), else the question's own order."""
    placed: list[PlacedItem] = []
    options: list[MarkedOption] = []
    if question.is_ordering:
        to_move: set[Hashable] = set()
        if show_key:
            rank = {index: position for position, index in enumerate(question.key)}
            result = grade_ordering(response=response.answer, rank=rank)
            to_move = set(result.out_of_place)
        placed = [
            PlacedItem(
                text=question.options[index],
                out_of_place=index in to_move,
                key_place=question.key.index(index) + 1 if show_key else None,
            )
            for index in response.answer
        ]
    else:
        order = shown_order if shown_order is not None else range(len(question.options))
        options = [
            MarkedOption(
                text=question.options[index],
                chosen=index in response.answer,
                is_key=(index in question.key) if show_key else None,
            )
            for index in order
        ]
    return Feedback(
        is_correct=response.is_correct,
        score=response.score,
        key_texts=question.key_texts if show_key else [],
        options=options,
        placed=placed,
    )


def running_tally(*, attempt: Attempt) -> Tally:
    """The points and the number of questions answered so far (one query). Plain SQL:
    on the answer post with immediate feedback, building the ORM's aggregate cost more
    than the rest of the post's reads."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(score), COUNT(*) FROM {quote(Response._meta.db_table)} "
            "WHERE attempt_id = %s",
            [attempt.pk],
        )
        points, answered = cursor.fetchone()
    return Tally(points=float(points or 0.0), answered=int(answered))


def attempt_screen(
    *,
    attempt: Attempt,
    question: Question | None = None,
    response: Response | None = None,
    response_known: bool = False,
) -> QuestionScreen:
    """The current question, with feedback (and the running score) only when the set
    shows it now.

    At most two queries: the question, unless the caller holds it, and with immediate
    feedback the attempt's responses (the answer post, the hot path, knows the one it
    stored and only adds up the rest). Callers finish an attempt whose index has run past
    its last question first.
    """
    slot = attempt.current_slot
    if question is None or question.pk != slot.question_id:
        question = attempt_question(attempt=attempt, question_id=slot.question_id)
        response_known = False
    # With feedback at the end, the current question is never answered yet (an answer
    # moves the attempt on in the same write) and nothing is added up: only immediate
    # feedback looks.
    tally: Tally | None = None
    if attempt.is_immediate and response_known:
        tally = running_tally(attempt=attempt)
    elif attempt.is_immediate:
        responses = list(Response.objects.filter(attempt=attempt))
        response = next((r for r in responses if r.question_id == question.pk), None)
        tally = Tally(points=sum(r.score for r in responses), answered=len(responses))
    elif not response_known:
        response = None
    return QuestionScreen(
        question=question,
        number=attempt.current_index + 1,
        total=len(attempt.slots),
        options=shown_options(question, slot),
        response=response,
        feedback=(
            feedback_for(
                question,
                response,
                show_key=attempt.question_set.reveals_keys(attempt_finished=False),
                shown_order=slot.indices,
            )
            if attempt.is_immediate and response
            else None
        ),
        tally=tally,
    )


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question: Question
    response: Response | None
    feedback: Feedback | None


@dataclass(frozen=True)
class Review:
    items: list[ReviewItem]  # empty while the set keeps its keys back
    keys_shown: bool
    review: ReviewMoment


def attempt_review(*, attempt: Attempt) -> Review:
    """Every question with the student's answer and the key, once the set's review option
    allows: for finished attempts only. Two queries whatever the set's size."""
    if not attempt.is_finished:
        raise ValueError("The review opens once the attempt is finished.")
    question_set = attempt.question_set
    review = ReviewMoment(question_set.review)
    if not question_set.reveals_keys(attempt_finished=True):
        return Review(items=[], keys_shown=False, review=review)
    return Review(items=review_items(attempt=attempt), keys_shown=True, review=review)


def review_items(*, attempt: Attempt) -> list[ReviewItem]:
    """Every question of the attempt in the order it was shown, with the answer given (if
    any) and the key: for the review, and for a teacher, who may always see keys. Two
    queries whatever the set's size."""
    questions = set_questions(question_set=attempt.question_set)
    responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
    items = []
    for number, slot in enumerate(attempt.slots, start=1):
        question = questions.get(slot.question_id)
        if question is None:
            continue
        response = responses.get(slot.question_id)
        feedback = (
            feedback_for(question, response, show_key=True, shown_order=slot.indices)
            if response
            else None
        )
        items.append(
            ReviewItem(number=number, question=question, response=response, feedback=feedback)
        )
    return items


def correct_count(*, attempt: Attempt, review: Review) -> int:
    """How many questions the finished attempt got fully right: 「答對 x 題」. Counted
    from the review when it lists them, else in one query (it names no question)."""
    if review.keys_shown:
        return sum(1 for item in review.items if item.response and item.response.is_correct)
    # Plain SQL: through the ORM, building the count cost several times running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(Response._meta.db_table)} "
            "WHERE attempt_id = %s AND score >= %s",
            [attempt.pk, 1.0],
        )
        (count,) = cursor.fetchone()
    return int(count)


def retake_allowed(*, attempt: Attempt, user: Visitor, guest_token: str) -> bool:
    """Whether the results offer 「再做一次」: the set still takes new attempts and this
    person has attempts left (a query only when the set limits them). A teacher's
    preview has its own way back."""
    question_set = attempt.question_set
    if attempt.is_preview or question_set.is_archived or not question_set.is_open:
        return False
    if question_set.requires_account and not (user is not None and user.is_authenticated):
        return False
    if not question_set.attempts_allowed:
        return True
    used = attempts_used(question_set=question_set, user=user, guest_token=guest_token)
    return used < question_set.attempts_allowed


def guest_name(*, guest_token: str) -> str:
    """The name this browser's guest last answered under ("" when none)."""
    if not guest_token:
        return ""
    latest = (
        Attempt.objects.filter(_guest_filter(guest_token))
        .order_by("-started_at")
        .values_list("display_name", flat=True)
        .first()
    )
    return latest or ""
