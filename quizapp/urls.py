from __future__ import annotations

from django.contrib import admin
from django.urls import path

from quizapp.facts import views as fact_views
from quizapp.views import home

urlpatterns = [
    path("", home, name="home"),
    path("timeline/", fact_views.timeline, name="timeline"),
    path("admin/", admin.site.urls),
]
