from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "quizapp.facts"
    verbose_name = _("史實資料")
