from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemoryConfig(AppConfig):
    name = "quizapp.memory"
    verbose_name = _("記憶")

    def ready(self) -> None:
        from quizapp.memory import signals  # noqa: F401  (connects the login receiver)
