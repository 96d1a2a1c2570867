"""The teacher's forms: they read and check input; the services decide and write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quizapp.facts.selectors import people_taking_part
from quizapp.generator.generate import Scope
from quizapp.labels import choices, label
from quizapp.quizzes.models import QuestionSet
from quizapp.quizzes.services.question_sets import SetSettings
from quizapp.vocabulary import (
    GENERATED_KINDS,
    FeedbackMode,
    OrderingGrading,
    Phase,
    QuestionKind,
    ReviewMoment,
    Side,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_KINDS = [
    QuestionKind.DATE,
    QuestionKind.PARTICIPANT,
    QuestionKind.PLACE,
    QuestionKind.ORDERING,
]


# Bounds a teacher's numbers stay within, the same on SQLite and PostgreSQL (a school day
# is under ten hours; a hundred attempts is already practice, not a test).
MAX_TIME_LIMIT_MINUTES = 600
MAX_ATTEMPTS = 100
MAX_SEED = 2**31 - 1
LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


def when_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=[LOCAL_DATETIME, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
        error_messages={"invalid": _("請填日期和時間，例如 2026-12-01 08:00。")},
    )


class SetSettingsForm(forms.ModelForm):
    time_limit_minutes = forms.IntegerField(
        label=_("時間限制（分鐘）"),
        required=False,
        min_value=1,
        max_value=MAX_TIME_LIMIT_MINUTES,
        help_text=_("不限時請留空。"),
        error_messages={
            "min_value": _("時間限制至少 1 分鐘；不限時請留空。"),
            "max_value": _("時間限制最多 %(limit_value)s 分鐘。"),
        },
    )
    attempts_allowed = forms.IntegerField(
        label=_("可作答次數"),
        min_value=0,
        max_value=MAX_ATTEMPTS,
        initial=0,
        help_text=_("0 表示不限次數。"),
        error_messages={
            "min_value": _("可作答次數不能是負數；0 表示不限次數。"),
            "max_value": _("可作答次數最多 %(limit_value)s 次。"),
        },
    )
    opens_at = when_field(_("開放時間"), _("留空：發布後就開放。"))
    closes_at = when_field(_("截止時間"), _("留空：直到你按「關閉作答」。"))
    # Left on 「自動」, the review follows the feedback (SetSettings.review_or_default).
    review = forms.ChoiceField(
        label=_("何時公布答案和解說"),
        required=False,
        choices=[("", _("依回饋方式自動決定")), *choices(ReviewMoment)],
        widget=forms.RadioSelect,
        help_text=_("作答完還能再做的題組，答案最好等題組關閉後才公布。"),
    )

    class Meta:
        model = QuestionSet
        fields = [
            "title",
            "feedback_mode",
            "attempts_allowed",
            "time_limit_minutes",
            "opens_at",
            "closes_at",
            "is_public",
            "requires_account",
            "shuffle_questions",
            "shuffle_options",
            "ordering_grading",
        ]
        widgets = {
            "feedback_mode": forms.RadioSelect,
            "ordering_grading": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("請輸入題組標題。")
        if self.instance.pk:
            self.initial.setdefault("review", self.instance.review)
        # The fields in the order a teacher reads them: the review beside the feedback.
        self.order_fields(["title", "feedback_mode", "review"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "feedback_mode" in cleaned and "attempts_allowed" in cleaned:
            # The set is checked as a whole (the model's rules) with the review it will
            # really have.
            self.instance.review = SetSettings(
                feedback_mode=FeedbackMode(cleaned["feedback_mode"]),
                attempts_allowed=cleaned["attempts_allowed"],
                review=ReviewMoment(cleaned["review"]) if cleaned.get("review") else None,
            ).review_or_default
        return cleaned

    def settings(self) -> SetSettings:
        data = self.cleaned_data
        return SetSettings(
            feedback_mode=FeedbackMode(data["feedback_mode"]),
            attempts_allowed=data["attempts_allowed"],
            time_limit_minutes=data["time_limit_minutes"],
            shuffle_questions=data["shuffle_questions"],
            shuffle_options=data["shuffle_options"],
            ordering_grading=OrderingGrading(data["ordering_grading"]),
            review=ReviewMoment(data["review"]) if data.get("review") else None,
            is_public=data["is_public"],
            requires_account=data["requires_account"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
        )


class BuildSetForm(SetSettingsForm):
    """Title and settings, plus what to ask about: scope, kinds, count and seed."""

    phases = forms.MultipleChoiceField(
        label=_("階段"), choices=choices(Phase), required=False, widget=forms.CheckboxSelectMultiple
    )
    sides = forms.MultipleChoiceField(
        label=_("陣營"), choices=choices(Side), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.MultipleChoiceField(label=_("人物"), required=False)
    date_from = forms.DateField(
        label=_("從"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("到"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kinds = forms.MultipleChoiceField(
        label=_("題型"),
        choices=choices(QuestionKind, only=GENERATED_KINDS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("請至少選一種題型。")},
    )
    count = forms.IntegerField(
        label=_("題數"),
        min_value=1,
        max_value=50,
        initial=10,
        error_messages={"min_value": _("題數至少 1 題。"), "max_value": _("題數最多 50 題。")},
    )
    seed = forms.IntegerField(
        label=_("隨機種子"),
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text=_("同樣的範圍和種子會出同樣的題目；留空則隨機。"),
        error_messages={
            "min_value": _("隨機種子要是 0 以上的整數。"),
            "max_value": _("隨機種子最大是 %(limit_value)s。"),
        },
    )

    class Meta(SetSettingsForm.Meta):
        pass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people_field = self.fields["people"]
        assert isinstance(people_field, forms.ChoiceField)
        people_field.choices = [
            (person.key, f"{person.display_name}（{label(Side(person.side))}）")
            for person in people_taking_part()
        ]
        self.fields["people"].widget.attrs["size"] = 8
        if not self.is_bound:
            self.initial.setdefault("kinds", [str(kind) for kind in DEFAULT_KINDS])
            self.initial.setdefault("feedback_mode", FeedbackMode.IMMEDIATE)
            self.initial.setdefault("ordering_grading", OrderingGrading.PAIRS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("結束日期不能早於開始日期。"))
        return cleaned

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            phases=frozenset(Phase(phase) for phase in data["phases"]),
            person_keys=frozenset(data["people"]),
            sides=frozenset(Side(side) for side in data["sides"]),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )

    def chosen_kinds(self) -> list[QuestionKind]:
        return [QuestionKind(kind) for kind in self.cleaned_data["kinds"]]


class QuestionEditForm(forms.Form):
    prompt = forms.CharField(label=_("題幹"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, options: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, text in enumerate(options):
            self.fields[f"option_{index}"] = forms.CharField(
                label=_("選項 %(number)s") % {"number": index + 1}, initial=text, required=False
            )

    def options(self) -> list[str]:
        return [
            self.cleaned_data.get(name, "") for name in self.fields if name.startswith("option_")
        ]


class QuestionAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("題型"),
        choices=choices(QuestionKind, only=(QuestionKind.CHOICE, QuestionKind.ORDERING)),
        widget=forms.RadioSelect,
        initial=QuestionKind.CHOICE,
    )
    prompt = forms.CharField(label=_("題幹"), widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(
        label=_("選項（一行一個）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("選擇題：照你想要的順序寫；排序題：照正確的時間順序寫。"),
    )
    key = forms.IntegerField(
        label=_("正確答案是第幾行（選擇題）"), min_value=1, required=False, initial=1
    )

    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
