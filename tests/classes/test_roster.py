"""A class's roster: pasted lists, login cards, existing accounts, passwords, removal."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from quizapp.classes.models import Membership
from tests.classes.conftest import HTMX
from tests.quizzes.factories import make_set, start_attempt

pytestmark = pytest.mark.django_db
User = get_user_model()
THIRTY = "\n".join(f"{n}\t學生{n:02d}" for n in range(1, 31))


def import_roster(client: Client, school_class, text: str, **headers):
    return client.post(
        reverse("roster_import", args=[school_class.pk]), {"text": text}, headers=headers
    )


def cards_of(client: Client, school_class) -> list[dict]:
    response = client.get(reverse("class_cards", args=[school_class.pk]))
    return response.context["cards"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_pasted_list_makes_student_accounts_and_cards(teacher_client, school_class, headers):
    response = import_roster(teacher_client, school_class, THIRTY, **headers)
    cards_url = reverse("class_cards", args=[school_class.pk])
    if headers:
        assert response.status_code == 200 and response["HX-Redirect"] == cards_url
    else:
        assert response.status_code == 303 and response["Location"] == cards_url
    members = Membership.objects.filter(school_class=school_class).select_related("student")
    assert members.count() == 30
    assert {m.student.groups.get().name for m in members} == {"students"}
    page = teacher_client.get(cards_url)
    html = page.content.decode()
    cards = page.context["cards"]
    assert len(cards) == 30 and html.count('class="login-card"') == 30
    assert html.count("<svg") >= 30  # a QR code on every card
    first = cards[0]
    assert first["seat"] == 1 and first["name"] == "學生01"
    assert first["username"] == f"{school_class.join_code[:4].lower()}-01"
    assert len({card["username"] for card in cards}) == 30
    # The card's credentials log the student in, once the teacher has printed them.
    assert (
        Client()
        .post(reverse("login"), {"username": first["username"], "password": first["password"]})
        .status_code
        == 302
    )


def test_cards_are_shown_until_the_teacher_says_printed(teacher_client, school_class):
    import_roster(teacher_client, school_class, "1 王小明")
    done = teacher_client.post(reverse("class_cards_done", args=[school_class.pk]))
    assert done.status_code == 303
    page = teacher_client.get(reverse("class_cards", args=[school_class.pk]))
    assert page.context["cards"] == [] and "重設密碼" in page.content.decode()


def test_the_password_is_stored_hashed_and_rehashed_at_first_login(teacher_client, school_class):
    import_roster(teacher_client, school_class, "1 王小明")
    card = cards_of(teacher_client, school_class)[0]
    user = User.objects.get(username=card["username"])
    assert card["password"] not in user.password
    assert user.password.startswith("pbkdf2_sha256_first$")
    Client().post(reverse("login"), {"username": card["username"], "password": card["password"]})
    user.refresh_from_db()
    assert not user.password.startswith("pbkdf2_sha256_first$")


BAD_LISTS = {
    "duplicate seats": ("1 王小明\n\n1 李美玲", "第 3 行：座號 1 和第 1 行重複。"),
    "a 200-character name": ("1 " + "長" * 200, "第 1 行：姓名太長"),
    "an emoji": ("1 王小明\n2 李😀玲", "第 2 行：姓名只能有文字"),
    "a control character": ("1 王\x1b[31m小明", "第 1 行：姓名只能有文字"),
    "2,000 lines": (
        "\n".join(f"{n} 學生{n}" for n in range(1, 2001)),
        "名單有 2001 位學生；一次最多 300 位",
    ),
}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("case", BAD_LISTS, ids=list(BAD_LISTS))
def test_a_bad_list_creates_nothing_and_says_what_is_wrong_by_line(
    teacher_client, school_class, case, headers
):
    text, message = BAD_LISTS[case]
    users_before = User.objects.count()
    response = import_roster(teacher_client, school_class, text + "\n99 正常的名字", **headers)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "還沒有建立任何帳號" in html
    assert User.objects.count() == users_before
    assert not Membership.objects.filter(school_class=school_class).exists()
    assert ("<html" in html) is not bool(headers)


def test_an_empty_list_is_a_form_error(teacher_client, school_class):
    response = import_roster(teacher_client, school_class, "\n\n  \n")
    assert response.status_code == 400 and "請貼上學生名單" in response.content.decode()


def test_a_seat_already_in_the_class_is_refused(teacher_client, school_class):
    import_roster(teacher_client, school_class, "5 王小明")
    response = import_roster(teacher_client, school_class, "6 李美玲\n5 陳大文")
    assert response.status_code == 400
    assert "第 2 行：座號 5 已經有班上的學生了。" in response.content.decode()
    assert Membership.objects.filter(school_class=school_class).count() == 1


def test_a_taken_username_gets_another(teacher_client, school_class, django_user_model):
    taken = f"{school_class.join_code[:4].lower()}-01"
    django_user_model.objects.create_user(username=taken, password="x-long-pass-1")
    import_roster(teacher_client, school_class, "1 王小明")
    username = cards_of(teacher_client, school_class)[0]["username"]
    assert username != taken and username.startswith(taken)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_an_existing_account_is_added(teacher_client, school_class, django_user_model, headers):
    student = django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    response = teacher_client.post(
        reverse("student_add", args=[school_class.pk]),
        {"username": "mei", "seat": "12", "name": "林美"},
        headers=headers,
    )
    assert response.status_code == (200 if headers else 303)
    membership = Membership.objects.get(school_class=school_class, student=student)
    assert (membership.seat_number, membership.name) == (12, "林美")
    page = teacher_client.get(reverse("class_roster", args=[school_class.pk])).content.decode()
    assert "林美" in page and "mei" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "nobody"}, "找不到這個帳號"),
        ({"username": "lin"}, "老師和管理員的帳號不能加入班級"),
        ({"username": "mei", "seat": "0"}, "座號要在 1 到 999 之間"),
    ],
)
def test_adding_a_wrong_account_says_why(
    teacher_client, school_class, django_user_model, data, message
):
    django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    response = teacher_client.post(
        reverse("student_add", args=[school_class.pk]), data, headers=HTMX
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Membership.objects.filter(school_class=school_class).exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_reset_password_is_shown_once_and_works(teacher_client, school_class, headers):
    import_roster(teacher_client, school_class, "1 王小明")
    old = cards_of(teacher_client, school_class)[0]
    membership = Membership.objects.get(school_class=school_class)
    url = reverse("student_password", args=[school_class.pk, membership.pk])
    response = teacher_client.post(url, headers=headers)
    if not headers:
        assert response.status_code == 303
        response = teacher_client.get(reverse("class_roster", args=[school_class.pk]))
    new = response.context["new_password"]
    assert new["password"] in response.content.decode() and new["password"] != old["password"]
    login = reverse("login")
    assert (
        Client().post(login, {"username": old["username"], "password": old["password"]}).status_code
        == 200
    )
    assert (
        Client().post(login, {"username": old["username"], "password": new["password"]}).status_code
        == 302
    )
    again = teacher_client.get(reverse("class_roster", args=[school_class.pk]))
    assert new["password"] not in again.content.decode()


def test_a_teacher_account_in_a_class_cannot_have_its_password_reset(
    teacher_client, school_class, django_user_model
):
    """A teacher added before becoming a teacher: its class's teacher must not take it over."""
    from quizapp.accounts.roles import make_teacher

    colleague = django_user_model.objects.create_user(username="chen", password="a-long-pass-3")
    membership = Membership.objects.create(school_class=school_class, student=colleague, name="陳")
    make_teacher(colleague)
    colleague = django_user_model.objects.get(pk=colleague.pk)
    url = reverse("student_password", args=[school_class.pk, membership.pk])
    assert teacher_client.post(url).status_code == 403
    assert colleague.check_password("a-long-pass-3")
    colleague.refresh_from_db()
    assert colleague.check_password("a-long-pass-3")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_removed_student_keeps_their_work(teacher_client, school_class, headers):
    import_roster(teacher_client, school_class, "1 王小明\n2 李美玲")
    membership = Membership.objects.get(school_class=school_class, seat_number=1)
    student_client = Client()
    student_client.force_login(membership.student)
    quiz = make_set()
    attempt = start_attempt(student_client, quiz)
    url = reverse("student_remove", args=[school_class.pk, membership.pk])
    response = teacher_client.post(url, headers=headers)
    assert response.status_code == (200 if headers else 303)
    roster = teacher_client.get(reverse("class_roster", args=[school_class.pk]))
    assert [m.name for m in roster.context["members"]] == ["李美玲"]
    assert User.objects.filter(pk=membership.student_id).exists()
    assert quiz.attempts.filter(pk=attempt.pk).exists()
    # The seat is free again.
    assert import_roster(teacher_client, school_class, "1 陳大文").status_code == 303


