"""A quicker hash for the first passwords printed on login cards.

A class list of 300 would take minutes under the default PBKDF2 (about 0.4 s a
password). A first password is random and short-lived: Django re-hashes it with the
default hasher at the student's first login (this hasher is not the preferred one), so
only passwords nobody has used yet are ever stored this way.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher

FIRST_PASSWORD_ALGORITHM = "pbkdf2_sha256_first"


class FirstPasswordHasher(PBKDF2PasswordHasher):
    algorithm = FIRST_PASSWORD_ALGORITHM
    iterations = 20_000
