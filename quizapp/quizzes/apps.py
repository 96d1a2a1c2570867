from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizapp.quizzes"
    verbose_name = _("測驗")

    def ready(self) -> None:
        from quizapp.quizzes import signals  # noqa: F401  (connects the receivers)
