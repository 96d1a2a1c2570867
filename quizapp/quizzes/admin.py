from __future__ import annotations

from django.contrib import admin

from quizapp.quizzes.models import Attempt, Question, QuestionSet


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
    list_display = ["display_name", "question_set", "state", "score", "started_at"]
    list_filter = ["state"]
    list_select_related = ["question_set"]
    readonly_fields = ["public_id", "layout", "seq"]
