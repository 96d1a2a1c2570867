"""Sentences about sets and scopes for a teacher, made here through gettext: the
generator returns only codes and counts."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from quizapp.generator.drafts import Rule
from quizapp.generator.generate import NotEnoughQuestions, Scope
from quizapp.labels import label
from quizapp.vocabulary import Phase, Side


def scope_description(scope: Scope) -> str:
    """「階段：第一天；陣營：大韓民國」, or 「全部事實」 for no limits."""
    parts = []
    if scope.phases:
        phases = "、".join(label(Phase(p)) for p in sorted(scope.phases))
        parts.append(_("階段：%(phases)s") % {"phases": phases})
    if scope.person_keys:
        parts.append(_("人物：%(people)s") % {"people": "、".join(sorted(scope.person_keys))})
    if scope.sides:
        sides = "、".join(label(Side(s)) for s in sorted(scope.sides))
        parts.append(_("陣營：%(sides)s") % {"sides": sides})
    if scope.date_from or scope.date_to:
        parts.append(
            _("日期：%(start)s 至 %(end)s")
            % {"start": scope.date_from or "…", "end": scope.date_to or "…"}
        )
    return "；".join(parts) or _("全部事實")


def not_enough_questions(error: NotEnoughQuestions) -> str:
    """How many questions the scope can make, per kind, and what to do about it."""
    by_kind = "、".join(
        _("%(kind)s %(count)s 題") % {"kind": label(kind), "count": count}
        for kind, count in error.available.items()
    ) or _("沒有任何題目")
    return _(
        "這個範圍（%(scope)s）只能出 %(total)s 題，少於要求的 %(asked)s 題（%(by_kind)s）。"
        "請放寬範圍、增加題型或減少題數。"
    ) % {
        "scope": scope_description(error.scope),
        "total": sum(error.available.values()),
        "asked": error.asked,
        "by_kind": by_kind,
    }


RULE_WORDING = {
    Rule.ONE_KEY: gettext_noop("不是恰好一個正確選項：別的選項也可能對，或答案無法確定"),
    Rule.OPTIONS: gettext_noop("選項不合規則：重複、長短懸殊、格式不一或沒有依序排列"),
    Rule.STEM: gettext_noop("題目本身洩露了答案"),
    Rule.ORDER: gettext_noop("排序題的事件先後不明確"),
    Rule.NAMES: gettext_noop("人名會混淆：同名者沒有標籤，或同一人出現兩次"),
}


def rule_broken(rule: Rule | None) -> str:
    """Why a question would be lost: the rule that drops it, or that it is no longer
    made at all (a phrase cleared, an event marked disputed)."""
    if rule is None:
        return _("不再產生：修改後，題目產生器不再出這道題（例如說法清空、事件標記為自相矛盾）")
    return _("規則不再通過：%(rule)s") % {"rule": _(RULE_WORDING[rule])}
