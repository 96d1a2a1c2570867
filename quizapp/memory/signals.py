"""A guest who logs in keeps what they practised, as they keep their attempts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from quizapp.accounts.guests import guest_token
from quizapp.memory.services import memory_move_to_account


@receiver(user_logged_in)
def memory_follows_the_guest_into_the_account(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and (token := guest_token(request)):
        memory_move_to_account(guest_token=token, user_id=user.pk)
