"""Statements in the admin: each kind edited with its own fields, a name's wrong wordings
one per line, and a row missing what its kind needs refused with nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.facts.models import Statement


@pytest.fixture
def admin_client_logged_in(client, admin_user):
    client.force_login(admin_user)
    return client


def statement_form(**overrides: str) -> dict[str, str]:
    data = {
        "key": "test-statement",
        "kind": "name",
        "phase": "name",
        "question": "本次會談的口號是什麼？",
        "text": "和平，新的未來",
        "wrong_values": "和平，新的開始\n\n統一，新的未來\n",
        "source_sentence": "標語為「和平，新的未來」。",
        "footnotes": "6",
        "sequence": "0",
    }
    return {**data, **overrides}


def test_the_list_and_a_change_page_open_with_only_the_fields_of_the_kind(
    admin_client_logged_in, facts
):
    listing = admin_client_logged_in.get(reverse("admin:facts_statement_changelist"))
    assert listing.status_code == 200
    assert "和平，新的未來" in listing.content.decode() or "標語" in listing.content.decode()
    number = Statement.objects.get(key="delegation-size")
    page = admin_client_logged_in.get(
        reverse("admin:facts_statement_change", args=[number.pk])
    ).content.decode()
    assert 'name="unit"' in page and 'name="value"' in page
    assert 'name="speaker"' not in page and 'name="wrong_values"' not in page


def test_a_name_is_saved_with_its_wrong_wordings_one_per_line(admin_client_logged_in, facts):
    response = admin_client_logged_in.post(reverse("admin:facts_statement_add"), statement_form())
    assert response.status_code == 302
    saved = Statement.objects.get(key="test-statement")
    assert saved.wrong_values == ["和平，新的開始", "統一，新的未來"]
    page = admin_client_logged_in.get(
        reverse("admin:facts_statement_change", args=[saved.pk])
    ).content.decode()
    assert "和平，新的開始\n統一，新的未來" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"wrong_values": "和平，新的開始"}, "至少要有兩個錯誤的寫法"),
        ({"wrong_values": "和平，新的未來\n統一"}, "不能和正確的名稱相同"),
        ({"kind": "number", "value": "93", "subject": "先遣隊人數"}, "數字要有單位"),
        ({"kind": "quote", "speaker_kind": "person"}, "言論要寫出是誰說的"),
        ({"kind": "agreement", "included": "on"}, "要寫出是哪一份協議"),
        ({"kind": "first"}, "首次要選出做到這件事的人"),
        ({"source_sentence": "  "}, "請貼上文章中的原句"),
    ],
)
def test_a_statement_missing_what_its_kind_needs_is_refused_and_nothing_saved(
    admin_client_logged_in, facts, overrides, message
):
    before = Statement.objects.count()
    response = admin_client_logged_in.post(
        reverse("admin:facts_statement_add"), statement_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Statement.objects.count() == before


def test_a_statements_page_shows_its_question_and_warns_before_losing_it(
    admin_client_logged_in, facts
):
    slogan = Statement.objects.get(key="name-slogan")
    url = reverse("admin:facts_statement_change", args=[slogan.pk])
    page = admin_client_logged_in.get(url).content.decode()
    assert "本次首腦會談的標語是什麼？" in page
    edit = statement_form(
        key=slogan.key,
        question=slogan.question,
        text=slogan.text,
        wrong_values="\n".join(slogan.wrong_values),
        source_sentence=slogan.source_sentence,
        footnotes=slogan.footnotes,
        is_disputed="on",
        dispute_note="測試：標記為矛盾",
    )
    warned = admin_client_logged_in.post(url, edit)
    assert warned.status_code == 200
    assert "尚未儲存" in warned.content.decode()
    slogan.refresh_from_db()
    assert not slogan.is_disputed
    saved = admin_client_logged_in.post(url, {**edit, "save_anyway": "on"})
    assert saved.status_code == 302
    slogan.refresh_from_db()
    assert slogan.is_disputed
