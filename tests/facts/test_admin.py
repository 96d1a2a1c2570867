"""The admin: useful lists and searches, and edits refused with a message on the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizapp.facts.models import Event, Person, PersonAlias, Place, Source
from tests.admin_pages import change_form_data

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(**overrides: str) -> dict[str, str]:
    data = {
        "key": "test-event",
        "clause": "文在寅抵達平壤",
        "phase": "day1",
        "date": "2018-09-18",
        "date_precision": "day",
        "end_date": "",
        "time": "",
        "time_precision": "none",
        "part_of_day": "",
        "source_sentence": "9時50分，專機抵達平壤順安國際機場。",
        "footnotes": "38",
        "sequence": "0",
        "dispute_note": "",
        **inline_management("participations"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client_logged_in(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", ["event", "person", "place"])
def test_every_fact_list_and_add_page_opens(admin_client_logged_in, facts, model):
    for name in (f"admin:facts_{model}_changelist", f"admin:facts_{model}_add"):
        assert admin_client_logged_in.get(reverse(name)).status_code == 200


def test_event_list_shows_date_time_place_and_people(admin_client_logged_in, facts):
    page = admin_client_logged_in.get(reverse("admin:facts_event_changelist")).content.decode()
    assert "文在寅的專機抵達平壤順安國際機場" in page
    assert "上午9時50分" in page
    assert "李雪主（迎接）" in page


def test_the_event_list_costs_the_same_queries_for_one_page_of_many_events(
    admin_client_logged_in, facts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        admin_client_logged_in.get(reverse("admin:facts_event_changelist"))


def test_searching_people_finds_them_by_alias_in_either_script(admin_client_logged_in, facts):
    url = reverse("admin:facts_person_changelist")
    trump = admin_client_logged_in.get(url, {"q": "川普"}).content.decode()
    assert "特朗普" in trump and "文在寅" not in trump
    pompeo = admin_client_logged_in.get(url, {"q": "迈克·蓬佩奥"}).content.decode()
    assert "蓬佩奧" in pompeo and "特朗普" not in pompeo


def test_searching_events_by_a_participant_alias(admin_client_logged_in, facts):
    page = admin_client_logged_in.get(
        reverse("admin:facts_event_changelist"), {"q": "特普朗"}
    ).content.decode()
    assert "文在寅與特朗普在紐約會面" in page
    assert "兩國領導人夫婦到達天池" not in page


def test_filters_by_phase_and_side(admin_client_logged_in, facts):
    url = reverse("admin:facts_event_changelist")
    day3 = admin_client_logged_in.get(url, {"phase": "day3"}).content.decode()
    assert "兩國領導人夫婦到達天池" in day3 and "北韓在木蘭館為南韓舉行歡迎晚宴" not in day3
    us = admin_client_logged_in.get(url, {"side": "US"}).content.decode()
    assert "蓬佩奧與金正恩會面" in us and "兩國領導人夫婦到達天池" not in us
    people = admin_client_logged_in.get(reverse("admin:facts_person_changelist"), {"side": "JP"})
    assert "菅義偉" in people.content.decode() and "文在寅" not in people.content.decode()


def test_a_good_event_is_saved_with_its_participants(admin_client_logged_in, facts):
    moon = Person.objects.get(key="moon-jae-in")
    data = event_form(
        time="09:50",
        time_precision="minute",
        **inline_management("participations", total=1),
        **{"participations-0-person": str(moon.pk), "participations-0-part": "attended"},
    )
    response = admin_client_logged_in.post(reverse("admin:facts_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get(key="test-event")
    assert event.participations.get().person == moon


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "time": "09:50",
                "time_precision": "minute",
                "date_precision": "month",
                "date": "2018-09-01",
            },
            "有時間就要有確切到日的日期",
        ),
        ({"time": "09:50", "time_precision": "minute", "date": ""}, "這個欄位是必須的"),
        ({"date_precision": "month", "date": "2018-09-18"}, "日期請記為該月1日"),
        ({"time": "10:30", "time_precision": "hour"}, "分鐘必須是 00"),
        ({"time": "", "time_precision": "minute"}, "請填寫時間"),
        ({"part_of_day": "中午", "time_precision": "none"}, "請選「時段」"),
        ({"clause": "   "}, "這個欄位是必須的"),
        ({"footnotes": "腳註三十八"}, "以逗號分隔的數字"),
        ({"is_disputed": "on"}, "說明矛盾在哪裡"),
    ],
)
def test_a_bad_event_edit_is_refused_with_a_message_and_nothing_saved(
    admin_client_logged_in, facts, overrides, message
):
    before = Event.objects.count()
    response = admin_client_logged_in.post(
        reverse("admin:facts_event_add"), event_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Event.objects.count() == before


def test_a_bad_participant_row_saves_nothing_of_the_event(admin_client_logged_in, facts):
    moon = Person.objects.get(key="moon-jae-in")
    data = event_form(
        **inline_management("participations", total=2),
        **{
            "participations-0-person": str(moon.pk),
            "participations-0-part": "attended",
            "participations-1-person": str(moon.pk),
            "participations-1-part": "attended",
        },
    )
    response = admin_client_logged_in.post(reverse("admin:facts_event_add"), data)
    assert response.status_code == 200
    assert not Event.objects.filter(key="test-event").exists()


def person_form(person: Person, aliases: list[str]) -> dict[str, str]:
    data = {
        "key": person.key,
        "name": person.name,
        "label": person.label,
        "side": person.side,
        "kind": person.kind,
        "takes_part": "on",
        "note": person.note,
        **inline_management("roles"),
        **inline_management("aliases", total=len(aliases)),
    }
    for index, alias in enumerate(aliases):
        data[f"aliases-{index}-name"] = alias
    return data


def test_one_alias_on_two_people_is_refused_in_the_admin(admin_client_logged_in, facts):
    kim = Person.objects.get(key="kim-jong-un")
    url = reverse("admin:facts_person_change", args=[kim.pk])
    response = admin_client_logged_in.post(url, person_form(kim, ["川普"]))
    assert response.status_code == 200
    assert "已屬於特朗普" in response.content.decode()
    assert not PersonAlias.objects.filter(person=kim).exists()


def test_an_alias_in_the_other_script_counts_as_the_same_alias(admin_client_logged_in, facts):
    kim = Person.objects.get(key="kim-jong-un")
    url = reverse("admin:facts_person_change", args=[kim.pk])
    response = admin_client_logged_in.post(url, person_form(kim, ["迈克·蓬佩奥"]))
    assert "已屬於蓬佩奧" in response.content.decode()


def test_two_equal_aliases_in_one_submission_are_refused(admin_client_logged_in, facts):
    kim = Person.objects.get(key="kim-jong-un")
    url = reverse("admin:facts_person_change", args=[kim.pk])
    response = admin_client_logged_in.post(url, person_form(kim, ["金委員長", "金委員長"]))
    assert response.status_code == 200
    assert "重複" in response.content.decode()
    assert not PersonAlias.objects.filter(person=kim).exists()


def role_form(person: Person, **role: str) -> dict[str, str]:
    data = person_form(person, [])
    data.update(inline_management("roles", total=1))
    data.update({f"roles-0-{name}": value for name, value in role.items()})
    data.setdefault("roles-0-order", "5")
    return data


def test_a_role_is_saved_with_the_article_sentence_that_gives_it(admin_client_logged_in, facts):
    choe = Person.objects.get(key="choe-ryong-hae")
    url = reverse("admin:facts_person_change", args=[choe.pk])
    sentence = "下午2時30分，文在寅在百花園迎賓館與崔龍海參與植樹紀念活動。"
    response = admin_client_logged_in.post(
        url, role_form(choe, title="植樹活動參與者", sentence=sentence, footnotes="61")
    )
    assert response.status_code == 302
    role = choe.roles.get(title="植樹活動參與者")
    assert (role.sentence, role.footnote_numbers) == (sentence, [61])


def test_a_new_person_is_saved_with_a_role_checked_against_the_only_article(
    admin_client_logged_in, facts
):
    # A new person has no source until saved: the role is checked against the one article.
    person = Person(key="kim-yong-chun", name="金永春", side="DPRK", kind="official")
    url = reverse("admin:facts_person_add")
    bad = role_form(person, title="副總理", sentence="金永春是副總理。", footnotes="48")
    response = admin_client_logged_in.post(url, bad)
    assert response.status_code == 200
    assert "文章中找不到這句話" in response.content.decode()
    sentence = "南韓特別隨行團與……北韓內閣副總理相李龍男……分別在人民文化宮殿會面。"
    good = role_form(person, title="副總理", sentence=sentence, footnotes="48")
    assert admin_client_logged_in.post(url, good).status_code == 302
    assert Person.objects.get(key="kim-yong-chun").roles.get().sentence == sentence


@pytest.mark.parametrize(
    ("sentence", "footnotes", "message"),
    [
        ("", "61", "請貼上文章中寫出這個職務的原句"),
        ("崔龍海是植樹活動的主持人。", "61", "文章中找不到這句話"),
        ("下午2時30分，文在寅在百花園迎賓館與崔龍海參與植樹紀念活動。", "", "請填寫原句的腳註"),
    ],
)
def test_a_role_without_its_citation_is_refused_in_the_admin(
    admin_client_logged_in, facts, sentence, footnotes, message
):
    choe = Person.objects.get(key="choe-ryong-hae")
    url = reverse("admin:facts_person_change", args=[choe.pk])
    data = role_form(choe, title="植樹活動參與者", sentence=sentence, footnotes=footnotes)
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not choe.roles.filter(title="植樹活動參與者").exists()


def test_a_namesake_without_a_label_is_refused(admin_client_logged_in, facts):
    data = person_form(Person(key="kim-jung-sook-3", name="金正淑", side="OTHER", kind="other"), [])
    response = admin_client_logged_in.post(reverse("admin:facts_person_add"), data)
    assert "請填寫辨別標籤" in response.content.decode()
    assert Person.objects.filter(name="金正淑").count() == 2


def test_students_cannot_reach_the_admin(client, django_user_model, facts):
    student = django_user_model.objects.create_user(username="s", password="a-long-password-1")
    client.force_login(student)
    response = client.get(reverse("admin:facts_event_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def source_form(**overrides: str) -> dict[str, str]:
    data = {
        "key": "another-article",
        "title": "另一篇文章",
        "address": "https://zh.wikipedia.org/wiki/另一篇文章",
        "attribution": "另一篇文章的編者",
        "licence": "CC BY-SA 4.0",
        "licence_address": "",
        "text": "2018年9月18日，文在寅抵達平壤。",
    }
    data.update(overrides)
    return data


def test_the_article_is_a_source_every_fact_belongs_to(admin_client_logged_in, facts):
    page = admin_client_logged_in.get(reverse("admin:facts_source_changelist")).content.decode()
    assert "2018年9月南北韓首腦會談" in page and "CC BY-SA 4.0" in page
    source = Source.objects.get()
    assert not Event.objects.exclude(source=source).exists()
    assert not Person.objects.exclude(source=source).exists()
    assert not Place.objects.exclude(source=source).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": "   "}, "text", "原文不可空白。"),
        ({"licence": ""}, "licence", "請填寫授權條款，例如 CC BY-SA 4.0。"),
        (
            {"address": "https://zh.wikipedia.org/wiki/2018年9月南北韓首腦會談"},
            "address",
            "已有另一個來源使用這個網址。",
        ),
    ],
)
def test_a_bad_source_is_refused_on_the_field_at_fault(
    admin_client_logged_in, facts, overrides, field, message
):
    response = admin_client_logged_in.post(
        reverse("admin:facts_source_add"), source_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert Source.objects.count() == 1


def test_with_a_second_source_a_new_event_must_name_its_source(admin_client_logged_in, facts):
    admin_client_logged_in.post(reverse("admin:facts_source_add"), source_form())
    other = Source.objects.get(key="another-article")
    url = reverse("admin:facts_event_add")
    assert 'name="source"' in admin_client_logged_in.get(url).content.decode()
    refused = admin_client_logged_in.post(url, event_form())
    assert "source" in refused.context["adminform"].form.errors
    saved = admin_client_logged_in.post(url, event_form(source=str(other.pk)))
    assert saved.status_code == 302
    assert Event.objects.get(key="test-event").source == other


def test_with_one_source_the_admin_does_not_ask_for_it(admin_client_logged_in, facts):
    page = admin_client_logged_in.get(reverse("admin:facts_event_add")).content.decode()
    assert 'name="source"' not in page


# ---- who-phrases: one field per part ----------------------------------------------


def declaration(client) -> tuple[Event, str]:
    event = Event.objects.get(key="pyongyang-declaration")
    return event, reverse("admin:facts_event_change", args=[event.pk])


def test_each_part_has_its_own_labelled_phrase_field(admin_client_logged_in, facts):
    _event, url = declaration(admin_client_logged_in)
    page = admin_client_logged_in.get(url)
    html = page.content.decode()
    assert '<label for="id_who_signed">簽署' in html
    assert '<label for="id_who_mentioned">涉及' in html
    assert 'value="簽署了《平壤共同宣言》"' in html
    assert 'name="who_phrases"' not in html


def test_editing_a_phrase_saves_it_and_blank_means_none(admin_client_logged_in, facts):
    event, url = declaration(admin_client_logged_in)
    data = change_form_data(
        admin_client_logged_in,
        url,
        who_signed="  在百花園迎賓館簽署了《平壤共同宣言》 ",
        who_attended="",
    )
    response = admin_client_logged_in.post(url, {**data, "save_anyway": "on"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.who_phrases == {"signed": "在百花園迎賓館簽署了《平壤共同宣言》"}


def test_blanking_the_only_phrase_stores_an_empty_object(admin_client_logged_in, facts):
    event, url = declaration(admin_client_logged_in)
    data = change_form_data(admin_client_logged_in, url, who_signed="")
    response = admin_client_logged_in.post(url, {**data, "save_anyway": "on"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.who_phrases == {}


@pytest.mark.parametrize(
    ("field", "phrase", "message"),
    [
        ("who_signed", "   ", "說法只有空白"),
        ("who_signed", "簽" * 41, "說法最多 40 個字（現在 41 個字）"),
        ("who_signed", "下列哪一位簽署了《平壤共同宣言》", "不必寫「下列哪一位」"),
        ("who_signed", "簽署了《平壤共同宣言》？", "句末不必加標點"),
        ("who_hosted", "主持了簽字儀式", "「主持」有說法，卻沒有這個角色的參與者"),
    ],
)
def test_a_bad_phrase_is_refused_on_its_field_and_nothing_saved(
    admin_client_logged_in, facts, field, phrase, message
):
    event, url = declaration(admin_client_logged_in)
    data = change_form_data(admin_client_logged_in, url, **{field: phrase})
    response = admin_client_logged_in.post(url, {**data, "save_anyway": "on"})
    assert response.status_code == 200
    assert message in response.content.decode()
    if field == "who_signed":
        assert message in " ".join(response.context["adminform"].form.errors[field])
    event.refresh_from_db()
    assert event.who_phrases == {"signed": "簽署了《平壤共同宣言》"}


def test_a_new_event_with_a_phrase_and_its_people_is_saved(admin_client_logged_in, facts):
    moon = Person.objects.get(key="moon-jae-in")
    data = event_form(
        who_attended="出席了測試活動",
        **inline_management("participations", total=1),
        **{"participations-0-person": str(moon.pk), "participations-0-part": "attended"},
    )
    response = admin_client_logged_in.post(reverse("admin:facts_event_add"), data)
    assert response.status_code == 302
    assert Event.objects.get(key="test-event").who_phrases == {"attended": "出席了測試活動"}
