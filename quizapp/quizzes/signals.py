"""Receivers.

A guest who logs in keeps their attempts: this browser's guest attempts move into the
account, so resuming and the attempt count work the same after logging in. Only this
browser's current guest's (a shared computer's earlier guests were ended with 「不是你？」),
and never past a set's attempt limit: attempts beyond it stay with the guest.

A change to a set's questions, or to the facts they link to, moves the set's updated_at:
the version under which every student shares the set's questions in the cache
(selectors/student.py). Receivers catch every way in (services, admin, shell); a bulk
write skips them, which is why the services create a question and then its links.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizapp.accounts.guests import guest_token
from quizapp.facts.models import Event, Person, Statement
from quizapp.quizzes.models import Attempt, Question, QuestionFact, QuestionSet


@receiver(user_logged_in)
def attempts_follow_the_guest_into_the_account(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is None:
        return
    token = guest_token(request)
    if not token:
        return
    guest_attempts = Attempt.objects.filter(user__isnull=True, guest_token=token).select_related(
        "question_set"
    )
    moved, kept = 0, 0
    for attempt in guest_attempts.order_by("started_at"):
        limit = attempt.question_set.attempts_allowed
        if (
            limit
            and Attempt.objects.counted()
            .filter(user=user, question_set_id=attempt.question_set_id)
            .count()
            >= limit
        ):
            kept += 1
            continue
        Attempt.objects.filter(pk=attempt.pk).update(user=user, guest_token="")
        moved += 1
    if moved:
        messages.info(
            request,
            ngettext(
                "你在這台電腦以訪客身分做的 %(count)s 次作答，已經移到你的帳號。",
                "你在這台電腦以訪客身分做的 %(count)s 次作答，已經移到你的帳號。",
                moved,
            )
            % {"count": moved},
        )
    if kept:
        messages.warning(
            request,
            _("另有 %(count)s 次作答會超過題組的作答次數，所以留在訪客名下，沒有移過來。")
            % {"count": kept},
        )


@receiver([post_save, post_delete], sender=Question)
def a_question_change_moves_its_set(sender: Any, instance: Question, **kwargs: Any) -> None:
    QuestionSet.objects.filter(pk=instance.question_set_id).update(updated_at=timezone.now())


# Before the delete: its links to questions go with the fact.
@receiver(pre_delete, sender=Event)
@receiver(pre_delete, sender=Person)
@receiver(pre_delete, sender=Statement)
def a_deleted_fact_moves_the_sets_that_ask_about_it(
    sender: Any, instance: Event | Person | Statement, **kwargs: Any
) -> None:
    field = {Event: "event", Person: "person", Statement: "statement"}[sender]
    asking = QuestionFact.objects.filter(**{field: instance}).values("question__question_set")
    QuestionSet.objects.filter(pk__in=asking).update(updated_at=timezone.now())
