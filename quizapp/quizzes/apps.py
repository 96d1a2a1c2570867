from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizapp.quizzes"
    verbose_name = _("測驗")

    def ready(self) -> None:
        from quizapp import versions
        from quizapp.quizzes import signals  # noqa: F401  (connects the receivers)
        from quizapp.quizzes.models import Question, QuestionFact, QuestionSet

        # Every write to a set or its questions gives the sets a fresh version: the
        # home page's list and the start pages are built anew. (Attempts and answers
        # change neither.)
        for model in (QuestionSet, Question, QuestionFact):
            post_save.connect(versions.sets_changed, sender=model, dispatch_uid=f"sets-{model}")
            post_delete.connect(
                versions.sets_changed, sender=model, dispatch_uid=f"sets-{model}-deleted"
            )
