from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from quizapp.chinese.scripts import fold_key, to_traditional
from quizapp.facts.forms import EventAdminForm, ParticipationFormSet, who_field_name
from quizapp.facts.models import (
    Event,
    Participation,
    Person,
    PersonAlias,
    PersonRole,
    Place,
    PlaceAlias,
    Source,
    Statement,
)
from quizapp.labels import choices
from quizapp.vocabulary import Part, Side, StatementKind

admin.site.site_header = _("平壤峰會測驗・管理")
admin.site.site_title = _("平壤峰會測驗")
admin.site.index_title = _("史實資料與帳號")


class AliasFormSet(forms.BaseInlineFormSet):
    """Refuses two aliases in one submission that fold to the same name.

    Each alias form validates against the database on its own; two new rows in the same
    form would both pass and then collide on the unique key, so the set checks itself.
    """

    def clean(self) -> None:
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            name = form.cleaned_data.get("name", "")
            folded = fold_key(name)
            if folded in seen:
                form.add_error(
                    "name",
                    _("別名「%(name)s」與「%(other)s」重複。")
                    % {"name": name, "other": seen[folded]},
                )
            seen[folded] = name
            owner_name = getattr(self.instance, "name", "")
            if owner_name and folded == fold_key(owner_name):
                form.add_error("name", _("別名與正式名稱相同，不必再列。"))


class ScriptFoldingSearchMixin(admin.ModelAdmin):
    """Search finds 迈克·蓬佩奥 as well as 邁克·蓬佩奧: the term is tried in Traditional too.

    Stored text is Traditional; an admin typing on a Simplified keyboard should not get
    an empty list for a name that is there.
    """

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        traditional = to_traditional(search_term)
        if search_term and traditional != search_term:
            more, more_duplicates = super().get_search_results(request, queryset, traditional)
            results = results | more
            may_have_duplicates = may_have_duplicates or more_duplicates
        return results, may_have_duplicates


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "licence", "address", "key"]
    search_fields = ["title", "key", "address"]
    fields = ["key", "title", "address", "attribution", "licence", "licence_address", "text"]


class SourcedAdmin(admin.ModelAdmin):
    """While the project has one article, every fact belongs to it: the admin does not
    ask. With a second source, the field appears and must be chosen."""

    def _the_only_source(self) -> Source | None:
        sources = list(Source.objects.all()[:2])
        return sources[0] if len(sources) == 1 else None

    def get_exclude(self, request: HttpRequest, obj: object = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])
        return [*excluded, "source"] if self._the_only_source() else excluded

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fieldsets = list(super().get_fieldsets(request, obj))
        if self._the_only_source() or any("source" in f["fields"] for _n, f in fieldsets):
            return fieldsets
        return [(None, {"fields": ["source"]}), *fieldsets]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if obj.source_id is None:
            obj.source = self._the_only_source()
        super().save_model(request, obj, form, change)


class AliasAndEventColumns:
    """List columns for places and people: their aliases, and how many events they are in
    (the queryset annotates `num_events` and prefetches `aliases`)."""

    @admin.display(description=_("別名"))
    def alias_list(self, fact: Place | Person) -> str:
        return "、".join(alias.name for alias in fact.aliases.all())

    @admin.display(description=_("事件數"), ordering="num_events")
    def event_count(self, fact: Place | Person) -> int:
        return fact.num_events  # type: ignore[union-attr]


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    formset = AliasFormSet
    extra = 1


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    formset = AliasFormSet
    extra = 1


class PersonRoleInline(admin.StackedInline):
    """A post with the article's sentence that gives it: stacked, as a sentence needs
    room to be read."""

    model = PersonRole
    extra = 1
    fields = [("title", "is_delegation_post", "order"), "sentence", "footnotes"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class ParticipationInline(admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    extra = 1
    autocomplete_fields = ["person"]


@admin.register(Place)
class PlaceAdmin(AliasAndEventColumns, ScriptFoldingSearchMixin, SourcedAdmin):
    list_display = ["name", "city", "alias_list", "event_count", "key"]
    list_filter = ["city"]
    search_fields = ["name", "city", "aliases__name", "key"]
    inlines = [PlaceAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Place]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(num_events=Count("events", distinct=True))
        )


@admin.register(Person)
class PersonAdmin(AliasAndEventColumns, ScriptFoldingSearchMixin, SourcedAdmin):
    list_display = ["name", "label", "side", "kind", "role_list", "alias_list", "event_count"]
    list_filter = ["side", "kind", "takes_part"]
    search_fields = ["name", "label", "aliases__name", "roles__title", "key"]
    inlines = [PersonRoleInline, PersonAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases", "roles")
            .annotate(num_events=Count("participations__event", distinct=True))
        )

    @admin.display(description=_("職務"))
    def role_list(self, person: Person) -> str:
        return "、".join(role.title for role in person.roles.all())


class SideFilter(admin.SimpleListFilter):
    title = _("參與者陣營")
    parameter_name = "side"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return choices(Side)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event]:
        if self.value():
            return queryset.filter(participations__person__side=self.value()).distinct()
        return queryset


