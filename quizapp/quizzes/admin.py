from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from quizapp.facts import admin as facts_admin
from quizapp.facts.models import Event, Person, Statement
from quizapp.labels import label
from quizapp.quizzes.models import Attempt, Question, QuestionSet
from quizapp.quizzes.selectors.teacher import sets_using_fact
from quizapp.vocabulary import SetStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    # Students' attempts point at these questions: they are never deleted from here.
    can_delete = False
    fields = ["position", "kind", "prompt"]
    readonly_fields = ["kind", "prompt"]


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "join_code", "owner", "feedback_mode", "created_at"]
    list_filter = ["status", "feedback_mode"]
    search_fields = ["title", "join_code"]
    inlines = [QuestionInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["display_name", "question_set", "state", "score", "started_at", "is_preview"]
    # A teacher's previews sit beside students' attempts here; the filter tells them apart.
    list_filter = ["state", "is_preview"]
    list_select_related = ["question_set"]
    readonly_fields = ["public_id", "layout", "seq"]


# A fact's admin page lists the question sets drawn from it: what an edit touches. The
# facts app knows nothing of question sets, so this side adds the field to its pages.


class UsedInSetsField(admin.ModelAdmin):
    @admin.display(description=_("用到這個史實的題組"))
    def used_in_sets(self, fact: Event | Person | Statement | None) -> StrOrPromise:
        if fact is None or fact.pk is None:
            return "—"
        sets = sets_using_fact(fact=fact)
        if not sets:
            return _("沒有題組用到。")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a>（{}）</li>',
            (
                (reverse("teacher_set", args=[s.pk]), s.title, label(SetStatus(s.status)))
                for s in sets
            ),
        )
        return format_html(
            "<ul>{}</ul><p>{}</p>",
            items,
            _("修改這個史實不會改動已經出好的題目；已完成的作答不會改變。"),
        )


class EventWithSetsAdmin(UsedInSetsField, facts_admin.EventAdmin):
    readonly_fields = ["used_in_sets"]
    fieldsets = [*facts_admin.EventAdmin.fieldsets, (_("題組"), {"fields": ["used_in_sets"]})]


class PersonWithSetsAdmin(UsedInSetsField, facts_admin.PersonAdmin):
    readonly_fields = ["used_in_sets"]


admin.site.unregister(Event)
admin.site.register(Event, EventWithSetsAdmin)
admin.site.unregister(Person)
admin.site.register(Person, PersonWithSetsAdmin)


class StatementWithSetsAdmin(UsedInSetsField, facts_admin.StatementAdmin):
    readonly_fields = ["used_in_sets"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [
            *super().get_fieldsets(request, obj),
            (_("題組"), {"fields": ["used_in_sets"]}),
        ]


admin.site.unregister(Statement)
admin.site.register(Statement, StatementWithSetsAdmin)
