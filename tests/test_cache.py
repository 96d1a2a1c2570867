"""The pages a class opens at once come from the cache, and what a visitor sees is
still right: a change shows on the next request (whichever process serves it), nobody
gets another's page, and the site serves with Redis, without it, and with Redis
configured but away."""

from __future__ import annotations

import logging
import re
import socket
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from quizapp import versions
from quizapp.accounts.roles import make_teacher
from quizapp.facts.models import Event
from quizapp.quizzes.services.question_sets import SetSettings, question_set_settings_update
from quizapp.settings import cache_config
from tests.admin_pages import change_form_data
from tests.quizzes.factories import make_set, start_attempt

pytestmark = pytest.mark.django_db

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_READ = 'SELECT name, token FROM "versions_version"'


def redis_reachable() -> bool:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache(settings) -> Iterator[str]:
    """The site's cache on the real Redis, under a key prefix of this test's own (other
    tests and processes may share the server); its keys are deleted afterwards."""
    if not redis_reachable():
        pytest.skip(f"no Redis on {REDIS_HOST}:{REDIS_PORT}")
    import redis

    prefix = f"quizapp-test-{uuid.uuid4().hex}"
    config = cache_config(f"redis://{REDIS_HOST}:{REDIS_PORT}/0")
    settings.CACHES = {**settings.CACHES, "default": {**config, "KEY_PREFIX": prefix}}
    server = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    yield prefix
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)
    server.close()


@pytest.fixture
def closed_port() -> int:
    """A port on loopback that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def admin_client(client, admin_user) -> Client:
    client.force_login(admin_user)
    return client


def edit_clause_in_the_admin(admin_client: Client, *, key: str, clause: str) -> None:
    event = Event.objects.get(key=key)
    url = reverse("admin:facts_event_change", args=[event.pk])
    data = change_form_data(admin_client, url, clause=clause)
    response = admin_client.post(url, {**data, "save_anyway": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_fact_edited_in_the_admin_shows_on_the_next_timeline_request(facts, admin_client):
    reader = Client()
    before = reader.get(reverse("timeline"), {"phase": "day2"}).content.decode()
    assert "兩韓領導人簽署《平壤共同宣言》（改過）" not in before
    edit_clause_in_the_admin(
        admin_client,
        key="pyongyang-declaration",
        clause="兩韓領導人簽署《平壤共同宣言》（改過）",
    )
    for query in ({"phase": "day2"}, {}):
        after = reader.get(reverse("timeline"), query).content.decode()
        assert "兩韓領導人簽署《平壤共同宣言》（改過）" in after
    # The home page's counts follow the facts too.
    Event.objects.filter(key="pyongyang-declaration").get().delete()
    home = reader.get(reverse("home")).content.decode()
    assert f"{Event.objects.count()} 件事件" in home


def test_a_change_made_through_one_process_shows_at_once_through_another(
    settings, facts, admin_client
):
    """Without REDIS_URL each gunicorn worker keeps its own memory: two local-memory
    caches stand for two workers. A teacher who edits a fact (served by one worker) and
    reloads the timeline (served by another) sees the edit, not the other worker's page."""
    workers = [f"worker-{uuid.uuid4().hex}" for _ in range(2)]

    def served_by(worker: str) -> None:
        settings.CACHES = {**settings.CACHES, "default": {**cache_config(None), "LOCATION": worker}}

    reader = Client()
    served_by(workers[0])
    assert "宣言簽署（另一個行程）" not in reader.get(reverse("timeline")).content.decode()
    quiz = make_set(title="第一個行程的題組")
    assert "第一個行程的題組" in reader.get(quiz.join_url).content.decode()

    served_by(workers[1])
    edit_clause_in_the_admin(
        admin_client, key="pyongyang-declaration", clause="宣言簽署（另一個行程）"
    )
    question_set_settings_update(
        question_set=quiz, title="第二個行程改的題組", settings=SetSettings(is_public=True)
    )

    served_by(workers[0])
    assert "宣言簽署（另一個行程）" in reader.get(reverse("timeline")).content.decode()
    start = reader.get(quiz.join_url).content.decode()
    assert "第二個行程改的題組" in start and "第一個行程的題組" not in start


