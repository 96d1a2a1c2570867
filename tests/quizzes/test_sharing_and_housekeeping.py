"""Sharing a published set (code, link, QR code, a page for the projector) and keeping
the dashboard tidy (search, sort, archive, unarchive, delete)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizapp.quizzes.exceptions import SetNotOpen
from quizapp.quizzes.models import Attempt, Question, QuestionSet
from quizapp.quizzes.services.attempts import attempt_start
from quizapp.quizzes.services.question_sets import (
    CLOSING_GRACE,
    question_set_archive,
    question_set_close,
)
from quizapp.vocabulary import AttemptState, SetStatus
from tests.quizzes.factories import finish, owned_set, start_attempt

HTMX = {"HX-Request": "true"}
DASHBOARD = "/teacher/"


def draft_set(teacher, title: str = "草稿題組") -> QuestionSet:
    question_set = QuestionSet.objects.create(title=title, owner=teacher)
    Question.objects.create(
        question_set=question_set,
        position=1,
        kind="choice",
        prompt="題目？",
        options=["甲", "乙"],
        key=[0],
    )
    return question_set


def page_text(response) -> str:
    return response.content.decode()


def qr_path(svg: str) -> str:
    match = re.search(r'<svg[^>]*class="qr".*?<path[^>]* d="([^"]+)"', svg, re.S)
    assert match, "no QR code on the page"
    return match.group(1)


def segno_path(url: str) -> str:
    """The path segno draws for `url`, made here independently of the page."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=1, border=4)
    match = re.search(r' d="([^"]+)"', buffer.getvalue().decode())
    assert match
    return match.group(1)