def test_another_teacher_gets_404_everywhere(
    teacher_client, other_teacher_client, school_class, django_user_model
):
    import_roster(teacher_client, school_class, "1 王小明")
    membership = Membership.objects.get(school_class=school_class)
    pk = school_class.pk
    gets = ["class_detail", "class_roster", "class_cards"]
    posts = ["class_archive", "roster_import", "student_add", "assignment_new", "class_cards_done"]
    for name in gets:
        assert other_teacher_client.get(reverse(name, args=[pk])).status_code == 404, name
    for name in posts:
        assert (
            other_teacher_client.post(reverse(name, args=[pk]), {"text": "2 x"}).status_code == 404
        ), name
    for name in ["student_password", "student_remove"]:
        url = reverse(name, args=[pk, membership.pk])
        assert other_teacher_client.post(url).status_code == 404, name
    membership.refresh_from_db()
    assert membership.removed_at is None
    # A student (the class's own) gets the teachers-only page; a visitor, the login.
    student = Client()
    student.force_login(membership.student)
    assert student.get(reverse("class_roster", args=[pk])).status_code == 403
    assert Client().get(reverse("class_roster", args=[pk])).status_code == 302


def test_a_member_of_another_class_is_404_in_this_one(teacher_client, school_class):
    from quizapp.classes.services.classes import class_create

    other_class = class_create(teacher=teacher_client.teacher, name="八年四班", school_year="")
    import_roster(teacher_client, other_class, "1 王小明")
    membership = Membership.objects.get(school_class=other_class)
    url = reverse("student_remove", args=[school_class.pk, membership.pk])
    assert teacher_client.post(url).status_code == 404
    membership.refresh_from_db()
    assert membership.removed_at is None