def test_the_versions_are_made_again_when_their_rows_are_gone(facts):
    """A flush (a transactional test's) empties every table: the next read or write
    makes the rows again, and a write still gives a fresh version."""
    from quizapp.versions.models import Version

    Version.objects.all().delete()
    first = versions.current(versions.FACTS, versions.SETS)
    assert versions.current(versions.FACTS, versions.SETS) == first
    Version.objects.all().delete()
    versions.changed(versions.SETS)
    assert Version.objects.filter(name=versions.SETS).exists()
    (sets_version,) = versions.current(versions.SETS)
    versions.changed(versions.SETS)
    assert versions.current(versions.SETS) != (sets_version,)
    assert Client().get(reverse("timeline")).status_code == 200


def test_a_set_changed_by_its_teacher_shows_on_the_next_start_and_home_page(django_user_model):
    teacher = django_user_model.objects.create_user(username="lin", password="a-long-pass-1")
    make_teacher(teacher)
    teacher_client = Client()
    teacher_client.force_login(teacher)
    quiz = make_set(title="第一天小測")
    quiz.owner = teacher
    quiz.is_public = True
    quiz.save()
    student = Client()
    assert "第一天小測" in student.get(quiz.join_url).content.decode()
    assert "第一天小測" in student.get(reverse("home")).content.decode()

    question_set_settings_update(
        question_set=quiz,
        title="第一天小測（限時）",
        settings=SetSettings(time_limit_minutes=7, is_public=True),
    )
    start = student.get(quiz.join_url).content.decode()
    assert "第一天小測（限時）" in start and "限時 7 分鐘" in start
    assert "第一天小測（限時）" in student.get(reverse("home")).content.decode()

    closed = teacher_client.post(reverse("teacher_set_close", args=[quiz.pk]))
    assert closed.status_code in (302, 303)
    assert student.get(quiz.join_url).status_code == 404
    assert "第一天小測" not in student.get(reverse("home")).content.decode()


def test_nobody_is_served_another_visitors_start_page(django_user_model):
    quiz = make_set(title="共用題組")
    # Names no CSRF token can hold (its letters are ASCII): "bob" once turned up in one.
    for name in ("王小華", "李大同"):
        django_user_model.objects.create_user(username=name, password="a-long-pass-7")
    alice, bob = Client(), Client()
    alice.force_login(django_user_model.objects.get(username="王小華"))
    bob.force_login(django_user_model.objects.get(username="李大同"))
    guest = Client()
    start_attempt(guest, quiz, name="訪客小明")

    pages = {
        "alice": alice.get(quiz.join_url).content.decode(),
        "bob": bob.get(quiz.join_url).content.decode(),
        "guest": guest.get(quiz.join_url).content.decode(),
        "stranger": Client().get(quiz.join_url).content.decode(),
    }
    assert "以 王小華 的身分作答" in pages["alice"]
    assert "以 李大同 的身分作答" in pages["bob"] and "王小華" not in pages["bob"]
    assert "訪客小明" in pages["guest"] and "你有一次還沒完成的作答" in pages["guest"]
    stranger = pages["stranger"]
    assert "王小華" not in stranger and "李大同" not in stranger and "訪客小明" not in stranger
    assert "你有一次還沒完成的作答" not in stranger and 'name="display_name"' in stranger


