from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from quizapp.accounts import views as account_views
from quizapp.facts import views as fact_views
from quizapp.quizzes import views as quiz_views

urlpatterns = [
    path("", quiz_views.home, name="home"),
    path("join/", quiz_views.join, name="join"),
    path("q/<str:code>/", quiz_views.set_start, name="set_start"),
    path("attempts/<uuid:public_id>/", quiz_views.attempt_page, name="attempt_page"),
    path("attempts/<uuid:public_id>/answer/", quiz_views.attempt_answer, name="attempt_answer"),
    path("attempts/<uuid:public_id>/next/", quiz_views.attempt_next, name="attempt_next"),
    path("attempts/<uuid:public_id>/results/", quiz_views.attempt_results, name="attempt_results"),
    path("timeline/", fact_views.timeline, name="timeline"),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/logout/", account_views.logout_view, name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "quizapp.errors.bad_request"
handler403 = "quizapp.errors.permission_denied"
handler404 = "quizapp.errors.page_not_found"
handler500 = "quizapp.errors.server_error"
