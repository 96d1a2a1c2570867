from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.forms.models import ModelFormMetaclass
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from quizapp.facts import admin as facts_admin
from quizapp.facts.models import Event, Person, Place, Statement
from quizapp.labels import label
from quizapp.quizzes.fact_questions import (
    AboutFact,
    Generated,
    QuestionList,
    about_event,
    about_person,
    about_place,
    about_statement,
    generated_now,
    questions_about,
    questions_lost,
)
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


# ---- the questions a fact yields, and those an edit would cost ---------------------
#
# A fact's page lists the questions the generator makes from it now. Saving an edit
# that would lose questions (a rule now drops them, or they are no longer made) first
# shows which and saves nothing; ticking 「仍要儲存」 saves it. "Would lose" is measured,
# not guessed: the edit is saved inside the admin's transaction, the generator runs over
# the fact base as it then stands, and the transaction is rolled back.

# The questions the first save would lose, set on the request for the page that shows
# them (the admin builds its form class per request, from the request alone).
QUESTIONS_LOST = "fact_questions_lost"


class QuestionsWouldBeLost(Exception):
    """Raised inside the admin's transaction, so that leaving it undoes the save."""

    def __init__(self, lost: QuestionList) -> None:
        super().__init__(f"{len(lost)} questions would be lost")
        self.lost = lost


class SaveAnywayForm(forms.ModelForm):
    """The fact's own form, plus the box that confirms an edit which loses questions."""

    save_anyway = forms.BooleanField(label=_("仍要儲存"), required=False)
    questions_lost: ClassVar[QuestionList | None] = None
    # What the generator made before this form's save: set when the save begins.
    before: Generated | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.questions_lost and not cleaned.get("save_anyway"):
            count = len(self.questions_lost)
            # Chinese has one form for any count.
            self.add_error(
                "save_anyway",
                _("這次修改會讓上面 %(count)d 道題目不再出現。確定要改，請勾選「仍要儲存」再儲存。")
                % {"count": count},
            )
        return cleaned


class FactQuestionsAdmin(admin.ModelAdmin):
    """Mixed into a fact's registered admin by `show_questions_on`."""

    change_form_template = "admin/fact_questions_change_form.html"
    about: ClassVar[AboutFact]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        return cast(
            "type[forms.ModelForm]",
            ModelFormMetaclass(
                form.__name__,
                (SaveAnywayForm, form),
                {"__module__": __name__, "questions_lost": getattr(request, QUESTIONS_LOST, None)},
            ),
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # The box appears in the warning only, never as a row of the form.
        return [name for name in super().get_fields(request, obj) if name != "save_anyway"]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except QuestionsWouldBeLost as would_lose:
            # The save is undone; show the same submission again, with what it costs.
            setattr(request, QUESTIONS_LOST, would_lose.lost)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and isinstance(form, SaveAnywayForm) and not form.cleaned_data["save_anyway"]:
            form.before = generated_now()  # the row is not written yet
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(form, "before", None)
        if before is not None and (lost := questions_lost(before=before, after=generated_now())):
            raise QuestionsWouldBeLost(lost)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            context["fact_questions"] = questions_about(
                pk=obj.pk, about=type(self).about, now=generated_now()
            )
        context["questions_lost"] = getattr(request, QUESTIONS_LOST, None)
        return super().render_change_form(request, context, add, change, form_url, obj)


def show_questions_on(model: type[Model], *, about: AboutFact) -> None:
    """Show, on each `model` fact's admin page, the questions `about` picks from the
    generator's, and warn before an edit that loses questions: around whatever admin is
    registered for the model now."""
    registered = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            f"{registered.__name__}WithQuestions",
            (FactQuestionsAdmin, registered),
            {"__module__": __name__, "about": staticmethod(about)},
        ),
    )


show_questions_on(Event, about=about_event)
show_questions_on(Person, about=about_person)
show_questions_on(Place, about=about_place)
show_questions_on(Statement, about=about_statement)