def test_each_visitor_starts_with_the_csrf_token_of_their_own_page():
    """A form on a page kept for everyone would carry the first visitor's token, and
    everyone else's start would be refused."""
    quiz = make_set()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(quiz.join_url).content.decode()
    second_page = second.get(quiz.join_url).content.decode()
    for client, page in ((second, second_page), (first, first_page)):
        token = CSRF_FIELD.search(page).group(1)
        response = client.post(
            quiz.join_url, {"display_name": "學生", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 303


def test_the_timeline_and_home_page_keep_each_visitors_own_header(facts, django_user_model):
    staff = django_user_model.objects.create_user(
        username="editor", password="a-long-pass-8", is_staff=True
    )
    editor = Client()
    editor.force_login(staff)
    guest = Client()
    start_attempt(guest, make_set(title="訪客的題組"), name="訪客小華")
    for url in (reverse("timeline"), reverse("timeline") + "?phase=day1", reverse("home")):
        editor_page = editor.get(url).content.decode()
        guest_page = guest.get(url).content.decode()
        stranger_page = Client().get(url).content.decode()
        assert "已登入：editor" in editor_page and reverse("admin:index") in editor_page
        for page in (guest_page, stranger_page):
            assert "editor" not in page and reverse("admin:index") not in page
            assert reverse("login") in page
    home = guest.get(reverse("home")).content.decode()
    assert "訪客小華" in home and "訪客的題組" in home
    stranger_home = Client().get(reverse("home")).content.decode()
    assert "訪客小華" not in stranger_home and "我的作答" not in stranger_home


def test_the_pages_are_built_once_per_version_of_what_they_show(facts, django_assert_num_queries):
    """The second visitor's timeline and home page cost no query but the versions' read
    (one per kept part): they are the first visitor's work, kept."""
    quiz = make_set()
    Client().get(reverse("timeline"))
    Client().get(reverse("home"))
    Client().get(quiz.join_url)
    # The home page: the list of public sets, the hero, the rendered list.
    for url, version_reads in ((reverse("timeline"), 1), (reverse("home"), 3)):
        with django_assert_num_queries(version_reads) as captured:
            assert Client().get(url).status_code == 200
        assert all(VERSION_READ in query["sql"] for query in captured.captured_queries)
    # The start page reads besides only whether this address has used up its join-code
    # guesses.
    with django_assert_num_queries(3) as captured:
        assert Client().get(quiz.join_url).status_code == 200
    reads = [query["sql"] for query in captured.captured_queries]
    assert sum(VERSION_READ in sql for sql in reads) == 2


def test_without_redis_url_the_cache_is_each_processs_memory():
    config = cache_config(None)
    assert config["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert cache_config("redis://127.0.0.1:6379/0")["BACKEND"] == (
        "quizapp.redis_cache.ResilientRedisCache"
    )


def test_with_redis_the_pages_are_kept_there_and_follow_changes(redis_cache, facts, admin_client):
    import redis

    reader = Client()
    before = reader.get(reverse("timeline"), {"phase": "day2"})
    assert before.status_code == 200
    server = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    assert list(server.scan_iter(match=f"{redis_cache}:*:timeline:*"))
    # The versions are the database's: Redis keeps only the pages.
    assert not list(server.scan_iter(match=f"{redis_cache}:*version*"))
    edit_clause_in_the_admin(admin_client, key="pyongyang-declaration", clause="宣言簽署（Redis）")
    assert (
        "宣言簽署（Redis）" in reader.get(reverse("timeline"), {"phase": "day2"}).content.decode()
    )
    quiz = make_set(title="Redis 題組")
    assert "Redis 題組" in reader.get(quiz.join_url).content.decode()
    assert reader.get(reverse("home")).status_code == 200


def test_with_redis_configured_but_away_pages_serve_and_say_so_once(
    settings, closed_port, facts, caplog
):
    settings.CACHES = {
        **settings.CACHES,
        "default": cache_config(f"redis://127.0.0.1:{closed_port}/0"),
    }
    quiz = make_set(title="Redis 不在也能開始")
    caplog.set_level(logging.WARNING, logger="quizapp.cache")
    visitor = Client()
    for _round in range(3):
        for url in (reverse("timeline"), reverse("timeline") + "?phase=day2", reverse("home")):
            assert visitor.get(url).status_code == 200
        start = visitor.get(quiz.join_url)
        assert start.status_code == 200 and "Redis 不在也能開始" in start.content.decode()
    # Writes go on too, and show at once: their versions are in the database.
    versions_before = versions.current(versions.FACTS, versions.SETS)
    edited = Event.objects.get(key="pyongyang-declaration")
    edited.clause = "宣言簽署（Redis 不在）"
    edited.save()
    assert versions.current(versions.FACTS, versions.SETS)[0] != versions_before[0]
    assert "宣言簽署（Redis 不在）" in visitor.get(reverse("timeline")).content.decode()
    question_set_settings_update(
        question_set=quiz, title="Redis 不在時改名", settings=SetSettings(is_public=True)
    )
    assert "Redis 不在時改名" in visitor.get(quiz.join_url).content.decode()
    records = [record for record in caplog.records if record.name == "quizapp.cache"]
    assert len(records) == 1, [record.getMessage() for record in records]
    assert "unreachable" in records[0].getMessage()
    assert cache.get("anything") is None
