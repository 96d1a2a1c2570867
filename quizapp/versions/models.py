from __future__ import annotations

from django.db import models


class Version(models.Model):
    """The current version of one kind of data ("facts", "sets"): a random token,
    replaced in the same transaction as every write to that data."""

    name = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
