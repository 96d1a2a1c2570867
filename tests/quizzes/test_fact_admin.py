"""A fact's admin page shows the questions the generator makes from it, and warns
before an edit that would lose questions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.facts.models import Event, Person, Place
from quizapp.generator.generate import all_candidates
from quizapp.quizzes.fact_snapshot import fact_base_snapshot
from quizapp.vocabulary import FactKind, FactRef, QuestionKind
from tests.admin_pages import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, admin_user):
    client.force_login(admin_user)
    return client


def drafts_about(key: str, kind: QuestionKind | None = None) -> int:
    """How many questions the generator makes from the event now, counted apart from
    the admin page."""
    ref = FactRef(FactKind.EVENT, Event.objects.get(key=key).pk)
    return sum(
        ref in draft.facts and kind in (None, draft.kind)
        for draft in all_candidates(fact_base_snapshot()).drafts
    )


def event_url(key: str) -> str:
    return reverse("admin:facts_event_change", args=[Event.objects.get(key=key).pk])


def test_an_event_page_shows_its_questions_with_the_key_marked(admin_client_logged_in, facts):
    page = admin_client_logged_in.get(event_url("military-agreement")).content.decode()
    count = drafts_about("military-agreement")
    assert count >= 2
    assert f"題目產生器現在從這筆史實出的題目（{count} 題）" in page
    assert "下列哪一位簽署了《旨在履行歷史性的板門店宣言的軍事領域協議書》？" in page
    assert "「宋永武與努光鐵簽訂軍事領域協議書」是在哪一天？" in page
    assert '<li class="is-key">宋永武 <strong>✔ 答案</strong></li>' in page
    assert "解說：" in page


def test_a_person_and_a_place_page_show_theirs(admin_client_logged_in, facts):
    choe = Person.objects.get(key="choe-ryong-hae")
    person = admin_client_logged_in.get(reverse("admin:facts_person_change", args=[choe.pk]))
    assert "下列哪一位在百花園迎賓館參與了植樹紀念活動？" in person.content.decode()
    park = Place.objects.get(name="百花園迎賓館")
    place = admin_client_logged_in.get(reverse("admin:facts_place_change", args=[park.pk]))
    assert "9月18日巡遊之後，文在寅到哪裡休息和用午餐？" in place.content.decode()
    assert "下列哪一位" not in place.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(
    admin_client_logged_in, facts, django_assert_max_num_queries
):
    url = event_url("tree-planting")
    with django_assert_max_num_queries(30):
        admin_client_logged_in.get(url)


def test_marking_an_event_disputed_warns_and_saves_nothing_until_confirmed(
    admin_client_logged_in, facts
):
    url = event_url("tree-planting")
    data = change_form_data(
        admin_client_logged_in, url, is_disputed="on", dispute_note="日期兩處說法不同"
    )
    warned = admin_client_logged_in.post(url, data)
    assert warned.status_code == 200
    page = warned.content.decode()
    assert "尚未儲存：這次修改會讓" in page
    assert "確定要改，請勾選「仍要儲存」再儲存。" in page
    assert "9月19日下午，文在寅在哪裡與崔龍海參與植樹紀念活動？" in page
    assert "不再產生" in page
    # every ordering the event was in, folded away
    orderings = drafts_about("tree-planting", QuestionKind.ORDERING)
    assert orderings >= 2
    assert f"排序題 {orderings} 題" in page
    assert not Event.objects.get(key="tree-planting").is_disputed

    saved = admin_client_logged_in.post(url, {**data, "save_anyway": "on"})
    assert saved.status_code == 302
    assert Event.objects.get(key="tree-planting").is_disputed


def test_blanking_a_phrase_warns_with_the_questions_it_asked(admin_client_logged_in, facts):
    url = event_url("military-agreement")
    data = change_form_data(admin_client_logged_in, url, who_signed="")
    warned = admin_client_logged_in.post(url, data)
    assert warned.status_code == 200
    lost = warned.context["questions_lost"]
    assert [q.prompt for q in lost.choices] == [
        "下列哪一位簽署了《旨在履行歷史性的板門店宣言的軍事領域協議書》？"
    ] * 2
    assert not lost.orderings
    agreement = Event.objects.get(key="military-agreement")
    assert agreement.who_phrases == {
        "signed": "簽署了《旨在履行歷史性的板門店宣言的軍事領域協議書》"
    }
    assert agreement.participations.count() == 2


def test_a_phrase_that_names_its_key_is_dropped_by_the_stem_rule(admin_client_logged_in, facts):
    url = event_url("military-agreement")
    data = change_form_data(
        admin_client_logged_in,
        url,
        who_signed="和努光鐵簽署了《旨在履行歷史性的板門店宣言的軍事領域協議書》",
    )
    warned = admin_client_logged_in.post(url, data)
    page = warned.content.decode()
    assert "規則不再通過：題目本身洩露了答案" in page
    assert (
        Event.objects.get(key="military-agreement").who_phrases["signed"]
        == "簽署了《旨在履行歷史性的板門店宣言的軍事領域協議書》"
    )


def test_an_edit_that_loses_no_question_saves_at_once(admin_client_logged_in, facts):
    url = event_url("pyongyang-declaration")
    event = Event.objects.get(key="pyongyang-declaration")
    sentence = event.source_sentence + "（補充）"
    data = change_form_data(admin_client_logged_in, url, source_sentence=sentence)
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.source_sentence == sentence


def test_a_bad_edit_is_refused_as_before_without_a_warning(admin_client_logged_in, facts):
    url = event_url("pyongyang-declaration")
    data = change_form_data(admin_client_logged_in, url, who_signed="   ")
    response = admin_client_logged_in.post(url, data)
    page = response.content.decode()
    assert "說法只有空白" in page
    assert "尚未儲存：這次修改會讓" not in page
    count = drafts_about("pyongyang-declaration")
    assert f"題目產生器現在從這筆史實出的題目（{count} 題）" in page


def test_a_person_edit_that_loses_nothing_saves_at_once(admin_client_logged_in, facts):
    choe = Person.objects.get(key="choe-ryong-hae")
    url = reverse("admin:facts_person_change", args=[choe.pk])
    data = change_form_data(admin_client_logged_in, url, note="朝鮮勞動黨副委員長")
    assert admin_client_logged_in.post(url, data).status_code == 302
    choe.refresh_from_db()
    assert choe.note == "朝鮮勞動黨副委員長"


def test_renaming_a_place_after_another_warns_with_the_rule_it_breaks(
    admin_client_logged_in, facts
):
    park = Place.objects.get(name="百花園迎賓館")
    url = reverse("admin:facts_place_change", args=[park.pk])
    data = change_form_data(admin_client_logged_in, url, name="玉流館")
    warned = admin_client_logged_in.post(url, data)
    assert warned.status_code == 200
    assert "規則不再通過" in warned.content.decode()
    park.refresh_from_db()
    assert park.name == "百花園迎賓館"
