"""Reading a student's answer from a POST: only the named fields, checked against the
question shown. Everything else in the body (a `score`, an `is_correct`) is ignored."""

from __future__ import annotations

import re

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from quizapp.quizzes.exceptions import InvalidAnswer
from quizapp.quizzes.models import AttemptSlot
from quizapp.vocabulary import Direction

MAX_ANSWER_BODY = 8 * 1024  # a real answer is a few hundred bytes


def too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_ANSWER_BODY
    except ValueError:
        return True


def read_seq(post: QueryDict) -> int:
    value = post.get("seq", "")
    # ASCII digits only: str.isdigit() also accepts 「²」 and 「①」, which int() refuses.
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise InvalidAnswer(_("表單缺少作答序號，請重新載入頁面再作答。"))
    return int(value)


def read_choice(post: QueryDict, slot: AttemptSlot) -> list[int]:
    chosen = post.getlist("choice")
    if not chosen:
        raise InvalidAnswer(_("請先選擇一個答案。"))
    if len(chosen) > 1 or chosen[0] not in slot.ids:
        raise InvalidAnswer(_("這個選項不屬於這一題，請重新選擇。"))
    return [slot.index_of(chosen[0])]


def read_order(post: QueryDict, slot: AttemptSlot) -> list[str]:
    """The arrangement as opaque ids: every item of the question exactly once."""
    order = post.getlist("order")
    if sorted(order) != sorted(slot.ids):
        raise InvalidAnswer(_("排序的項目不完整或有重複，請重新排列。"))
    return order


def read_move(post: QueryDict, order: list[str]) -> tuple[Direction, str]:
    """'up:<id>' or 'down:<id>': which item the student moved, and which way."""
    direction, _sep, item = post.get("move", "").partition(":")
    if direction not in Direction or item not in order:
        raise InvalidAnswer(_("無法移動這個項目，請重新排列。"))
    return Direction(direction), item


def apply_move(order: list[str], *, direction: Direction, item: str) -> list[str]:
    """The arrangement after moving `item` one place; at either end it stays put."""
    index = order.index(item)
    target = index - 1 if direction == Direction.UP else index + 1
    if not 0 <= target < len(order):
        return order
    moved = list(order)
    moved[index], moved[target] = moved[target], moved[index]
    return moved
