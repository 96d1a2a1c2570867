"""The class pages' forms: they read and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from quizapp.classes.models import ROSTER_NAME_MAX, SchoolClass
from quizapp.classes.roster import SEAT_MAX
from quizapp.classes.selectors.classes import assignable_sets, own_sets
from quizapp.quizzes.forms import when_field
from quizapp.quizzes.models import QuestionSet

# A few hundred lines of 座號 and 姓名 are under 20,000 characters; 2,000 lines still fit,
# so the list reaches the line-by-line check and its answer says what is wrong.
ROSTER_TEXT_MAX = 100_000


class ClassForm(forms.ModelForm):
    class Meta:
        model = SchoolClass
        fields = ["name", "school_year"]
        error_messages = {"name": {"required": _("請輸入班級名稱。")}}


class RosterForm(forms.Form):
    text = forms.CharField(
        label=_("學生名單"),
        max_length=ROSTER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_(
            "一行一位：座號和姓名，可以直接從試算表複製兩欄貼上，"
            "或用逗號、空白隔開（例如「5 王小明」）。"
        ),
        error_messages={
            "required": _("請貼上學生名單，一行一位。"),
            "max_length": _("名單太長了：一次最多貼幾百位學生。"),
        },
    )


class AddStudentForm(forms.Form):
    username = forms.CharField(
        label=_("學生的帳號"), max_length=150, error_messages={"required": _("請輸入帳號。")}
    )
    seat = forms.IntegerField(
        label=_("座號（選填）"),
        required=False,
        min_value=1,
        max_value=SEAT_MAX,
        error_messages={
            "invalid": _("座號請填數字。"),
            "min_value": _("座號要在 1 到 999 之間。"),
            "max_value": _("座號要在 1 到 999 之間。"),
        },
    )
    name = forms.CharField(label=_("姓名（選填）"), max_length=ROSTER_NAME_MAX, required=False)


class AssignForm(forms.Form):
    question_set: forms.ModelChoiceField[QuestionSet] = forms.ModelChoiceField(
        label=_("題組"),
        queryset=QuestionSet.objects.none(),
        empty_label=_("選擇已發布的題組"),
        error_messages={
            "required": _("請選擇要指派的題組。"),
            "invalid_choice": _("找不到這個題組，或它還沒發布。請從清單中選擇。"),
        },
    )
    opens_at = when_field(_("開放時間（選填）"))
    closes_at = when_field(_("截止時間（選填）"), _("截止後，學生不能再開始這份作業。"))

    def __init__(self, *args: Any, teacher: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any of the teacher's own sets is a valid choice, so a draft or a closed one gets
        # the service's own reason; another teacher's id is no choice at all. The list
        # offers only the sets that can be assigned.
        field = self.fields["question_set"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = own_sets(user=teacher)
        field.choices = [("", field.empty_label or "")] + [
            (question_set.pk, question_set.title) for question_set in assignable_sets(user=teacher)
        ]


class JoinClassForm(forms.Form):
    name = forms.CharField(
        label=_("你的姓名"),
        max_length=ROSTER_NAME_MAX,
        help_text=_("老師在成績上看到的名字。"),
        error_messages={"required": _("請輸入姓名。")},
    )
