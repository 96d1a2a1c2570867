from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from quizapp.chinese.wording import WHO_QUESTION_OPENINGS
from quizapp.facts.models import Event, Person
from quizapp.labels import choices, label
from quizapp.vocabulary import Part, Phase, Side


class TimelineFilterForm(forms.Form):
    """The timeline's filters, read from the query string so that every view is a link."""

    person = forms.ChoiceField(label=_("人物"), required=False)
    side = forms.ChoiceField(
        label=_("陣營"), required=False, choices=[("", _("全部陣營")), *choices(Side)]
    )
    phase = forms.ChoiceField(
        label=_("階段"), required=False, choices=[("", _("全部階段")), *choices(Phase)]
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people_by_key = {person.key: person for person in people}
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)
        person_field.choices = [
            ("", _("全部人物")),
            *(
                (label(side), [(p.key, p.display_name) for p in people if p.side == side])
                for side in Side
                if any(p.side == side for p in people)
            ),
        ]


# 「下列哪一位{phrase}？」 should read at a glance; the article's longest is 29 characters.
WHO_PHRASE_MAX_LENGTH = 40


def who_field_name(part: Part) -> str:
    return f"who_{part}"


class WhoPhraseField(forms.CharField):
    """One part's phrase, read as 「下列哪一位{phrase}？」: blank means no question.

    Spaces are kept until clean() so that a phrase of spaces alone is refused rather
    than quietly taken as blank: the admin meant to write something.
    """

    def __init__(self, *, part: Part) -> None:
        super().__init__(
            label=_(part.label),
            required=False,
            strip=False,
            # The admin's wide text box: a phrase runs to 40 characters.
            widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
        )
        self.part = part

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        phrase = text.strip()
        if not phrase:
            raise ValidationError(
                _("說法只有空白：不出這個角色的題目，請把這一格清空。"), code="only_spaces"
            )
        if len(phrase) > WHO_PHRASE_MAX_LENGTH:
            raise ValidationError(
                _("說法最多 %(limit)d 個字（現在 %(length)d 個字），題目要一眼讀得完。"),
                code="too_long",
                params={"limit": WHO_PHRASE_MAX_LENGTH, "length": len(phrase)},
            )
        if phrase.startswith(WHO_QUESTION_OPENINGS):
            raise ValidationError(
                _("不必寫「下列哪一位」，題目會自動加上；只寫後面的動詞短語。"),
                code="asks_itself",
            )
        if phrase.endswith(("？", "?", "。")):
            raise ValidationError(_("句末不必加標點，題目會自動加上問號。"), code="punctuation")
        return phrase


class EventPhrasesForm(forms.ModelForm):
    """An event's who-phrases edited as one labelled field per part.

    They are stored as one JSON object {part: phrase}, which the fixture loader writes as
    is; a raw JSON box asked the admin to type quotes and braces right. The fields are
    declared per part below (`EventAdminForm`) so that a new part gets its field.
    """

    class Meta:
        model = Event
        # The admin's fieldsets name the fields; who_phrases itself is never one of them.
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part, phrase in (self.instance.who_phrases or {}).items():
            if part in Part:
                self.initial.setdefault(who_field_name(Part(part)), phrase)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.instance.who_phrases = {
            str(part): phrase for part in Part if (phrase := cleaned.get(who_field_name(part)))
        }
        return cleaned


# The admin names these fields in its fieldsets, and a form factory accepts only the
# names its form declares: so they are declared on the class, one per part, as
# Django's own modelform_factory builds a form class.
EventAdminForm = cast(
    "type[EventPhrasesForm]",
    ModelFormMetaclass(
        "EventAdminForm",
        (EventPhrasesForm,),
        {
            "__module__": __name__,
            **{who_field_name(part): WhoPhraseField(part=part) for part in Part},
        },
    ),
)


class ParticipationFormSet(forms.BaseInlineFormSet):
    """A part with a phrase needs someone in that part, as the fixture loader insists: a
    phrase with no one to ask about is a mistake, not a question."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        parts = {
            form.cleaned_data.get("part")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        missing = [Part(part) for part in self.instance.who_phrases if part not in parts]
        if missing:
            raise ValidationError(
                _("「%(parts)s」有說法，卻沒有這個角色的參與者：請加上參與者，或把說法清空。")
                % {"parts": "、".join(label(part) for part in missing)},
                code="phrase_without_people",
            )