@admin.register(Event)
class EventAdmin(ScriptFoldingSearchMixin, SourcedAdmin):
    form = EventAdminForm
    list_display = ["clause", "date_column", "time_column", "phase", "place", "people_column"]
    # date_hierarchy gives the date filter (year, month, day); "past 7 days" is no use for 2018.
    list_filter = ["phase", SideFilter, "is_disputed"]
    list_select_related = ["place"]
    search_fields = [
        "clause",
        "source_sentence",
        "key",
        "place__name",
        "place__aliases__name",
        "participations__person__name",
        "participations__person__aliases__name",
    ]
    date_hierarchy = "date"
    ordering = ["date", "sequence"]
    inlines = [ParticipationInline]
    autocomplete_fields = ["place"]
    fieldsets = [
        (None, {"fields": ["key", "clause", "activity", "phase", "place", "where_question"]}),
        (
            _("日期與時間"),
            {
                "fields": [
                    ("date", "date_precision", "end_date", "date_is_derived"),
                    ("time", "time_precision", "part_of_day"),
                    ("time_is_derived", "time_is_approximate"),
                ]
            },
        ),
        (_("參與者"), {"fields": ["has_unnamed_participants"]}),
        (
            _("「下列哪一位…？」的說法"),
            {
                "fields": [who_field_name(part) for part in Part],
                "description": _(
                    "題目讀作「下列哪一位＋說法？」，例如簽署一格寫「簽署了《平壤共同宣言》」。"
                    "只有填了說法、又有這個角色參與者的角色會出這類題目；留空就不出。"
                ),
            },
        ),
        (_("出處"), {"fields": ["source_sentence", "footnotes", "sequence"]}),
        (_("文章的矛盾"), {"fields": ["is_disputed", "dispute_note"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).prefetch_related("participations__person")

    @admin.display(description=_("日期"), ordering="date")
    def date_column(self, event: Event) -> str:
        return event.date_label

    @admin.display(description=_("時間"), ordering="time")
    def time_column(self, event: Event) -> str:
        return event.time_label

    @admin.display(description=_("參與者"))
    def people_column(self, event: Event) -> str:
        return "、".join(
            f"{p.person.display_name}（{p.get_part_display()}）" for p in event.participations.all()
        )


# The fields each kind of statement fills in, beyond its sentence and footnotes.
STATEMENT_FIELDS: dict[StatementKind, list[str | tuple[str, ...]]] = {
    StatementKind.NUMBER: ["question", "subject", ("value", "unit", "is_approximate")],
    StatementKind.AGREEMENT: ["agreement", "text", "included", "subject"],
    StatementKind.QUOTE: ["text", ("speaker", "speaker_kind"), "question"],
    StatementKind.FIRST: ["text", "person", "included"],
    StatementKind.NAME: ["question", "text", "wrong_values"],
}


class LinesField(forms.CharField):
    """A list of short texts edited one per line, not as JSON."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> str:
        return "\n".join(value) if isinstance(value, list) else super().prepare_value(value)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class StatementForm(forms.ModelForm):
    wrong_values = LinesField(
        label=_("錯誤的名稱"),
        required=False,
        help_text=_("名稱：每行一個別的寫法，至少兩個；正式名稱只有一個，所以它們都是錯的。"),
    )

    class Meta:
        model = Statement
        exclude: list[str] = []


@admin.register(Statement)
class StatementAdmin(ScriptFoldingSearchMixin, SourcedAdmin):
    """Numbers, agreement points, quotes, firsts and names. A saved statement shows only
    the fields of its kind; a new one shows them all, grouped by kind."""

    list_display = ["__str__", "kind", "phase", "footnotes"]
    list_filter = ["kind", "phase", "is_disputed"]
    search_fields = ["key", "question", "text", "speaker", "agreement", "source_sentence"]
    ordering = ["sequence", "id"]
    autocomplete_fields = ["person"]
    form = StatementForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        common = [(None, {"fields": ["key", "kind", "phase"]})]
        if obj is not None and obj.kind in STATEMENT_FIELDS:
            kinds = [StatementKind(obj.kind)]
        else:
            kinds = list(StatementKind)
        # A field two kinds share is shown once, with the first kind that uses it.
        shown: set[str] = set()
        by_kind = []
        for kind in kinds:
            fields: list[str | tuple[str, ...]] = []
            for row in STATEMENT_FIELDS[kind]:
                names = row if isinstance(row, tuple) else (row,)
                fresh = tuple(name for name in names if name not in shown)
                shown.update(fresh)
                if fresh:
                    fields.append(fresh if len(fresh) > 1 else fresh[0])
            by_kind.append((kind.label, {"fields": fields}))
        rest = [
            (_("出處"), {"fields": ["source_sentence", "footnotes", "sequence"]}),
            (_("文章的矛盾"), {"fields": ["is_disputed", "dispute_note"]}),
        ]
        fieldsets = [*common, *by_kind, *rest]
        if self._the_only_source():
            return fieldsets
        return [(None, {"fields": ["source"]}), *fieldsets]
