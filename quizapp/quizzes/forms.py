"""The teacher's forms: they read and check input; the services decide and write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from quizapp.facts.selectors import ArticleSentence, people_taking_part
from quizapp.generator.generate import Scope
from quizapp.labels import choices, label
from quizapp.quizzes.models import Question, QuestionSet
from quizapp.quizzes.services.question_sets import SetSettings
from quizapp.quizzes.services.questions import (
    MAX_CHOICES,
    MIN_CHOICES,
    Citation,
    QuestionChanges,
    same_options,
)
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
# A question a student reads on a phone: the longest generated prompt is under 100.
PROMPT_MAX = 500


# A school's dates: anything else is a typo (year 1 would even overflow when stored in UTC).
YEARS = range(2000, 2101)


def prompt_field() -> forms.CharField:
    return forms.CharField(
        label=_("題幹"),
        max_length=PROMPT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("請輸入題幹。"),
            "max_length": _("題幹最多 %(limit_value)d 個字。"),
        },
    )


def note_field(*, help_text: StrOrPromise) -> forms.CharField:
    """The teacher's own words on why the key is right."""
    return forms.CharField(
        label=_("老師的解說"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"max_length": _("解說最多 %(limit_value)d 個字。")},
    )


class WhenField(forms.DateTimeField):
    """A local date and time from a `datetime-local` input, within a school's years."""

    def to_python(self, value: Any) -> Any:
        when = super().to_python(value)
        if when is not None and when.year not in YEARS:
            raise forms.ValidationError(_("請填 2000 到 2100 年之間的日期。"), code="year")
        return when


