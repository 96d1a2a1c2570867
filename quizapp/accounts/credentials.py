"""Usernames and first passwords for accounts a teacher creates from a class list.

Pure Python. Both are read off a printed card and typed by a child on a phone: lower-case
only, no characters that look alike (0/o, 1/l/i), short groups split by hyphens.
"""

from __future__ import annotations

import secrets

# No 0, 1, o, l, i: on a printed card they are mistaken for each other.
USERNAME_LETTERS = "abcdefghjkmnpqrstuvwxyz"
DIGITS = "23456789"
# Syllables (a consonant and a vowel) read aloud and typed easily; no o or i.
CONSONANTS = "bdfghjkmnprstvwz"
VOWELS = "aeu"


def username_for(*, prefix: str, seat: int) -> str:
    """`prefix` (the class's, from USERNAME_LETTERS and DIGITS) and the 座號: k7m2-05."""
    return f"{prefix}-{seat:02d}"


def random_suffix(length: int = 3) -> str:
    return "".join(secrets.choice(USERNAME_LETTERS + DIGITS) for _ in range(length))


def readable_password() -> str:
    """Four syllables and two digits, like `kabe-tuna-38`: about 28 bits, enough for a
    first password behind the login's per-username rate limit (ten tries in five
    minutes), and a child reads it off a card without a mistake."""
    syllables = [secrets.choice(CONSONANTS) + secrets.choice(VOWELS) for _ in range(4)]
    digits = "".join(secrets.choice(DIGITS) for _ in range(2))
    return f"{syllables[0]}{syllables[1]}-{syllables[2]}{syllables[3]}-{digits}"
