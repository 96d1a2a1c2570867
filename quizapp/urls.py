from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from quizapp.accounts import views as account_views
from quizapp.facts import views as fact_views
from quizapp.quizzes import teaching_views as teach
from quizapp.quizzes import views as quiz_views

urlpatterns = [
    path("", quiz_views.home, name="home"),
    path("healthz", quiz_views.healthz, name="healthz"),
    path("join/", quiz_views.join, name="join"),
    path("q/<str:code>/", quiz_views.set_start, name="set_start"),
    path("attempts/<uuid:public_id>/", quiz_views.attempt_page, name="attempt_page"),
    path("attempts/<uuid:public_id>/answer/", quiz_views.attempt_answer, name="attempt_answer"),
    path("attempts/<uuid:public_id>/next/", quiz_views.attempt_next, name="attempt_next"),
    path("attempts/<uuid:public_id>/results/", quiz_views.attempt_results, name="attempt_results"),
    path("timeline/", fact_views.timeline, name="timeline"),
    path("teach/", teach.dashboard, name="teach_dashboard"),
    path("teach/sets/new/", teach.set_new, name="teach_set_new"),
    path("teach/sets/<int:pk>/", teach.set_detail, name="teach_set"),
    path("teach/sets/<int:pk>/settings/", teach.set_settings, name="teach_set_settings"),
    path("teach/sets/<int:pk>/publish/", teach.set_publish, name="teach_set_publish"),
    path("teach/sets/<int:pk>/close/", teach.set_close, name="teach_set_close"),
    path("teach/sets/<int:pk>/duplicate/", teach.set_duplicate, name="teach_set_duplicate"),
    path("teach/sets/<int:pk>/questions/new/", teach.question_add_view, name="teach_question_add"),
    path(
        "teach/sets/<int:pk>/questions/<int:question_pk>/edit/",
        teach.question_edit_view,
        name="teach_question_edit",
    ),
    path(
        "teach/sets/<int:pk>/questions/<int:question_pk>/replace/",
        teach.question_replace_view,
        name="teach_question_replace",
    ),
    path(
        "teach/sets/<int:pk>/questions/<int:question_pk>/delete/",
        teach.question_delete_view,
        name="teach_question_delete",
    ),
    path(
        "teach/sets/<int:pk>/questions/<int:question_pk>/move/",
        teach.question_move_view,
        name="teach_question_move",
    ),
    path("teach/sets/<int:pk>/results/", teach.set_results_view, name="teach_set_results"),
    path("teach/sets/<int:pk>/results.csv", teach.set_results_csv, name="teach_set_results_csv"),
    path("teach/sets/<int:pk>/export.<str:fmt>", teach.set_export, name="teach_set_export"),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/logout/", account_views.logout_view, name="logout"),
    path("accounts/login/", account_views.login_view, name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "quizapp.errors.bad_request"
handler403 = "quizapp.errors.permission_denied"
handler404 = "quizapp.errors.page_not_found"
handler500 = "quizapp.errors.server_error"
