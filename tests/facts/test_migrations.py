"""A database loaded before sources existed keeps its facts: they join the shipped article."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


def test_facts_loaded_before_sources_existed_belong_to_the_shipped_article():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = migrate([("facts", "0001_initial")])
    try:
        old = executor.loader.project_state([("facts", "0001_initial")]).apps
        place = old.get_model("facts", "Place").objects.create(key="test-place", name="測試地點")
        old.get_model("facts", "Person").objects.create(
            key="test-person", name="測試人物", side="ROK", kind="leader"
        )
        executor = migrate([("facts", "0003_source_required")])
        new = executor.loader.project_state([("facts", "0003_source_required")]).apps
        source = new.get_model("facts", "Source").objects.get()
        assert source.licence == "CC BY-SA 4.0" and "文在寅" in source.text
        assert new.get_model("facts", "Place").objects.get(pk=place.pk).source_id == source.pk
        assert (
            new.get_model("facts", "Person").objects.get(key="test-person").source_id == source.pk
        )
    finally:
        migrate(latest)
