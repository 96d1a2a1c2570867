from __future__ import annotations

from django.apps import AppConfig
from django.db.migrations.serializer import BaseSerializer
from django.db.migrations.writer import MigrationWriter
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from quizapp import versions
from quizapp.vocabulary import Vocabulary


class VocabularySerializer(BaseSerializer):
    """A vocabulary code in a migration is written as its plain string ('day'), so old
    migrations never depend on today's vocabulary module."""

    def serialize(self) -> tuple[str, set[str]]:
        return repr(str(self.value)), set()


class FactsConfig(AppConfig):
    name = "quizapp.facts"
    verbose_name = _("史實資料")

    def ready(self) -> None:
        MigrationWriter.register_serializer(Vocabulary, VocabularySerializer)
        # Every write (the admin, the loader, a shell) gives the facts a fresh version:
        # the timeline, the home page's counts and the practice pool are built anew.
        for model in self.get_models():
            post_save.connect(versions.facts_changed, sender=model, dispatch_uid=f"facts-{model}")
            post_delete.connect(
                versions.facts_changed, sender=model, dispatch_uid=f"facts-{model}-deleted"
            )
