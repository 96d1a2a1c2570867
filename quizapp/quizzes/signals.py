"""A guest who logs in keeps their attempts: they move from the browser's guest cookie
to the account, so resuming and the attempt count work the same after logging in."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from quizapp.accounts.guests import guest_token
from quizapp.quizzes.models import Attempt


@receiver(user_logged_in)
def attempts_follow_the_guest_into_the_account(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    token = guest_token(request)
    if token:
        Attempt.objects.filter(user__isnull=True, guest_token=token).update(
            user=user, guest_token=""
        )
