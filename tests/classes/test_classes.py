"""Classes: create, list, archive, share; students joining by link or code."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from quizapp.classes.models import Membership, SchoolClass
from quizapp.classes.services.classes import class_create
from tests.classes.conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_teacher_creates_a_class(teacher_client, headers):
    response = teacher_client.post(
        reverse("class_new"), {"name": "八年三班", "school_year": "114 學年度"}, headers=headers
    )
    school_class = SchoolClass.objects.get()
    roster = reverse("class_roster", args=[school_class.pk])
    if headers:
        assert response["HX-Redirect"] == roster
    else:
        assert response.status_code == 303 and response["Location"] == roster
    assert list(school_class.teachers.all()) == [teacher_client.teacher]
    assert len(school_class.join_code) == 7


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_class_without_a_name_is_a_form_error(teacher_client, headers):
    response = teacher_client.post(reverse("class_new"), {"name": " "}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 400 and "請輸入班級名稱" in html
    assert ("<html" in html) is not bool(headers)
    assert not SchoolClass.objects.exists()


def test_the_list_searches_sorts_and_hides_archived_classes(teacher_client):
    teacher = teacher_client.teacher
    first = class_create(teacher=teacher, name="八年三班", school_year="114")
    second = class_create(teacher=teacher, name="九年一班", school_year="114")
    url = reverse("class_list")

    def names(**query):
        return [c.name for c in teacher_client.get(url, query).context["classes"]]

    assert names() == ["九年一班", "八年三班"]
    assert names(sort="old") == ["八年三班", "九年一班"]
    assert names(sort="bogus") == ["九年一班", "八年三班"]
    assert names(q="九年") == ["九年一班"]
    teacher_client.post(reverse("class_archive", args=[second.pk]), {"archived": "1"})
    assert names() == ["八年三班"]
    assert names(archived="1") == ["九年一班"]
    partial = teacher_client.get(url, {"q": "八年"}, headers=HTMX).content.decode()
    assert "八年三班" in partial and "九年一班" not in partial and "<html" not in partial
    assert first.pk != second.pk


def test_teachers_see_only_their_own_classes(teacher_client, other_teacher_client):
    class_create(teacher=teacher_client.teacher, name="八年三班", school_year="")
    assert list(other_teacher_client.get(reverse("class_list")).context["classes"]) == []


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_archiving_and_back(teacher_client, school_class, headers):
    url = reverse("class_archive", args=[school_class.pk])
    response = teacher_client.post(url, {"archived": "1"}, headers=headers)
    assert response.status_code == (200 if headers else 303)
    school_class.refresh_from_db()
    assert school_class.is_archived
    # An archived class takes no new students.
    student = Client()
    student.force_login(
        Membership.student.field.related_model.objects.create_user(
            username="mei", password="a-long-pass-9"
        )
    )
    assert student.get(reverse("class_join", args=[school_class.join_code])).status_code == 404
    teacher_client.post(url, {"archived": "0"}, headers=headers)
    school_class.refresh_from_db()
    assert not school_class.is_archived


def test_the_class_page_shares_code_link_and_qr(teacher_client, school_class):
    html = teacher_client.get(reverse("class_detail", args=[school_class.pk])).content.decode()
    link = "http://testserver" + reverse("class_join", args=[school_class.join_code])
    assert school_class.join_code in html and f'value="{link}"' in html
    assert '<svg role="img"' in html and "<title>加入「八年三班」的 QR code</title>" in html


def test_a_student_joins_by_the_class_link(school_class, django_user_model):
    student = django_user_model.objects.create_user(
        username="mei", password="a-long-pass-9", first_name="林美"
    )
    url = reverse("class_join", args=[school_class.join_code])
    visitor = Client()
    page = visitor.get(url)
    assert page.status_code == 200 and f"?next={url}" in page.content.decode()
    client = Client()
    client.force_login(student)
    form = client.get(url)
    assert 'value="林美"' in form.content.decode()
    assert client.post(url, {"name": ""}).status_code == 400
    assert not Membership.objects.exists()
    joined = client.post(url, {"name": "林美"})
    assert joined.status_code == 303 and joined["Location"] == reverse("home")
    membership = Membership.objects.get()
    assert (membership.student, membership.name) == (student, "林美")
    assert student.groups.filter(name="students").exists()
    # Coming back by the link again lands on the home page, nothing doubled.
    assert client.get(url)["Location"] == reverse("home")
    assert Membership.objects.count() == 1


def test_the_home_page_box_takes_a_class_code_typed_loosely(school_class):
    typed = " " + school_class.join_code.lower()[:3] + "-" + school_class.join_code.lower()[3:]
    response = Client().get(reverse("join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("class_join", args=[school_class.join_code])


def test_a_new_student_signs_up_from_the_class_link_and_comes_back(school_class):
    url = reverse("class_join", args=[school_class.join_code])
    client = Client()
    response = client.post(
        reverse("signup") + f"?next={url}",
        {
            "username": "newbie",
            "password1": "a-long-pass-42x",
            "password2": "a-long-pass-42x",
            "next": url,
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    # An address elsewhere is never where sign-up leads.
    other = Client().post(
        reverse("signup"),
        {
            "username": "newbie2",
            "password1": "a-long-pass-42x",
            "password2": "a-long-pass-42x",
            "next": "https://evil.example/",
        },
    )
    assert other["Location"] == reverse("home")


def test_teachers_cannot_join_a_class_as_students(school_class, teacher_client):
    url = reverse("class_join", args=[school_class.join_code])
    response = teacher_client.post(url, {"name": "林老師"})
    assert (
        response.status_code == 400
        and "老師和管理員的帳號不能加入班級" in response.content.decode()
    )
    assert not Membership.objects.exists()


def test_an_unknown_class_code_is_404(client):
    assert client.get(reverse("class_join", args=["ZZZZZZZ"])).status_code == 404


def test_the_join_form_never_offers_the_username_as_the_name(school_class, django_user_model):
    client = Client()
    client.force_login(
        django_user_model.objects.create_user(username="k7m2-05", password="x-long-pass-9")
    )
    form = client.get(reverse("class_join", args=[school_class.join_code])).context["form"]
    assert form["name"].value() in ("", None)


def test_a_teacher_lands_in_the_workspace_after_logging_in(django_user_model):
    from quizapp.accounts.roles import make_teacher

    lin = django_user_model.objects.create_user(username="lin2", password="a-long-pass-1")
    make_teacher(lin)
    django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    login = reverse("login")
    assert Client().post(login, {"username": "lin2", "password": "a-long-pass-1"})[
        "Location"
    ] == reverse("teacher_dashboard")
    assert Client().post(login, {"username": "mei", "password": "a-long-pass-9"})[
        "Location"
    ] == reverse("home")
    asked = Client().post(
        login + "?next=/timeline/",
        {"username": "lin2", "password": "a-long-pass-1", "next": "/timeline/"},
    )
    assert asked["Location"] == "/timeline/"
