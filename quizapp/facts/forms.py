from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quizapp.facts.models import Person
from quizapp.labels import choices, label
from quizapp.vocabulary import Phase, Side


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