def test_cards_left_unprinted_are_gone_a_day_later(teacher_client, school_class):
    import_roster(teacher_client, school_class, "1 王小明")
    session = teacher_client.session
    key = f"login_cards:{school_class.pk}"
    session[key] = {**session[key], "made": session[key]["made"] - 24 * 60 * 60 - 1}
    session.save()
    assert cards_of(teacher_client, school_class) == []
    assert key not in teacher_client.session


def test_a_teacher_cannot_take_over_a_students_own_account(
    teacher_client, other_teacher_client, school_class, django_user_model
):
    """Adding someone's account by its username gives no power over its password."""
    victim = django_user_model.objects.create_user(username="victim", password="a-long-pass-7")
    assert (
        teacher_client.post(
            reverse("student_add", args=[school_class.pk]), {"username": "victim"}
        ).status_code
        == 303
    )
    membership = Membership.objects.get(student=victim)
    url = reverse("student_password", args=[school_class.pk, membership.pk])
    response = teacher_client.post(url)
    assert response.status_code == 403 and "只有本人能改密碼" in response.content.decode()
    victim.refresh_from_db()
    assert victim.check_password("a-long-pass-7")
    roster = teacher_client.get(reverse("class_roster", args=[school_class.pk])).content.decode()
    assert url not in roster and "自己的帳號" in roster


