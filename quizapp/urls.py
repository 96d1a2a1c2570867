from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from quizapp import views as project_views
from quizapp.accounts import views as account_views
from quizapp.classes.views import memory as class_memory
from quizapp.classes.views import results as class_results
from quizapp.classes.views import student as class_student
from quizapp.classes.views import teacher as class_teacher
from quizapp.facts import views as fact_views
from quizapp.practice import views as practice_views
from quizapp.quizzes.views import student, teacher

urlpatterns = [
    path("", class_student.home, name="home"),
    path("healthz", project_views.healthz, name="healthz"),
    path("join/", class_student.join, name="join"),
    path("c/<str:code>/", class_student.class_join_view, name="class_join"),
    path("q/<str:code>/", class_student.set_start, name="set_start"),
    path("attempts/<uuid:public_id>/", student.attempt_page, name="attempt_page"),
    path("attempts/<uuid:public_id>/answer/", student.attempt_answer, name="attempt_answer"),
    path("attempts/<uuid:public_id>/next/", student.attempt_next, name="attempt_next"),
    path("attempts/<uuid:public_id>/results/", student.attempt_results, name="attempt_results"),
    path("timeline/", fact_views.timeline, name="timeline"),
    path("practice/", practice_views.practice, name="practice"),
    path("practice/progress/", practice_views.progress, name="practice_progress"),
    path(
        "practice/<uuid:public_id>/",
        practice_views.practice_question_page,
        name="practice_question",
    ),
    path(
        "practice/<uuid:public_id>/answer/",
        practice_views.practice_submit,
        name="practice_submit",
    ),
    path("teacher/", teacher.dashboard, name="teacher_dashboard"),
    path("teacher/classes/", class_teacher.class_list, name="class_list"),
    path("teacher/classes/new/", class_teacher.class_new, name="class_new"),
    path("teacher/classes/<int:pk>/", class_teacher.class_detail, name="class_detail"),
    path("teacher/classes/<int:pk>/archive/", class_teacher.class_archive, name="class_archive"),
    path("teacher/classes/<int:pk>/risk/", class_memory.class_risk, name="class_risk"),
    path("teacher/classes/<int:pk>/risk/set/", class_memory.class_risk_set, name="class_risk_set"),
    path(
        "teacher/classes/<int:pk>/assignments/new/",
        class_teacher.assignment_new,
        name="assignment_new",
    ),
    path(
        "teacher/classes/<int:pk>/assignments/<int:assignment_pk>/delete/",
        class_teacher.assignment_delete,
        name="assignment_delete",
    ),
    path(
        "teacher/classes/<int:pk>/students/", class_teacher.class_roster_view, name="class_roster"
    ),
    path(
        "teacher/classes/<int:pk>/students/import/",
        class_teacher.roster_import,
        name="roster_import",
    ),
    path("teacher/classes/<int:pk>/students/add/", class_teacher.student_add, name="student_add"),
    path(
        "teacher/classes/<int:pk>/students/<int:membership_pk>/password/",
        class_teacher.student_password,
        name="student_password",
    ),
    path(
        "teacher/classes/<int:pk>/students/<int:membership_pk>/remove/",
        class_teacher.student_remove,
        name="student_remove",
    ),
    path("teacher/classes/<int:pk>/cards/", class_teacher.class_cards, name="class_cards"),
    path(
        "teacher/classes/<int:pk>/cards/done/",
        class_teacher.class_cards_done,
        name="class_cards_done",
    ),
    path("teacher/sets/new/", teacher.set_new, name="teacher_set_new"),
    path("teacher/sets/<int:pk>/", teacher.set_detail, name="teacher_set"),
    path("teacher/sets/<int:pk>/settings/", teacher.set_settings, name="teacher_set_settings"),
    path("teacher/sets/<int:pk>/publish/", teacher.set_publish, name="teacher_set_publish"),
    path("teacher/sets/<int:pk>/close/", teacher.set_close, name="teacher_set_close"),
    path("teacher/sets/<int:pk>/preview/", teacher.set_preview, name="teacher_set_preview"),
    path("teacher/sets/<int:pk>/duplicate/", teacher.set_duplicate, name="teacher_set_duplicate"),
    path("teacher/sets/<int:pk>/share/", teacher.set_share, name="teacher_set_share"),
    path("teacher/sets/<int:pk>/archive/", teacher.set_archive, name="teacher_set_archive"),
    path("teacher/sets/<int:pk>/unarchive/", teacher.set_unarchive, name="teacher_set_unarchive"),
    path("teacher/sets/<int:pk>/delete/", teacher.set_delete, name="teacher_set_delete"),
    path("teacher/sets/<int:pk>/questions/new/", teacher.question_add, name="teacher_question_add"),
    path(
        "teacher/sets/<int:pk>/questions/<int:question_pk>/edit/",
        teacher.question_edit,
        name="teacher_question_edit",
    ),
    path(
        "teacher/sets/<int:pk>/questions/<int:question_pk>/replace/",
        teacher.question_replace,
        name="teacher_question_replace",
    ),
    path(
        "teacher/sets/<int:pk>/questions/<int:question_pk>/delete/",
        teacher.question_delete,
        name="teacher_question_delete",
    ),
    path(
        "teacher/sets/<int:pk>/questions/<int:question_pk>/move/",
        teacher.question_move,
        name="teacher_question_move",
    ),
    path("teacher/sets/<int:pk>/results/", class_results.set_results, name="teacher_set_results"),
    path(
        "teacher/sets/<int:pk>/results.csv",
        class_results.set_results_csv,
        name="teacher_set_results_csv",
    ),
    path(
        "teacher/sets/<int:pk>/responses.csv",
        class_results.set_responses_csv,
        name="teacher_set_responses_csv",
    ),
    path(
        "teacher/sets/<int:pk>/students/<int:user_id>/",
        class_results.student_attempt,
        name="teacher_student_attempt",
    ),
    path("teacher/sets/<int:pk>/export.<str:fmt>", teacher.set_export, name="teacher_set_export"),
    # The teacher's workspace was at /teach/ before: old links and bookmarks still work.
    re_path(
        r"^teach/(?P<rest>.*)$",
        RedirectView.as_view(url="/teacher/%(rest)s", permanent=True, query_string=True),
    ),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/logout/", account_views.logout_view, name="logout"),
    path("accounts/login/", account_views.login_view, name="login"),
    path("accounts/guest/leave/", account_views.guest_leave, name="guest_leave"),
    path("accounts/password_reset/", account_views.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Before the admin's own: its login checks passwords too, so it takes the same limits.
    path("admin/login/", account_views.login_limited(admin.site.login), name="admin_login"),
    path("admin/", admin.site.urls),
]

handler400 = "quizapp.errors.bad_request"
handler403 = "quizapp.errors.permission_denied"
handler404 = "quizapp.errors.page_not_found"
handler500 = "quizapp.errors.server_error"
