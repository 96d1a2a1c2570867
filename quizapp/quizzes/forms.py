from __future__ import annotations

import random

from django import forms
from django.utils.translation import gettext_lazy as _

from quizapp.facts.models import Phase, Side
from quizapp.facts.selectors import people_taking_part
from quizapp.quizzes.models import FeedbackMode, OrderingGrading, QuestionKind, QuestionSet

# What the generator makes: every question kind but the teacher's own multiple choice.
KIND_CHOICES = [choice for choice in QuestionKind.choices if choice[0] != QuestionKind.CHOICE]


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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("請輸入題組標題。")
        self.fields["time_limit_minutes"].help_text = _("不限時請留空。")
        self.fields["time_limit_minutes"].error_messages["min_value"] = _(
            "時間限制至少 1 分鐘；不限時請留空。"
        )
        self.fields["attempts_allowed"].error_messages["min_value"] = _(
            "可作答次數不能是負數；0 表示不限次數。"
        )


class BuildSetForm(SetSettingsForm):
    """Title and settings, plus what to ask about: scope, kinds, count and seed."""

    phases = forms.MultipleChoiceField(
        label=_("階段"), choices=Phase.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sides = forms.MultipleChoiceField(
        label=_("陣營"), choices=Side.choices, required=False, widget=forms.CheckboxSelectMultiple
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
        choices=KIND_CHOICES,
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [
            (person.key, f"{person.display_name}（{Side(person.side).label}）")
            for person in people_taking_part()
        ]
        self.fields["people"].widget.attrs["size"] = 8
        if not self.is_bound:
            self.initial.setdefault("kinds", ["date", "participant", "place", "ordering"])
            self.initial.setdefault("feedback_mode", FeedbackMode.IMMEDIATE)
            self.initial.setdefault("ordering_grading", OrderingGrading.PAIRS)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("結束日期不能早於開始日期。"))
        if cleaned.get("seed") is None:
            cleaned["seed"] = random.SystemRandom().randrange(1, 10**6)
        return cleaned


class QuestionEditForm(forms.Form):
    prompt = forms.CharField(label=_("題幹"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, options: list[str], **kwargs: object) -> None:
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
        choices=[(QuestionKind.CHOICE, _("選擇題")), (QuestionKind.ORDERING, _("排序題"))],
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