def test_another_classs_card_account_added_here_is_not_this_teachers_to_reset(
    teacher_client, school_class, django_user_model
):
    from quizapp.classes.services.classes import class_create

    colleague = django_user_model.objects.create_user(username="chen2", password="a-long-pass-4")
    theirs = class_create(teacher=colleague, name="八年四班", school_year="")
    from quizapp.classes.services.roster import roster_import

    [card] = roster_import(school_class=theirs, text="1 王小明")
    teacher_client.post(reverse("student_add", args=[school_class.pk]), {"username": card.username})
    membership = Membership.objects.get(school_class=school_class)
    url = reverse("student_password", args=[school_class.pk, membership.pk])
    assert teacher_client.post(url).status_code == 403
    assert Client().login(username=card.username, password=card.password)


def test_an_archived_class_takes_no_new_students(teacher_client, school_class, django_user_model):
    django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    teacher_client.post(reverse("class_archive", args=[school_class.pk]), {"archived": "1"})
    response = import_roster(teacher_client, school_class, "1 王小明")
    assert response.status_code == 400 and "已經封存" in response.content.decode()
    added = teacher_client.post(reverse("student_add", args=[school_class.pk]), {"username": "mei"})
    assert added.status_code == 400 and "已經封存" in added.content.decode()
    assert not Membership.objects.exists()


def test_an_added_accounts_name_is_checked_like_a_pasted_one(
    teacher_client, school_class, django_user_model
):
    django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    response = teacher_client.post(
        reverse("student_add", args=[school_class.pk]),
        {"username": "mei", "name": "\u202eabc\u200b"},
    )
    assert response.status_code == 400 and "只能有文字" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_removed_student_cannot_rejoin_alone_but_the_teacher_can_add_them_back(
    teacher_client, school_class, django_user_model
):
    from quizapp.classes.services.classes import class_join

    mei = django_user_model.objects.create_user(username="mei", password="a-long-pass-9")
    membership = class_join(school_class=school_class, student=mei, name="林美")
    teacher_client.post(reverse("student_remove", args=[school_class.pk, membership.pk]))
    student = Client()
    student.force_login(mei)
    url = reverse("class_join", args=[school_class.join_code])
    response = student.post(url, {"name": "林美"})
    assert response.status_code == 400 and "請找老師" in response.content.decode()
    assert Membership.objects.current().count() == 0
    teacher_client.post(reverse("student_add", args=[school_class.pk]), {"username": "mei"})
    assert Membership.objects.current().get().student == mei


def test_a_list_without_seats_pasted_twice_makes_nobody_twice(teacher_client, school_class):
    assert import_roster(teacher_client, school_class, "陳奕迅\n王志明").status_code == 303
    again = import_roster(teacher_client, school_class, "陳奕迅\n王志明")
    assert again.status_code == 400
    assert "第 1 行：班上已經有沒有座號的「陳奕迅」" in again.content.decode()
    assert Membership.objects.filter(school_class=school_class).count() == 2


def test_cards_left_to_print_follow_a_reset_and_a_removal(teacher_client, school_class):
    import_roster(teacher_client, school_class, "1 王小明\n2 李美玲")
    first, second = (Membership.objects.get(seat_number=n) for n in (1, 2))
    teacher_client.post(reverse("student_password", args=[school_class.pk, first.pk]))
    new = teacher_client.get(reverse("class_roster", args=[school_class.pk])).context[
        "new_password"
    ]
    teacher_client.post(reverse("student_remove", args=[school_class.pk, second.pk]))
    cards = cards_of(teacher_client, school_class)
    assert [(card["name"], card["password"]) for card in cards] == [("王小明", new["password"])]
