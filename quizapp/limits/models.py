from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Requests from one client address for one purpose in one time window.

    Kept in the database so every app process (and machine) shares the count.
    """

    scope = models.CharField(max_length=20)
    client = models.CharField(max_length=64)
    window = models.BigIntegerField()  # window start, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window"], name="one_counter_per_window"
            )
        ]
        indexes = [models.Index(fields=["window"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.client} {self.window}: {self.count}"
