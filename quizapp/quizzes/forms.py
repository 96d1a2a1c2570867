"""The teacher's forms: they read and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

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
    Side,
)

DEFAULT_KINDS = [
    QuestionKind.DATE,
    QuestionKind.PARTICIPANT,
    QuestionKind.PLACE,
    QuestionKind.ORDERING,
]


class SetSettingsForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = [
            "title",
            "feedback_mode",
            "attempts_allowed",
            "time_limit_minutes",
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
        self.fields["time_limit_minutes"].help_text = _("不限時請留空。")
        self.fields["time_limit_minutes"].error_messages["min_value"] = _(
            "時間限制至少 1 分鐘；不限時請留空。"
        )
        self.fields["attempts_allowed"].error_messages["min_value"] = _(
            "可作答次數不能是負數；0 表示不限次數。"
        )

    def settings(self) -> SetSettings:
        data = self.cleaned_data
        return SetSettings(
            feedback_mode=FeedbackMode(data["feedback_mode"]),
            attempts_allowed=data["attempts_allowed"],
            time_limit_minutes=data["time_limit_minutes"],
            shuffle_questions=data["shuffle_questions"],
            shuffle_options=data["shuffle_options"],
            ordering_grading=OrderingGrading(data["ordering_grading"]),
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
        help_text=_("同樣的範圍和種子會出同樣的題目；留空則隨機。"),
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