def when_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return WhenField(
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


NOTE_MAX = 2000
OPTION_MAX = 200
# The sentence picker's value for "the explanation the question has now", when that is
# not one sentence of the list (a generated question may quote two, or sum up a timeline).
KEEP_EXPLANATION = "keep"


@dataclass(frozen=True)
class OptionRow:
    """One option of the edit form as the template lays it out: its text, and beside it
    the key radio (multiple choice) or its place in time (ordering)."""

    number: int
    text: forms.BoundField
    key: BoundWidget | None
    remove: forms.BoundField | None
    place: forms.BoundField | None
    is_key_now: bool


def _sentence_label(sentence: ArticleSentence) -> str:
    text = sentence.text if len(sentence.text) <= 70 else sentence.text[:69] + "…"
    notes = "".join(f"[{number}]" for number in sentence.footnotes)
    return f"{text}{notes}"


class QuestionEditForm(forms.Form):
    """Everything a teacher may change on a question: its wording, its options (3 to 5 for
    multiple choice: blank new rows are ignored, an option is dropped only when ticked),
    its key (a radio per option, or a place in time per ordering item), their note and
    the article sentence it quotes. A field a post leaves out keeps what the question has."""

    prompt = prompt_field()
    note = note_field(help_text=_("學生看得到答案時，會和出處原文一起看到這段話。"))
    sentence = forms.ChoiceField(
        label=_("引用文章原句"),
        required=False,
        help_text=_("學生檢討時會看到這一句和它的腳註。"),
        error_messages={"invalid_choice": _("請從清單裡選一句文章原句。")},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        question: Question,
        sentences: Sequence[ArticleSentence],
    ) -> None:
        super().__init__(data)
        self.question = question
        # What clean() worked out, for changes(): the option rows kept (in order) and the
        # key's row; the ordering items' indices in time order.
        self._choice: tuple[list[int], int] = ([], 0)
        self._order: list[int] = list(question.key)
        self.sentences = {str(sentence.id): sentence for sentence in sentences}
        self.initial.update(prompt=question.prompt, note=question.note)
        self._sentence_choices(sentences)
        existing = len(question.options)
        rows = existing if question.is_ordering else max(MAX_CHOICES, existing)
        for index in range(rows):
            attrs = {"class": "option-row__text"}
            if not question.is_ordering and index == question.key[0]:
                # The row's 「目前的答案」 tag, read out with the field.
                attrs["aria-describedby"] = f"key-now-{question.pk}"
            self.fields[f"option_{index}"] = forms.CharField(
                label=_("選項 %(number)s") % {"number": index + 1},
                initial=question.options[index] if index < existing else "",
                required=False,
                max_length=OPTION_MAX,
                widget=forms.TextInput(attrs=attrs),
                error_messages={"max_length": _("選項最多 %(limit_value)d 個字。")},
            )
        if question.is_ordering:
            place_of = {item: place for place, item in enumerate(question.key, start=1)}
            for index in range(existing):
                self.fields[f"place_{index}"] = forms.IntegerField(
                    label=_("第幾個發生"),
                    required=False,
                    min_value=1,
                    max_value=existing,
                    initial=place_of[index],
                    widget=forms.NumberInput(attrs={"class": "option-row__place"}),
                    error_messages={
                        "invalid": _("請填 1 到 %(count)s 的數字。") % {"count": existing},
                        "min_value": _("請填 1 到 %(count)s 的數字。") % {"count": existing},
                        "max_value": _("請填 1 到 %(count)s 的數字。") % {"count": existing},
                    },
                )
        else:
            self.fields["key"] = forms.ChoiceField(
                label=_("正確答案"),
                required=False,
                choices=[(str(index), str(index + 1)) for index in range(rows)],
                initial=str(question.key[0]),
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("請選一個選項當正確答案。")},
            )
            for index in range(existing):
                self.fields[f"remove_{index}"] = forms.BooleanField(label=_("拿掉"), required=False)

    def _sentence_choices(self, sentences: Sequence[ArticleSentence]) -> None:
        explanation = self.question.explanation
        current = next((s for s in sentences if s.text == explanation), None)
        choices: list[Any] = [("", _("不引用原文"))]
        if explanation and current is None:
            choices.append((KEEP_EXPLANATION, _("保留目前的出處（見下方）")))
        by_phase: dict[Phase, list[tuple[str, str]]] = {}
        for sentence in sentences:
            by_phase.setdefault(sentence.phase, []).append(
                (str(sentence.id), _sentence_label(sentence))
            )
        choices += [(label(phase), group) for phase, group in by_phase.items()]
        field = self.fields["sentence"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if current is not None:
            self.initial["sentence"] = str(current.id)
        else:
            self.initial["sentence"] = KEEP_EXPLANATION if explanation else ""

    @property
    def key_errors(self) -> list[str]:
        return [str(error) for error in self.errors.get("key", [])]

    @property
    def option_count(self) -> int:
        return sum(1 for name in self.fields if name.startswith("option_"))

    def option_rows(self) -> list[OptionRow]:
        radios = list(self["key"]) if "key" in self.fields else []
        key_now = set(self.question.key) if not self.question.is_ordering else set()
        return [
            OptionRow(
                number=index + 1,
                text=self[f"option_{index}"],
                key=radios[index] if radios else None,
                remove=self[f"remove_{index}"] if f"remove_{index}" in self.fields else None,
                place=self[f"place_{index}"] if f"place_{index}" in self.fields else None,
                is_key_now=index in key_now,
            )
            for index in range(self.option_count)
        ]

    def _posted(self, name: str) -> bool:
        return self.is_bound and name in self.data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        texts = [(cleaned.get(f"option_{i}") or "").strip() for i in range(self.option_count)]
        if self.question.is_ordering:
            self._clean_ordering(cleaned, texts)
        else:
            self._clean_choice(cleaned, texts)
        return cleaned

    def _refuse_blanks(self, texts: list[str], rows: list[int]) -> None:
        for index in rows:
            if not texts[index]:
                self.add_error(
                    f"option_{index}",
                    _("選項不可空白。")
                    if self.question.is_ordering
                    else _("選項不可空白。要拿掉這個選項，請勾選「拿掉」。"),
                )

    def _refuse_repeats(self, texts: list[str], rows: list[int]) -> None:
        filled = [index for index in rows if texts[index]]
        repeats = same_options([texts[index] for index in filled])
        for later, earlier in repeats.items():
            self.add_error(
                f"option_{filled[later]}",
                _("有兩個選項相同：這一個和選項 %(number)s 一樣（繁簡、全形半形也算相同）。")
                % {"number": filled[earlier] + 1},
            )

    def _clean_choice(self, cleaned: dict[str, Any], texts: list[str]) -> None:
        existing = len(self.question.options)
        removed = {i for i in range(existing) if cleaned.get(f"remove_{i}")}
        # Rows the question has must be kept or ticked off; new rows count when filled.
        self._refuse_blanks(texts, [i for i in range(existing) if i not in removed])
        chosen = [i for i in range(self.option_count) if i not in removed and texts[i]]
        self._refuse_repeats(texts, chosen)
        # A post with more option fields than the form has was not made by this form:
        # refused, never saved with the extra options quietly left out.
        extra = [
            name
            for name, value in self.data.items()
            if name.startswith("option_") and name not in self.fields and str(value).strip()
        ]
        if extra:
            self.add_error(None, _("表單多了不認得的選項欄位：請重新整理頁面再修改。"))
        count = len(chosen) + len(extra)
        if not MIN_CHOICES <= count <= MAX_CHOICES:
            self.add_error(
                None,
                _(
                    "選擇題要有 %(least)s 到 %(most)s 個選項（現在有 %(count)s 個）；"
                    "空白的欄位不算。"
                )
                % {"least": MIN_CHOICES, "most": MAX_CHOICES, "count": count},
            )
        key = cleaned.get("key")
        key_index = int(key) if key not in (None, "") else self.question.key[0]
        if key_index in removed:
            self.add_error("key", _("正確答案不能是要拿掉的選項。"))
        elif not texts[key_index] and key_index >= existing:
            self.add_error("key", _("正確答案要是有填文字的選項。"))
        self._choice = (chosen, key_index)

    def _clean_ordering(self, cleaned: dict[str, Any], texts: list[str]) -> None:
        rows = list(range(self.option_count))
        self._refuse_blanks(texts, rows)
        self._refuse_repeats(texts, rows)
        names = [f"place_{index}" for index in rows]
        if not any(self._posted(name) for name in names):
            self._order = list(self.question.key)
            return
        if any(name in self.errors for name in names):
            return
        places: list[int] = [cleaned.get(name) or 0 for name in names]
        count = len(rows)
        if sorted(places) != list(range(1, count + 1)):
            self.add_error(
                None,
                _("「第幾個發生」要把 1 到 %(count)s 每個數字各用一次。") % {"count": count},
            )
            return
        self._order = sorted(rows, key=lambda index: places[index])

    def changes(self) -> QuestionChanges:
        """The edit for `questions.question_edit` (the form must be valid)."""
        data = self.cleaned_data
        texts = [(data.get(f"option_{i}") or "").strip() for i in range(self.option_count)]
        existing = len(self.question.options)
        options: list[str]
        origins: list[int | None]
        if self.question.is_ordering:
            options, origins, key = texts, list(range(existing)), self._order
        else:
            chosen, key_index = self._choice
            options = [texts[index] for index in chosen]
            origins = [index if index < existing else None for index in chosen]
            key = [chosen.index(key_index)]
        return QuestionChanges(
            prompt=data["prompt"],
            options=options,
            origins=origins,
            key=key,
            note=data["note"] if self._posted("note") else None,
            citation=self._citation() if self._posted("sentence") else None,
        )

    def _citation(self) -> Citation | None:
        picked = self.cleaned_data["sentence"]
        if picked == KEEP_EXPLANATION:
            return None
        if not picked:
            return Citation()
        sentence = self.sentences[picked]
        return Citation(sentence.text, sentence.footnotes)


class QuestionAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("題型"),
        choices=choices(QuestionKind, only=(QuestionKind.CHOICE, QuestionKind.ORDERING)),
        widget=forms.RadioSelect,
        initial=QuestionKind.CHOICE,
    )
    prompt = prompt_field()
    options = forms.CharField(
        label=_("選項（一行一個）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("選擇題：3 到 5 個，照你想要的順序寫；排序題：照正確的時間順序寫。"),
    )
    key = forms.IntegerField(
        label=_("正確答案是第幾行（選擇題）"), min_value=1, required=False, initial=1
    )
    note = note_field(
        help_text=_("選填。學生看得到答案時會看到。加入後按「修改」還可以引用文章原句。")
    )

    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
