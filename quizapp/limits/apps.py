from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "quizapp.limits"
    verbose_name = _("流量限制")