def age(question_set: QuestionSet, *, days: int) -> None:
    QuestionSet.objects.filter(pk=question_set.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def titles_in(html: str) -> list[str]:
    return re.findall(r'class="set-table__title"><a href="[^"]+">([^<]+)</a>', html)


# ---- sharing ----


def test_a_published_set_page_shows_the_code_the_link_and_its_qr_code(teacher_client):
    question_set = owned_set(teacher_client.teacher, title="第一天")
    html = page_text(teacher_client.get(reverse("teacher_set", args=[question_set.pk])))
    code = question_set.join_code
    join_url = f"http://testserver/q/{code}/"
    # The code, large, in two groups of four (the text itself is the code, unspaced).
    assert (
        f'<code class="join-code__code"><span>{code[:4]}</span><span>{code[4:]}</span></code>'
        in html
    )
    # The whole link in a read-only field, and a copy button only a script reveals.
    assert re.search(rf'<input id="join-link"[^>]*value="{re.escape(join_url)}" readonly>', html)
    assert re.search(r"<button[^>]*\bhidden\b[^>]*data-copy-from=\"join-link\"", html)
    assert 'id="join-link-status"' in html and 'role="status"' in html
    assert re.search(r'<script src="/static/js/share\.js" defer nonce="[^"]+"></script>', html)
    # An inline SVG QR code, named for screen readers, that encodes the link.
    assert '<svg role="img"' in html and "<title>「第一天」的加入 QR code</title>" in html
    assert qr_path(html) == segno_path(join_url)
    assert reverse("teacher_set_share", args=[question_set.pk]) in html
    assert "全螢幕顯示" in html and "複製連結" in html


def test_a_swap_of_the_question_list_leaves_the_sharing_alone(teacher_client):
    question_set = owned_set(teacher_client.teacher)
    html = page_text(
        teacher_client.get(reverse("teacher_set", args=[question_set.pk]), headers=HTMX)
    )
    assert 'id="questions"' in html and "<svg" not in html and "join-link" not in html


def test_a_draft_shows_no_code_link_or_qr_code_only_when_they_come(teacher_client):
    question_set = draft_set(teacher_client.teacher)
    html = page_text(teacher_client.get(reverse("teacher_set", args=[question_set.pk])))
    assert "發布之後，這裡會出現加入代碼、連結和 QR code" in html
    assert "<svg" not in html and 'id="join-link"' not in html and "join-code__code" not in html
    assert "share.js" not in html


def test_a_closed_set_says_it_is_closed_and_invites_nobody(teacher_client):
    question_set = owned_set(teacher_client.teacher)
    question_set_close(question_set=question_set)
    html = page_text(teacher_client.get(reverse("teacher_set", args=[question_set.pk])))
    assert "這個題組已關閉，學生不能再開始作答。" in html
    assert "<svg" not in html and 'id="join-link"' not in html


def test_the_share_page_shows_only_the_title_code_link_and_a_qr_code(
    teacher_client, other_teacher_client
):
    question_set = owned_set(teacher_client.teacher, title="第二天")
    url = reverse("teacher_set_share", args=[question_set.pk])
    assert url == f"/teacher/sets/{question_set.pk}/share/"
    response = teacher_client.get(url)
    assert response.status_code == 200
    html = page_text(response)
    join_url = f"http://testserver/q/{question_set.join_code}/"
    assert "<h1" in html and "第二天" in html and "join-code--huge" in html
    assert join_url in html and qr_path(html) == segno_path(join_url)
    assert "site-header" not in html and "老師工作區" not in html  # nothing else to project
    assert "share.js" not in html  # a plain page: nothing to run
    assert other_teacher_client.get(url).status_code == 404


def test_the_share_page_of_a_draft_says_there_is_no_code_yet(teacher_client):
    question_set = draft_set(teacher_client.teacher)
    html = page_text(teacher_client.get(reverse("teacher_set_share", args=[question_set.pk])))
    assert "還沒有發布" in html and "<svg" not in html


# ---- search and sort ----


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_search_by_title_and_sort_by_date(teacher_client, htmx):
    teacher = teacher_client.teacher
    old = draft_set(teacher, "Day one 第一天")
    middle = draft_set(teacher, "第二天")
    new = draft_set(teacher, "DAY three 第三天")
    age(old, days=30)
    age(middle, days=10)
    headers = HTMX if htmx else {}

    default = teacher_client.get(DASHBOARD, headers=headers)
    assert titles_in(page_text(default)) == [new.title, middle.title, old.title]
    found = teacher_client.get(DASHBOARD, {"q": "day"}, headers=headers)
    assert titles_in(page_text(found)) == [new.title, old.title]  # any case
    oldest = teacher_client.get(DASHBOARD, {"q": "day", "sort": "oldest"}, headers=headers)
    assert titles_in(page_text(oldest)) == [old.title, new.title]
    unknown = teacher_client.get(DASHBOARD, {"sort": "title; drop"}, headers=headers)
    assert unknown.status_code == 200
    assert titles_in(page_text(unknown)) == [new.title, middle.title, old.title]
    nothing = page_text(teacher_client.get(DASHBOARD, {"q": "第九天"}, headers=headers))
    assert "沒有標題含有「第九天」的題組。" in nothing

    for response in (default, found, oldest):
        assert "HX-Request" in response["Vary"]
        html = page_text(response)
        assert ("<html" in html) is not htmx and 'id="set-list"' in html
    # The form shows the list's own filter, so a reload or the back button agrees with it.
    html = page_text(oldest)
    assert 'name="q" value="day"' in html and '<option value="oldest" selected>' in html
    assert 'hx-push-url="true"' in html


def test_going_back_to_a_forgotten_search_gets_the_whole_page(teacher_client):
    draft_set(teacher_client.teacher, "第二天")
    response = teacher_client.get(
        DASHBOARD, {"q": "二"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in page_text(response) and "第二天" in page_text(response)


# ---- archive and unarchive ----


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_archiving_a_published_set_closes_it_hides_it_and_keeps_its_results(teacher_client, htmx):
    question_set = owned_set(teacher_client.teacher, title="第一天")
    finished = Client()
    finish(finished, start_attempt(finished, question_set, name="陳大文"))
    student = Client()
    attempt = start_attempt(student, question_set)
    before = timezone.now()
    response = teacher_client.post(
        reverse("teacher_set_archive", args=[question_set.pk]),
        {"q": "第一", "sort": "oldest"},
        headers=HTMX if htmx else {},
    )
    question_set.refresh_from_db()
    assert question_set.is_archived and question_set.status == SetStatus.CLOSED
    # The attempt under way gets the usual grace, as 「關閉作答」 gives it.
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    assert before + CLOSING_GRACE <= attempt.deadline <= timezone.now() + CLOSING_GRACE
    if htmx:
        assert response.status_code == 200
        html = page_text(response)
        assert "<html" not in html and 'id="set-list"' in html
        assert "已封存「第一天」，也關閉了作答。1 次進行中的作答還有 60 秒可以送出。" in html
    else:
        # Back to the list the button was pressed on, with the message.
        assert response.status_code == 303
        assert response["Location"] == f"{DASHBOARD}?q=%E7%AC%AC%E4%B8%80&sort=oldest"
        html = page_text(teacher_client.get(response["Location"]))
        assert "已封存「第一天」" in html
    assert "第一天" not in titles_in(html)
    archived = page_text(teacher_client.get(DASHBOARD, {"show": "archived"}))
    assert titles_in(archived) == ["第一天"] and "取消封存" in archived
    results = teacher_client.get(reverse("teacher_set_results", args=[question_set.pk]))
    assert results.status_code == 200 and "陳大文" in page_text(results)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_unarchiving_brings_a_set_back_still_closed(teacher_client, htmx):
    question_set = owned_set(teacher_client.teacher, title="第一天")
    question_set_archive(question_set=question_set)
    response = teacher_client.post(
        reverse("teacher_set_unarchive", args=[question_set.pk]),
        {"show": "archived"},
        headers=HTMX if htmx else {},
    )
    question_set.refresh_from_db()
    assert not question_set.is_archived and question_set.status == SetStatus.CLOSED
    if htmx:
        assert response.status_code == 200
        html = page_text(response)
        assert "「第一天」已取消封存，回到使用中的題組；它仍然關閉作答。" in html
        assert titles_in(html) == []  # the archived list it was pressed on, now empty
    else:
        assert response.status_code == 303 and response["Location"] == f"{DASHBOARD}?show=archived"
    assert titles_in(page_text(teacher_client.get(DASHBOARD))) == ["第一天"]
    assert Client().get(question_set.join_url).status_code == 404


def test_archiving_a_draft_or_a_closed_set_changes_nothing_else(teacher_client):
    draft = draft_set(teacher_client.teacher)
    archived = question_set_archive(question_set=draft)
    assert archived.closed is None
    draft.refresh_from_db()
    assert draft.is_archived and draft.status == SetStatus.DRAFT and not draft.join_code
    closed = owned_set(teacher_client.teacher)
    ends_at = question_set_close(question_set=closed).ends_at
    assert question_set_archive(question_set=closed).closed is None
    closed.refresh_from_db()
    assert closed.status == SetStatus.CLOSED and closed.closes_at == ends_at


def test_search_within_the_archived_sets(teacher_client):
    for title in ("期中複習", "期末複習", "第一天"):
        question_set_archive(question_set=draft_set(teacher_client.teacher, title))
    draft_set(teacher_client.teacher, "期中考")
    html = page_text(teacher_client.get(DASHBOARD, {"show": "archived", "q": "期"}))
    assert sorted(titles_in(html)) == ["期中複習", "期末複習"]
    assert '<option value="archived" selected>' in html
    html = page_text(teacher_client.get(DASHBOARD, {"show": "archived", "q": "考"}))
    assert "已封存的題組裡，沒有標題含有「考」的。" in html


def test_an_archived_set_is_off_the_home_page_and_refused_by_its_code(teacher_client, client):
    question_set = owned_set(teacher_client.teacher, title="公開的第一天")
    question_set.is_public = True
    question_set.save()
    assert "公開的第一天" in page_text(client.get(reverse("home")))
    question_set_archive(question_set=question_set)
    # Even if something put it back to published, an archived set stays out of use.
    QuestionSet.objects.filter(pk=question_set.pk).update(status=SetStatus.PUBLISHED)
    assert "公開的第一天" not in page_text(client.get(reverse("home")))
    for response in (
        client.get(question_set.join_url),
        client.post(question_set.join_url, {"display_name": "王小明"}),
    ):
        assert response.status_code == 404
        assert "找不到這個題組，或它已經不開放作答。" in page_text(response)
    join = client.get(reverse("join"), {"code": question_set.join_code})
    assert join.status_code == 404 and "找不到代碼" in page_text(join)
    assert not Attempt.objects.exists()
    question_set.refresh_from_db()
    with pytest.raises(SetNotOpen, match="這個題組已經封存"):
        attempt_start(question_set=question_set, user=None, guest_token="t", display_name="王")


def test_an_archived_set_cannot_be_published(teacher_client):
    question_set = draft_set(teacher_client.teacher)
    question_set_archive(question_set=question_set)
    page = page_text(teacher_client.get(reverse("teacher_set", args=[question_set.pk])))
    assert "這個題組已封存" in page and ">發布</button>" not in page
    response = teacher_client.post(reverse("teacher_set_publish", args=[question_set.pk]))
    assert response.status_code == 400 and "取消封存後才能發布" in page_text(response)
    question_set.refresh_from_db()
    assert question_set.status == SetStatus.DRAFT and not question_set.join_code


# ---- delete ----


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_delete_asks_first_then_deletes_a_set_nobody_answered(teacher_client, htmx):
    question_set = draft_set(teacher_client.teacher, "用不到的題組")
    url = reverse("teacher_set_delete", args=[question_set.pk])
    headers = HTMX if htmx else {}
    dashboard = page_text(teacher_client.get(DASHBOARD))
    assert f'action="{url}"' in dashboard  # offered

    asked = teacher_client.post(url, {"q": "用不到"}, headers=headers)
    assert asked.status_code == 200
    html = page_text(asked)
    assert ("<html" in html) is not htmx and 'id="set-list"' in html
    assert "刪除「用不到的題組」？" in html and 'name="confirm" value="1"' in html
    assert 'name="q" value="用不到"' in html  # the confirmation goes back to the same list
    assert QuestionSet.objects.filter(pk=question_set.pk).exists()

    deleted = teacher_client.post(url, {"confirm": "1", "q": "用不到"}, headers=headers)
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()
    assert not Question.objects.filter(question_set_id=question_set.pk).exists()
    if htmx:
        assert deleted.status_code == 200 and "已刪除「用不到的題組」。" in page_text(deleted)
    else:
        assert deleted.status_code == 303
        assert deleted["Location"] == f"{DASHBOARD}?q=%E7%94%A8%E4%B8%8D%E5%88%B0"
        assert "已刪除「用不到的題組」。" in page_text(teacher_client.get(deleted["Location"]))


@pytest.mark.parametrize("confirm", [False, True], ids=["asked", "confirmed"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_set_students_answered_is_never_deleted(teacher_client, htmx, confirm):
    question_set = owned_set(teacher_client.teacher, title="第一天")
    start_attempt(Client(), question_set)
    url = reverse("teacher_set_delete", args=[question_set.pk])
    assert f'action="{url}"' not in page_text(teacher_client.get(DASHBOARD))  # not offered
    response = teacher_client.post(
        url, {"confirm": "1"} if confirm else {}, headers=HTMX if htmx else {}
    )
    assert response.status_code == 409
    html = page_text(response)
    assert "不能刪除" in html and "請改為封存" in html and "確定刪除" not in html
    assert QuestionSet.objects.filter(pk=question_set.pk).exists()
    assert Attempt.objects.filter(question_set=question_set).count() == 1


def test_a_set_with_only_previews_is_deleted_with_them(teacher_client):
    question_set = owned_set(teacher_client.teacher, title="預覽過的題組")
    preview = start_attempt(teacher_client, question_set, name="林老師")
    Attempt.objects.filter(pk=preview.pk).update(is_preview=True)
    dashboard = page_text(teacher_client.get(DASHBOARD))
    assert f'action="{reverse("teacher_set_delete", args=[question_set.pk])}"' in dashboard
    response = teacher_client.post(
        reverse("teacher_set_delete", args=[question_set.pk]), {"confirm": "1"}
    )
    assert response.status_code == 303
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()
    assert not Attempt.objects.filter(pk=preview.pk).exists()


# ---- who may ----


@pytest.mark.parametrize("action", ["archive", "unarchive", "delete", "share"])
def test_another_teacher_gets_404_and_nothing_changes(teacher_client, other_teacher_client, action):
    question_set = draft_set(teacher_client.teacher)
    url = reverse(f"teacher_set_{action}", args=[question_set.pk])
    if action == "share":
        response = other_teacher_client.get(url)
    else:
        response = other_teacher_client.post(url, {"confirm": "1"})
    assert response.status_code == 404
    question_set.refresh_from_db()
    assert not question_set.is_archived
    assert "草稿題組" not in page_text(other_teacher_client.get(DASHBOARD))


def test_housekeeping_actions_are_posts_only(teacher_client):
    question_set = draft_set(teacher_client.teacher)
    for action in ("archive", "unarchive", "delete"):
        url = reverse(f"teacher_set_{action}", args=[question_set.pk])
        assert teacher_client.get(url).status_code == 405
    assert QuestionSet.objects.filter(pk=question_set.pk, is_archived=False).exists()
