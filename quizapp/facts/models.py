"""The fact base drawn from the article: people, places, dated events and who took part.

Every row keeps the article's own wording where a question will quote it, and validates
itself in clean() so the admin and the fixture loader refuse the same bad input with a
message on the field at fault.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from quizapp.chinese.scripts import fold_key
from quizapp.chinese.wording import date_label, time_label
from quizapp.facts.article import footnote_numbers, quotable_text, quotes
from quizapp.labels import choices, label
from quizapp.vocabulary import (
    DatePrecision,
    Part,
    PartOfDay,
    PersonKind,
    Phase,
    Side,
    SpeakerKind,
    StatementKind,
    TimePrecision,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

key_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("代號只能用小寫英文字母、數字和連字號，例如 moon-jae-in。"),
)
footnotes_validator = RegexValidator(
    r"^\d+(?:\s*,\s*\d+)*$",
    _("腳註請寫成以逗號分隔的數字，例如 53, 54。"),
)


def blank_fields(
    instance: models.Model, messages: dict[str, StrOrPromise]
) -> dict[str, StrOrPromise]:
    """The message of each named text field left empty or only spaces, by field."""
    return {
        field: message
        for field, message in messages.items()
        if not (getattr(instance, field) or "").strip()
    }


class Source(models.Model):
    """An article the facts are drawn from, shipped with the project as data.

    Every event, person and place belongs to one source: the questions quote its
    sentences, and its licence (CC BY-SA 4.0 for Wikipedia) asks for attribution.
    """

    # The address comes first: it is what identifies an article.
    address = models.URLField(
        _("網址"),
        max_length=400,
        unique=True,
        error_messages={"unique": _("已有另一個來源使用這個網址。")},
    )
    title = models.CharField(_("標題"), max_length=200)
    key = models.SlugField(_("代號"), max_length=60, unique=True, validators=[key_validator])
    licence = models.CharField(_("授權條款"), max_length=100, help_text=_("例如 CC BY-SA 4.0。"))
    licence_address = models.URLField(_("授權條款網址"), max_length=400, blank=True)
    attribution = models.CharField(
        _("署名"), max_length=200, help_text=_("例如「中文維基百科的編者」。")
    )
    text = models.TextField(_("原文"), help_text=_("文章全文（Markdown），題目的原句出自這裡。"))

    class Meta:
        verbose_name = _("來源")
        verbose_name_plural = _("來源")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def _quotable_text(self) -> str:
        return quotable_text(self.text)

    def quotes(self, sentence: str) -> bool:
        """Whether the sentence is quoted from this article (omissions marked 「……」)."""
        return quotes(self._quotable_text, sentence)

    @cached_property
    def footnote_numbers(self) -> set[int]:
        """Every footnote number the article carries."""
        return footnote_numbers(self.text)

    def clean(self) -> None:
        errors = blank_fields(
            self,
            {
                "title": _("標題不可空白。"),
                "text": _("原文不可空白。"),
                "licence": _("請填寫授權條款，例如 CC BY-SA 4.0。"),
                "attribution": _("請填寫署名。"),
            },
        )
        if errors:
            raise ValidationError(errors)


class SourcedModel(models.Model):
    source = models.ForeignKey(
        Source, verbose_name=_("來源"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Footnoted(models.Model):
    """A fact that cites the article's footnotes after the sentence it quotes."""

    footnotes = models.CharField(
        _("腳註"), max_length=40, validators=[footnotes_validator], help_text=_("例如 53, 54")
    )

    class Meta:
        abstract = True

    @property
    def footnote_numbers(self) -> list[int]:
        return [int(part) for part in self.footnotes.split(",") if part.strip()]


