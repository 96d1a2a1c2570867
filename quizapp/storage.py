"""Static files as WhiteNoise serves them, with each file's URL worked out once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every page names the same few files, and finding a file's hashed URL (the
    manifest look-up, then joining it to STATIC_URL) cost more than the rest of a
    `{% static %}`. The manifest is read once, when the process starts, so a URL it gives
    cannot change while the process runs: each is kept after the first time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or settings.DEBUG or name is None:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
