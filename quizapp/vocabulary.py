"""The domain's words, defined once: the codes the generator, the models and the pages share.

Pure Python (no Django). Each word is a code (what is stored and compared) with its
Traditional Chinese label as a message id, marked with `gettext_noop` so `make messages`
collects it. Only the Django layer turns a label into words a user reads
(`quizapp.labels`); pure modules return codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Self


def gettext_noop(message: str) -> str:
    """Mark a label for the translation catalogue; the Django layer translates it."""
    return message


class Vocabulary(StrEnum):
    """A coded word and its label: `Phase.DAY1 == "day1"`, `Phase.DAY1.label == "第一天"`.

    Members are written `CODE = "code", gettext_noop("label")`; `Phase("day1")` looks a
    member up by its code, as with any enum.
    """

    label: str

    if not TYPE_CHECKING:
        # Hidden from the type checker, which would otherwise read every look-up by
        # code as a call that lacks its label.
        def __new__(cls, value: str, label: str) -> Self:
            member = str.__new__(cls, value)
            member._value_ = value
            member.label = label
            return member


# ---- the fact base ------------------------------------------------------------------


class Phase(Vocabulary):
    """The article's sections, in the article's order."""

    # The lead and 「名稱」: what the summit was, and what it was called.
    NAME = "name", gettext_noop("名稱")
    BACKGROUND = "background", gettext_noop("背景")
    PREPARATION = "preparation", gettext_noop("準備")
    DAY1 = "day1", gettext_noop("第一天")
    DAY2 = "day2", gettext_noop("第二天")
    DAY3 = "day3", gettext_noop("第三天")
    AFTERMATH = "aftermath", gettext_noop("後續")
    COVERAGE = "coverage", gettext_noop("報導")


SUMMIT_DAYS = (Phase.DAY1, Phase.DAY2, Phase.DAY3)


class Side(Vocabulary):
    ROK = "ROK", gettext_noop("大韓民國")
    DPRK = "DPRK", gettext_noop("朝鮮")
    US = "US", gettext_noop("美國")
    UN = "UN", gettext_noop("聯合國")
    JP = "JP", gettext_noop("日本")
    CN = "CN", gettext_noop("中國")
    RU = "RU", gettext_noop("俄羅斯")
    OTHER = "OTHER", gettext_noop("其他")


class PersonKind(Vocabulary):
    LEADER = "leader", gettext_noop("國家領導人")
    SPOUSE = "spouse", gettext_noop("領導人配偶")
    OFFICIAL = "official", gettext_noop("官員")
    FORMER_LEADER = "former_leader", gettext_noop("前任領導人")
    OTHER = "other", gettext_noop("其他人物")


class DatePrecision(Vocabulary):
    DAY = "day", gettext_noop("日")
    MONTH = "month", gettext_noop("月")


class TimePrecision(Vocabulary):
    NONE = "none", gettext_noop("無時間")
    PART_OF_DAY = "part_of_day", gettext_noop("時段（上午、下午……）")
    HOUR = "hour", gettext_noop("整點")
    MINUTE = "minute", gettext_noop("分鐘")


class PartOfDay(Vocabulary):
    """Stored as the article writes it, so a part of day reads the same in any question."""

    EARLY_MORNING = "早上", gettext_noop("早上")
    MORNING = "上午", gettext_noop("上午")
    NOON = "中午", gettext_noop("中午")
    AFTERNOON = "下午", gettext_noop("下午")
    EVENING = "晚上", gettext_noop("晚上")


class Part(Vocabulary):
    """What a person did in an event."""

    SIGNED = "signed", gettext_noop("簽署")
    HOSTED = "hosted", gettext_noop("主持")
    WELCOMED = "welcomed", gettext_noop("迎接")
    ACCOMPANIED = "accompanied", gettext_noop("陪同")
    ATTENDED = "attended", gettext_noop("出席")
    MET = "met", gettext_noop("會見")
    SPOKE = "spoke", gettext_noop("發言")
    # Named in the event but in none of the parts above (「特朗普指令蓬佩奧……」). It lets a
    # question know this person is linked to the event, so they are never a distractor.
    MENTIONED = "mentioned", gettext_noop("涉及")


class FactKind(Vocabulary):
    EVENT = "event", gettext_noop("事件")
    PERSON = "person", gettext_noop("人物")
    STATEMENT = "statement", gettext_noop("陳述")


class StatementKind(Vocabulary):
    """What else the article states, beyond dated events and who held which post."""

    NUMBER = "number", gettext_noop("數字")
    AGREEMENT = "agreement", gettext_noop("協議內容")
    QUOTE = "quote", gettext_noop("言論")
    FIRST = "first", gettext_noop("首次")
    NAME = "name", gettext_noop("名稱")


class SpeakerKind(Vocabulary):
    """Who a quote is attributed to: options of one kind only (a party among people is a cue)."""

    PERSON = "person", gettext_noop("人物")
    PARTY = "party", gettext_noop("政黨")
    MEDIA = "media", gettext_noop("媒體")
    GOVERNMENT = "government", gettext_noop("政府機關")


@dataclass(frozen=True, order=True)
class FactRef:
    """Which fact a question asks about: `FactRef(FactKind.EVENT, 12)`, written "event:12"."""

    kind: FactKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> FactRef:
        kind, _sep, number = text.partition(":")
        if not number.isascii() or not number.isdigit():
            raise ValueError(f"Not a fact reference: {text!r}")
        return cls(FactKind(kind), int(number))


# ---- questions and quizzes ----------------------------------------------------------


class QuestionKind(Vocabulary):
    DATE = "date", gettext_noop("日期選擇題")
    TIME = "time", gettext_noop("時間選擇題")
    PARTICIPANT = "participant", gettext_noop("參與者選擇題")
    ROLE = "role", gettext_noop("職務選擇題")
    PLACE = "place", gettext_noop("地點選擇題")
    ORDERING = "ordering", gettext_noop("排序題")
    NUMBER = "number", gettext_noop("數字選擇題")
    AGREEMENT = "agreement", gettext_noop("協議內容選擇題")
    QUOTE = "quote", gettext_noop("言論出處選擇題")
    FIRST = "first", gettext_noop("首次選擇題")
    NAME = "name", gettext_noop("名稱選擇題")
    # A teacher's own multiple-choice question; the generator never makes one.
    CHOICE = "choice", gettext_noop("自訂選擇題")


GENERATED_KINDS = tuple(kind for kind in QuestionKind if kind != QuestionKind.CHOICE)


class FeedbackMode(Vocabulary):
    IMMEDIATE = "immediate", gettext_noop("每題作答後立即回饋")
    DEFERRED = "deferred", gettext_noop("全部作答完才看結果")


class ReviewMoment(Vocabulary):
    """When a student may see the keys and the article's sentences behind them."""

    AFTER_EACH = "after_each", gettext_noop("每題作答後")
    AFTER_ATTEMPT = "after_attempt", gettext_noop("整次作答完成後")
    AFTER_CLOSE = "after_close", gettext_noop("題組關閉後")
    NEVER = "never", gettext_noop("不公布（只看分數）")


class OrderingGrading(Vocabulary):
    PAIRS = "pairs", gettext_noop("按相對順序給部分分數")
    ALL_OR_NOTHING = "all_or_nothing", gettext_noop("完全正確才得分")


class SetStatus(Vocabulary):
    DRAFT = "draft", gettext_noop("草稿")
    PUBLISHED = "published", gettext_noop("已發布")
    CLOSED = "closed", gettext_noop("已關閉")


class AttemptState(Vocabulary):
    IN_PROGRESS = "in_progress", gettext_noop("作答中")
    FINISHED = "finished", gettext_noop("已完成")


class Direction(Vocabulary):
    """Moving an item (an ordering item, a question in a set) one place."""

    UP = "up", gettext_noop("上移")
    DOWN = "down", gettext_noop("下移")
