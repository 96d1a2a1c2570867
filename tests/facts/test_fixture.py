"""The fixture really is the article: counts, the delegation list, sentences, dates, traps."""

from __future__ import annotations

import datetime

import pytest

from quizapp.chinese.scripts import fold_key, to_traditional
from quizapp.facts.article import (
    footnote_numbers,
    plain_text,
    quotable_text,
    quotes,
    traditional_text,
)
from quizapp.facts.models import (
    Event,
    Participation,
    Person,
    PersonAlias,
    PersonRole,
    Source,
    Statement,
)
from quizapp.vocabulary import Phase, StatementKind

pytestmark = pytest.mark.django_db

# The article's own span: its earliest event is the April 2018 Panmunjom declaration,
# its latest the UN panel report of 12 March 2019.
ARTICLE_FIRST_DAY = datetime.date(2018, 4, 1)
ARTICLE_LAST_DAY = datetime.date(2019, 3, 12)


def article_markdown() -> str:
    """The article as the project ships it and load_facts stores it."""
    return Source.objects.get(key="pyongyang-summit-2018-09").text


def article_traditional_text() -> str:
    return traditional_text(article_markdown())


def delegation_list_from_article() -> list[str]:
    """The 14 lines under 代表團成員 in the article, e.g. 「國家安保室長鄭義溶」."""
    text = plain_text(article_markdown())
    block = text.split("代表團成員")[1].split("此外")[0]
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("-")]


def test_the_fact_base_is_drawn_from_the_whole_article(facts):
    assert Event.objects.count() >= 40
    assert Person.objects.count() >= 35
    # Every section of the article: 名稱 has no dated event, only statements.
    phases_present = set(Event.objects.values_list("phase", flat=True)) | set(
        Statement.objects.values_list("phase", flat=True)
    )
    assert phases_present == set(Phase)


def test_every_delegation_member_holds_the_post_the_article_lists(facts):
    listed = delegation_list_from_article()
    assert len(listed) == 14
    members = Person.objects.filter(roles__is_delegation_post=True).prefetch_related("roles")
    assert members.count() == 14
    stored = {
        fold_key(role.title + person.name)
        for person in members
        for role in person.roles.all()
        if role.is_delegation_post
    }
    assert stored == {fold_key(line) for line in listed}


def test_every_source_sentence_occurs_in_the_article(facts):
    article = fold_key(article_traditional_text())
    missing = [
        fact.key
        for fact in [*Event.objects.all(), *Statement.objects.all()]
        if fold_key(fact.source_sentence) not in article
    ]
    assert missing == []


def test_statements_quote_their_own_sentence(facts):
    """A number is in its sentence as written; a quote's words, a first's holder and the
    right name too: the explanation proves the key."""
    for statement in Statement.objects.all():
        sentence = statement.source_sentence
        if statement.kind == StatementKind.NUMBER:
            assert f"{statement.value.normalize():f}" in sentence.replace("萬", "0000"), (
                statement.key
            )
        elif statement.kind == StatementKind.QUOTE:
            # The words as quoted; a verdict the article reports without 「」, as written.
            assert statement.text in sentence, statement.key
        elif statement.kind == StatementKind.FIRST and statement.included:
            assert statement.person.name in sentence, statement.key
        elif statement.kind == StatementKind.FIRST:
            # Not a first: the sentence says when it was done before.
            assert any(year in sentence for year in ("2000年", "2007年", "11年")), statement.key
        elif statement.kind == StatementKind.NAME:
            assert f"「{statement.text}」" in sentence, statement.key


def test_the_article_gives_every_kind_of_statement(facts):
    counts = {kind: Statement.objects.filter(kind=kind).count() for kind in StatementKind}
    assert counts[StatementKind.NUMBER] >= 15
    assert counts[StatementKind.AGREEMENT] >= 12
    assert counts[StatementKind.QUOTE] >= 15
    assert counts[StatementKind.FIRST] >= 3
    assert counts[StatementKind.NAME] == 2


def test_every_role_quotes_the_article_sentence_that_names_its_holder(facts):
    """Each post comes with a sentence of the article, naming the person who holds it,
    and that sentence's footnotes."""
    source = Source.objects.get(key="pyongyang-summit-2018-09")
    article = quotable_text(source.text)
    cited = footnote_numbers(source.text)
    roles = PersonRole.objects.select_related("person").prefetch_related("person__aliases")
    assert roles.count() >= 40
    for role in roles:
        person = role.person
        names = {person.name, *(alias.name for alias in person.aliases.all())}
        assert quotes(article, role.sentence), (person.key, role.title)
        assert any(fold_key(name) in fold_key(role.sentence) for name in names), person.key
        assert role.footnote_numbers, (person.key, role.title)
        assert set(role.footnote_numbers) <= cited, (person.key, role.title)


def test_a_delegation_post_cites_the_list_line_of_its_holder(facts):
    for role in PersonRole.objects.filter(is_delegation_post=True).select_related("person"):
        assert role.sentence.endswith(f"……{role.title}{role.person.name}"), role.person.key
        assert "14名正式隨行人員名單" in role.sentence
        assert role.footnote_numbers == [33]


