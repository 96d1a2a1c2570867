from __future__ import annotations

from django.apps import AppConfig
from django.db.migrations.serializer import BaseSerializer
from django.db.migrations.writer import MigrationWriter
from django.utils.translation import gettext_lazy as _

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
