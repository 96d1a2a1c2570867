from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "quizapp.practice"
    verbose_name = _("練習")

    def ready(self) -> None:
        from quizapp.facts import models as facts
        from quizapp.practice.pool import facts_changed

        for model in (
            facts.Event,
            facts.Participation,
            facts.Person,
            facts.PersonAlias,
            facts.PersonRole,
            facts.Place,
            facts.PlaceAlias,
            facts.Statement,
        ):
            post_save.connect(facts_changed, sender=model, dispatch_uid=f"practice-{model}")
            post_delete.connect(facts_changed, sender=model, dispatch_uid=f"practice-{model}-del")