class Place(SourcedModel):
    key = models.SlugField(_("代號"), max_length=60, unique=True, validators=[key_validator])
    name = models.CharField(_("名稱"), max_length=100)
    city = models.CharField(_("城市"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("地點")
        verbose_name_plural = _("地點")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.city}）" if self.city else self.name

    def clean(self) -> None:
        errors = blank_fields(self, {"name": _("名稱不可空白。")})
        if errors:
            raise ValidationError(errors)


class Person(SourcedModel):
    key = models.SlugField(_("代號"), max_length=60, unique=True, validators=[key_validator])
    name = models.CharField(_("姓名"), max_length=60, help_text=_("正體字的通行寫法。"))
    label = models.CharField(
        _("辨別標籤"),
        max_length=60,
        blank=True,
        help_text=_("同名者必填，例如「韓國第一夫人」，題目會帶上這個標籤。"),
    )
    side = models.CharField(_("陣營"), max_length=8, choices=choices(Side))
    kind = models.CharField(_("類別"), max_length=16, choices=choices(PersonKind))
    takes_part = models.BooleanField(
        _("參與其事"),
        default=True,
        help_text=_("只作為條目連結出現、未參與任何事件的人物取消勾選。"),
    )
    note = models.TextField(_("備註"), blank=True)

    class Meta:
        verbose_name = _("人物")
        verbose_name_plural = _("人物")
        ordering = ["side", "name", "key"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name with its label, so that namesakes never look like one person."""
        return f"{self.name}（{self.label}）" if self.label else self.name

    def clean(self) -> None:
        errors = blank_fields(self, {"name": _("姓名不可空白。")})
        if self.name and not errors:
            namesakes = Person.objects.exclude(pk=self.pk).filter(name=self.name)
            if namesakes.exists():
                if not self.label.strip():
                    errors["label"] = _("已有同名人物「%(name)s」，請填寫辨別標籤。") % {
                        "name": self.name
                    }
                elif namesakes.filter(label=self.label).exists():
                    errors["label"] = _("同名人物的辨別標籤必須各不相同。")
            clash = (
                PersonAlias.objects.filter(folded=fold_key(self.name))
                .exclude(person_id=self.pk)
                .select_related("person")
                .first()
            )
            if clash is not None:
                errors["name"] = _("「%(name)s」已是%(other)s的別名。") % {
                    "name": self.name,
                    "other": clash.person.display_name,
                }
        if errors:
            raise ValidationError(errors)


class PersonRole(Footnoted):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(_("職務"), max_length=100, help_text=_("2018年9月時的職務。"))
    is_delegation_post = models.BooleanField(
        _("代表團名單上的職務"),
        default=False,
        help_text=_("青瓦台9月16日公佈的14名正式隨行人員名單上寫的職務。"),
    )
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    sentence = models.TextField(
        _("原文句子"),
        help_text=_(
            "文章中寫出這個職務的原句；略去的字寫成「……」，"
            "例如「同日，青瓦台公佈14名正式隨行人員名單﹕代表團成員﹕……國家安保室長鄭義溶」。"
        ),
    )

    class Meta:
        verbose_name = _("職務")
        verbose_name_plural = _("職務")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_delegation_post=True),
                name="one_delegation_post_per_person",
                violation_error_message=_("每人只有一個代表團職務。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = blank_fields(
            self,
            {
                "title": _("職務不可空白。"),
                "sentence": _("請貼上文章中寫出這個職務的原句。"),
                "footnotes": _("請填寫原句的腳註，例如 33。"),
            },
        )
        if (source := self._source()) is not None:
            errors = {**self._citation_errors(source), **errors}
        if errors:
            raise ValidationError(errors)

    def _citation_errors(self, source: Source) -> dict[str, StrOrPromise]:
        """The sentence must be quoted from the article, and its footnotes be the article's."""
        errors: dict[str, StrOrPromise] = {}
        if self.sentence.strip() and not source.quotes(self.sentence):
            errors["sentence"] = _("文章中找不到這句話，請照原文貼上（略去的字寫成「……」）。")
        try:
            numbers = set(self.footnote_numbers)
        except ValueError:
            numbers = set()  # the field's own validator says what is wrong
        if missing := sorted(numbers - source.footnote_numbers):
            errors["footnotes"] = _("文章沒有腳註 %(numbers)s。") % {
                "numbers": ", ".join(map(str, missing))
            }
        return errors

    def _source(self) -> Source | None:
        """The article the person is drawn from; while a new person has none yet, the
        project's only article (the admin sets it on saving)."""
        try:
            person: Person | None = self.person
        except Person.DoesNotExist:
            person = None
        if person is not None and person.source_id is not None:
            return person.source
        sources = list(Source.objects.all()[:2])
        return sources[0] if len(sources) == 1 else None


class AliasBase(models.Model):
    name = models.CharField(_("別名"), max_length=60)
    # The name folded across scripts and widths: 迈克·蓬佩奥 and 邁克·蓬佩奧 share it.
    folded = models.CharField(max_length=60, unique=True, editable=False, blank=True)

    # The foreign key to what this is another name of.
    owner_field: ClassVar[str]
    taken_message: ClassVar[StrOrPromise] = _("別名「%(name)s」已屬於「%(other)s」。")

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded = fold_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = blank_fields(self, {"name": _("別名不可空白。")})
        if not errors:
            self.folded = fold_key(self.name)
            if message := self.clash():
                errors["name"] = message
        if errors:
            raise ValidationError(errors)

    def clash(self) -> StrOrPromise:
        """Why this alias cannot be used, or "" when it can: one name never means two
        owners, and an owner lists a name once."""
        same = type(self)._default_manager.filter(folded=self.folded).exclude(pk=self.pk).first()
        if same is None:
            return ""
        owner_id = f"{self.owner_field}_id"
        if getattr(same, owner_id) == getattr(self, owner_id):
            return _("別名「%(name)s」重複了。") % {"name": self.name}
        return self.taken_message % {"name": self.name, "other": getattr(same, self.owner_field)}


class PersonAlias(AliasBase):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "person"
    taken_message = _("別名「%(name)s」已屬於%(other)s，一個別名不能指兩個人。")

    class Meta(AliasBase.Meta):
        verbose_name = _("人物別名")
        verbose_name_plural = _("人物別名")

    def clash(self) -> StrOrPromise:
        if message := super().clash():
            return message
        # Nor is a person's alias anyone's own name (theirs needs no alias).
        same_as_name = [
            person
            for person in Person.objects.only("name", "label")
            if fold_key(person.name) == self.folded
        ]
        if any(person.pk != self.person_id for person in same_as_name):
            return _("「%(name)s」是另一位人物的正式姓名，不能當別名。") % {"name": self.name}
        if same_as_name:
            return _("別名與正式姓名相同，不必再列。")
        return ""


class PlaceAlias(AliasBase):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "place"

    class Meta(AliasBase.Meta):
        verbose_name = _("地點別名")
        verbose_name_plural = _("地點別名")


class Event(SourcedModel, Footnoted):
    key = models.SlugField(_("代號"), max_length=60, unique=True, validators=[key_validator])
    clause = models.CharField(
        _("事件短句"),
        max_length=120,
        help_text=_("放進題目裡讀起來通順的短句，例如「文在寅一行抵達平壤順安國際機場」。"),
    )
    activity = models.CharField(
        _("活動名稱"),
        max_length=80,
        blank=True,
        help_text=_(
            "不含人物、地點和時間的名詞短語，用於「誰…」「在哪裡」的題目，例如「歡迎晚宴」。"
            "留空則不出這兩類題目。"
        ),
    )
    who_phrases = models.JSONField(
        _("「下列哪一位…？」的說法"),
        default=dict,
        blank=True,
        help_text=_(
            '角色對應一個動詞短語，例如 {"signed": "簽署了《平壤共同宣言》"}。'
            "只有列在這裡的角色會出「下列哪一位…？」的題目。"
        ),
    )
    where_question = models.CharField(
        _("「在哪裡」的問法"),
        max_length=120,
        blank=True,
        help_text=_(
            "出發、抵達之類不是「舉行」的事件，寫一句完整的問句，例如"
            "「9月18日早上，文在寅夫婦從哪裡出發前往平壤？」"
        ),
    )
    phase = models.CharField(_("階段"), max_length=16, choices=choices(Phase))
    date = models.DateField(_("日期"))
    date_precision = models.CharField(
        _("日期精確度"), max_length=8, choices=choices(DatePrecision), default=DatePrecision.DAY
    )
    end_date = models.DateField(_("結束日期"), null=True, blank=True)
    date_is_derived = models.BooleanField(
        _("日期由推算得出"),
        default=False,
        help_text=_("文章沒有寫出日期，而是從「前夕」之類的說法推算：不拿來問是哪一天或哪個月。"),
    )
    time = models.TimeField(_("時間"), null=True, blank=True)
    time_precision = models.CharField(
        _("時間精確度"), max_length=16, choices=choices(TimePrecision), default=TimePrecision.NONE
    )
    part_of_day = models.CharField(_("時段"), max_length=4, choices=choices(PartOfDay), blank=True)
    time_is_derived = models.BooleanField(
        _("時間由推算得出"),
        default=False,
        help_text=_("文章沒有直接寫出時間，而是從「一個小時後」之類的說法推算。"),
    )
    time_is_approximate = models.BooleanField(
        _("時間為約數"), default=False, help_text=_("文章寫「8時30分許」之類。")
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("地點"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    has_unnamed_participants = models.BooleanField(
        _("另有未具名的參與者"),
        default=False,
        help_text=_(
            "文章說「……等北韓高級官員」「代表團成員」之類：沒列出的人也可能在場，"
            "所以同陣營的人不會被當成「沒有參與」的錯誤選項。"
        ),
    )
    source_sentence = models.TextField(
        _("原文句子"), help_text=_("文章中的原句（第三天一節已轉為正體字）。")
    )
    is_disputed = models.BooleanField(
        _("文章自相矛盾"),
        default=False,
        help_text=_("照文章原樣記錄，但任何題目都不會把它當成正確答案。"),
    )
    dispute_note = models.CharField(_("矛盾說明"), max_length=200, blank=True)
    sequence = models.PositiveIntegerField(
        _("文章順序"), default=0, help_text=_("同一天內沒有時間的事件按文章順序排列。")
    )

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        ordering = ["date", "sequence"]

    def __str__(self) -> str:
        return self.clause

    def clean(self) -> None:
        errors = blank_fields(
            self, {"clause": _("事件短句不可空白。"), "source_sentence": _("請貼上文章中的原句。")}
        )
        if not isinstance(self.who_phrases, dict) or any(
            part not in Part or not isinstance(phrase, str) or not phrase.strip()
            for part, phrase in (self.who_phrases or {}).items()
        ):
            errors["who_phrases"] = _(
                '請寫成 {"角色": "動詞短語"}，角色用 signed、attended 等代號，短語不可空白。'
            )
        if self.where_question.strip() and not self.place_id:
            errors["where_question"] = _("有「在哪裡」的問法，就要有地點。")
        if self.is_disputed and not self.dispute_note.strip():
            errors["dispute_note"] = _("標記為自相矛盾的事件要說明矛盾在哪裡。")
        errors.update(self._date_errors())
        errors.update(self._time_errors())
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict[str, StrOrPromise]:
        if self.date is None:
            return {}
        errors: dict[str, StrOrPromise] = {}
        if self.date_precision == DatePrecision.MONTH and self.date.day != 1:
            errors["date"] = _("日期精確度為「月」時，日期請記為該月1日（例如 2018-06-01）。")
        if self.end_date is not None and self.end_date < self.date:
            errors["end_date"] = _("結束日期不能早於開始日期。")
        return errors

    def _time_errors(self) -> dict[str, StrOrPromise]:
        precision = self.time_precision
        errors: dict[str, StrOrPromise] = {}
        has_time_of_day = self.time is not None or bool(self.part_of_day)
        if has_time_of_day and (self.date is None or self.date_precision != DatePrecision.DAY):
            field = "time" if self.time is not None else "part_of_day"
            errors[field] = _("有時間就要有確切到日的日期。")
            return errors
        if precision == TimePrecision.NONE:
            if self.time is not None:
                errors["time_precision"] = _("填了時間，時間精確度就不能是「無時間」。")
            if self.part_of_day:
                errors["time_precision"] = _("填了時段，時間精確度請選「時段」。")
        elif precision == TimePrecision.PART_OF_DAY:
            if not self.part_of_day:
                errors["part_of_day"] = _("時間精確度為「時段」時，請選擇時段。")
            if self.time is not None:
                errors["time"] = _("只知道時段時不要填時間。")
        else:
            if self.time is None:
                errors["time"] = _("時間精確度為「%(precision)s」時，請填寫時間。") % {
                    "precision": label(TimePrecision(precision))
                }
            elif precision == TimePrecision.HOUR and self.time.minute != 0:
                errors["time"] = _("時間精確度為「整點」，分鐘必須是 00。")
            elif self.time.second != 0:
                errors["time"] = _("時間只記到分鐘。")
        return errors

    @property
    def date_label(self) -> str:
        return date_label(
            self.date, precision=DatePrecision(self.date_precision), end_date=self.end_date
        )

    @property
    def time_label(self) -> str:
        return time_label(
            self.time,
            precision=TimePrecision(self.time_precision),
            part_of_day=PartOfDay(self.part_of_day) if self.part_of_day else None,
            approximate=self.time_is_derived or self.time_is_approximate,
        )

    @property
    def starts_at(self) -> datetime.datetime | None:
        if self.time is None:
            return None
        return datetime.datetime.combine(self.date, self.time)


class Participation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person, verbose_name=_("人物"), on_delete=models.PROTECT, related_name="participations"
    )
    part = models.CharField(_("角色"), max_length=16, choices=choices(Part))

    class Meta:
        verbose_name = _("參與者")
        verbose_name_plural = _("參與者")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "part"],
                name="one_part_per_person_per_event",
                violation_error_message=_("同一人在同一事件中的同一角色只記一次。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_part_display()}"

    @property
    def part_label(self) -> str:
        """What get_part_display says, without rebuilding the choices' lookup on each
        call: the timeline shows hundreds."""
        return label(Part(self.part))


class Statement(SourcedModel, Footnoted):
    """Something else the article states, asked about as it stands: a number with its
    unit, a point of an agreement, a quote and who said it, a first, an official name.

    One table for the five kinds: each kind fills the fields it needs (clean() names
    any it is missing), and every one quotes its sentence and footnotes.
    """

    key = models.SlugField(_("代號"), max_length=60, unique=True, validators=[key_validator])
    kind = models.CharField(_("類別"), max_length=16, choices=choices(StatementKind))
    phase = models.CharField(_("章節"), max_length=16, choices=choices(Phase))
    question = models.CharField(
        _("問句"),
        max_length=160,
        blank=True,
        help_text=_(
            "數字與名稱：完整的問句，要能單獨指出所問的那一個數字或名稱，例如"
            "「9月16日，南韓派往平壤的先遣隊有多少人？」"
        ),
    )
    subject = models.CharField(
        _("所計之物／項目簡稱"),
        max_length=60,
        blank=True,
        help_text=_(
            "數字：這個數字計算的是什麼，例如「先遣隊人數」。協議：一項內容和它的錯誤版本"
            "共用的簡稱（例如「申辦奧運」），兩者不會出現在同一題。"
        ),
    )
    value = models.DecimalField(_("數值"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("單位"), max_length=10, blank=True, help_text=_("數字：例如 人、名、%、分鐘、響。")
    )
    is_approximate = models.BooleanField(
        _("約數"),
        default=False,
        help_text=_("數字：文章寫的是約數（例如「15萬名」）；錯誤選項會離得更遠。"),
    )
    text = models.CharField(
        _("內容"),
        max_length=200,
        blank=True,
        help_text=_(
            "協議：一項內容；言論：引號裡的原話；首次：做了什麼，例如「公開向朝鮮民眾發表講話」；"
            "名稱：正確的名稱。"
        ),
    )
    agreement = models.CharField(
        _("協議"),
        max_length=80,
        blank=True,
        help_text=_("協議：協議的名稱，例如《平壤共同宣言》；留空表示這次會談的所有協議。"),
    )
    included = models.BooleanField(
        _("協議包含此項／是首次"),
        default=True,
        help_text=_(
            "協議：取消勾選表示文章排除了這一項（「未有提及核清單」，或把2032年寫成2036年"
            "的錯誤版本）。首次：取消勾選表示文章說以前已有人做過。"
        ),
    )
    speaker = models.CharField(
        _("說話者"), max_length=60, blank=True, help_text=_("言論：人物、政黨、媒體或政府機關。")
    )
    speaker_kind = models.CharField(
        _("說話者類別"), max_length=16, choices=choices(SpeakerKind), blank=True
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("人物"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text=_("首次：做到這件事的人。"),
    )
    wrong_values = models.JSONField(
        _("錯誤的名稱"),
        default=list,
        blank=True,
        help_text=_("名稱：至少兩個別的寫法；正式名稱只有一個，所以它們都是錯的。"),
    )
    # Blank is refused in clean(), with one message that says what to paste.
    source_sentence = models.TextField(
        _("原文句子"), blank=True, help_text=_("文章中的原句（第三天一節已轉為正體字）。")
    )
    is_disputed = models.BooleanField(
        _("文章自相矛盾"),
        default=False,
        help_text=_("照文章原樣記錄，但任何題目都不會問它。"),
    )
    dispute_note = models.CharField(_("矛盾說明"), max_length=200, blank=True)
    sequence = models.PositiveIntegerField(_("文章順序"), default=0)

    class Meta:
        verbose_name = _("陳述")
        verbose_name_plural = _("陳述")
        ordering = ["sequence", "id"]

    # The fields each kind needs, and the message when one is missing.
    REQUIRED: ClassVar[dict[str, dict[str, StrOrPromise]]] = {
        StatementKind.NUMBER: {
            "question": _("數字要有問句。"),
            "subject": _("數字要寫明計算的是什麼。"),
            "unit": _("數字要有單位，例如 人、%、分鐘。"),
        },
        StatementKind.AGREEMENT: {"text": _("協議要寫出這一項的內容。")},
        StatementKind.QUOTE: {
            "text": _("言論要寫出原話。"),
            "speaker": _("言論要寫出是誰說的。"),
            "speaker_kind": _("請選擇說話者類別。"),
        },
        StatementKind.FIRST: {"text": _("首次要寫出是哪一件事，例如「公開向朝鮮民眾發表講話」。")},
        StatementKind.NAME: {
            "question": _("名稱要有問句。"),
            "text": _("名稱要寫出正確的名稱。"),
        },
    }

    def __str__(self) -> str:
        return self.question or self.text or self.key

    def clean(self) -> None:
        errors = blank_fields(self, {"source_sentence": _("請貼上文章中的原句。")})
        errors.update(blank_fields(self, dict(self.REQUIRED.get(self.kind, {}))))
        if self.kind == StatementKind.NUMBER and self.value is None:
            errors["value"] = _("數字要有數值。")
        if self.kind == StatementKind.NUMBER and self.value is not None and self.value <= 0:
            errors["value"] = _("數值必須大於0。")
        if self.kind == StatementKind.AGREEMENT and self.included and not self.agreement.strip():
            errors["agreement"] = _("協議包含的項目要寫出是哪一份協議。")
        if self.kind == StatementKind.FIRST and self.person_id is None:
            errors["person"] = _("首次要選出做到這件事的人。")
        if self.kind == StatementKind.NAME:
            wrong = self.wrong_values
            if (
                not isinstance(wrong, list)
                or len([w for w in wrong if isinstance(w, str) and w.strip()]) < 2
                or not all(isinstance(w, str) and w.strip() for w in wrong)
            ):
                errors["wrong_values"] = _("名稱至少要有兩個錯誤的寫法，每個都不可空白。")
            elif fold_key(self.text) in {fold_key(w) for w in wrong}:
                errors["wrong_values"] = _("錯誤的寫法不能和正確的名稱相同。")
        if self.is_disputed and not self.dispute_note.strip():
            errors["dispute_note"] = _("標記為自相矛盾的陳述要說明矛盾在哪裡。")
        if errors:
            raise ValidationError(errors)