def test_source_sentences_are_stored_in_traditional_script(facts):
    day3 = Event.objects.filter(phase=Phase.DAY3)
    assert day3.exists()
    for event in day3:
        assert to_traditional(event.source_sentence) == event.source_sentence, event.key
        assert "时" not in event.source_sentence and "离开" not in event.source_sentence


def test_every_event_date_lies_within_the_article_span(facts):
    for event in Event.objects.all():
        assert ARTICLE_FIRST_DAY <= event.date <= ARTICLE_LAST_DAY, event.key
        if event.end_date:
            assert event.end_date <= ARTICLE_LAST_DAY, event.key


def test_article_summit_days_hold_the_three_days_events(facts):
    for phase, day in [(Phase.DAY1, 18), (Phase.DAY2, 19), (Phase.DAY3, 20)]:
        dates = set(Event.objects.filter(phase=phase).values_list("date", flat=True))
        assert dates == {datetime.date(2018, 9, day)}


def test_clock_times_quote_the_article(facts):
    """Each stated minute-precision time appears in its sentence as 「H時M分」."""
    for event in Event.objects.filter(time_precision="minute", time_is_derived=False):
        written = f"{event.time.hour % 12 or 12}時{event.time.minute}分"
        assert written in event.source_sentence, event.key


def test_footnotes_follow_their_sentence_in_the_article(facts):
    """Every footnote an event or statement cites exists in the article's markup."""
    cited = footnote_numbers(article_markdown())
    for event in [*Event.objects.all(), *Statement.objects.all()]:
        assert event.footnote_numbers, event.key
        assert set(event.footnote_numbers) <= cited, event.key


def test_the_two_kim_jung_sook_are_two_people_and_only_the_first_lady_takes_part(facts):
    namesakes = list(Person.objects.filter(name="金正淑"))
    assert len(namesakes) == 2
    assert len({person.label for person in namesakes}) == 2
    assert all(person.label for person in namesakes)
    first_lady = next(person for person in namesakes if person.side == "ROK")
    other = next(person for person in namesakes if person.side != "ROK")
    assert Participation.objects.filter(person=first_lady).count() >= 5
    assert not Participation.objects.filter(person=other).exists()
    assert first_lady.display_name != other.display_name


def test_trump_written_four_ways_is_one_person(facts):
    spellings = ["特朗普", "川普", "特普朗", "特普特", "當勞·特朗普"]
    article = article_traditional_text()
    for spelling in spellings:
        assert spelling in article
    owners = {
        alias.person_id for alias in PersonAlias.objects.filter(folded__in=map(fold_key, spellings))
    } | set(Person.objects.filter(name__in=spellings).values_list("id", flat=True))
    assert len(owners) == 1


def test_the_reporter_total_is_recorded_as_stated_and_flagged(facts):
    event = Event.objects.get(source_sentence__contains="2761")
    assert "2224" in event.source_sentence and "447" in event.source_sentence
    assert 2224 + 447 != 2761
    assert event.is_disputed
    assert "2671" in event.dispute_note


def test_every_person_who_takes_part_appears_in_an_event(facts):
    idle = Person.objects.filter(takes_part=True, participations__isnull=True)
    # Foreign figures quoted without a date (菅義偉, 耿爽, 蘭科夫) have no dated event.
    assert set(idle.values_list("key", flat=True)) <= {
        "yoshihide-suga",
        "geng-shuang",
        "andrei-lankov",
        "kang-kyung-wha",
        "cho-myoung-gyon",
        "do-jong-hwan",
        "kim-hyun-mee",
        "kim-young-choon",
        "kim-jae-hyun",
        "kim-hyun-chul",
        "joo-young-hoon",
        "kim-eui-kyeom",
        "kim-jong-chun",
        "yoon-kun-young",
    }


def test_earlier_presidents_and_foreign_figures_are_in_the_fact_base(facts):
    names = set(Person.objects.values_list("name", flat=True))
    for name in [
        "金大中",
        "盧武鉉",
        "特朗普",
        "蓬佩奧",
        "古特雷斯",
        "安倍晉三",
        "菅義偉",
        "耿爽",
        "蘭科夫",
    ]:
        assert name in names


def test_question_phrasings_never_name_their_own_answer(facts):
    """Activities (在哪裡舉行？) never name their place; who-phrases never name their people."""
    events = Event.objects.select_related("place").prefetch_related(
        "participations__person__aliases", "place__aliases"
    )
    phrased = 0
    for event in events:
        if event.activity and event.place:
            names = [event.place.name, *(a.name for a in event.place.aliases.all())]
            assert not any(fold_key(n) in fold_key(event.activity) for n in names), event.key
        for part, phrase in event.who_phrases.items():
            phrased += 1
            people = [p.person for p in event.participations.all() if p.part == part]
            assert people, (event.key, part)
            # 「與蓬佩奧會面」 names one side of a meeting: the question is about the other.
            unnamed = [
                person
                for person in people
                if not any(
                    fold_key(name) in fold_key(phrase)
                    for name in [person.name, *(a.name for a in person.aliases.all())]
                )
            ]
            assert unnamed, (event.key, part)
        if event.where_question and event.place:
            assert fold_key(event.place.name) not in fold_key(event.where_question), event.key
    assert phrased >= 20


def test_clauses_never_state_their_own_date(facts):
    for event in Event.objects.all():
        assert f"{event.date.month}月{event.date.day}日" not in event.clause, event.key
