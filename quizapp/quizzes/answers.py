"""Reading a student's answer from a POST: only the named fields, checked against the
question shown. Everything else in the body (a `score`, an `is_correct`) is ignored."""

from __future__ import annotations

import re

from django.http import QueryDict
from django.utils.translation import gettext as _

from quizapp.quizzes.services import InvalidAnswer

MAX_ANSWER_BODY = 8 * 1024  # a real answer is a few hundred bytes


def read_seq(post: QueryDict) -> int:
    value = post.get("seq", "")
    # ASCII digits only: str.isdigit() also accepts 「²」 and 「①」, which int() refuses.
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise InvalidAnswer(_("表單缺少作答序號，請重新載入頁面再作答。"))
    return int(value)


def read_choice(post: QueryDict, slot: dict) -> list[int]:
    chosen = post.getlist("choice")
    if not chosen:
        raise InvalidAnswer(_("請先選擇一個答案。"))
    if len(chosen) > 1 or chosen[0] not in slot["ids"]:
        raise InvalidAnswer(_("這個選項不屬於這一題，請重新選擇。"))
    return [slot["indices"][slot["ids"].index(chosen[0])]]


def read_order(post: QueryDict, slot: dict) -> list[str]:
    """The arrangement as opaque ids: every item of the question exactly once."""
    order = post.getlist("order")
    if sorted(order) != sorted(slot["ids"]):
        raise InvalidAnswer(_("排序的項目不完整或有重複，請重新排列。"))
    return order


def order_as_indices(order: list[str], slot: dict) -> list[int]:
    position = dict(zip(slot["ids"], slot["indices"], strict=True))
    return [position[opaque] for opaque in order]


def apply_move(order: list[str], move: str) -> tuple[list[str], str]:
    """'up:<id>' or 'down:<id>' → the new arrangement and the pressed button's id."""
    direction, _sep, item = move.partition(":")
    if direction not in ("up", "down") or item not in order:
        raise InvalidAnswer(_("無法移動這個項目，請重新排列。"))
    index = order.index(item)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order = list(order)
        order[index], order[target] = order[target], order[index]
    return order, f"{direction}-{item}"
