from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "quizapp.accounts"
    verbose_name = _("帳號")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_teacher_group, sender=self)


def _ensure_teacher_group(sender, **kwargs) -> None:
    # After every migrate (tests included): the quizzes permissions exist by then.
    from quizapp.accounts.roles import teacher_group

    teacher_group()
