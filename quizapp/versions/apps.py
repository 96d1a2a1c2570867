from __future__ import annotations

from django.apps import AppConfig


class VersionsConfig(AppConfig):
    name = "quizapp.versions"
