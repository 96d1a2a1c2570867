"""Random fact bases for property tests: namesakes, aliases in both scripts, untimed
events on the same day as timed ones, shared activities and clauses, a lone-person side;
statements with the traps they can hold: two numbers asked by one question, a value the
distractors could land on, rough figures, one point both in and out of an agreement, a
quote two speakers share, a first or a name given twice, disputed rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from quizapp.generator.facts import (
    EventFact,
    FactBase,
    PersonFact,
    PlaceFact,
    RoleFact,
    StatementFact,
)

# Name, aliases: some aliases are the name in the other script, some other spellings.
NAMES = [
    ("文在寅", ()),
    ("金正恩", ()),
    ("金正淑", ()),
    ("金正淑", ()),  # a namesake
    ("鄭義溶", ("郑义溶",)),
    ("特朗普", ("川普", "特普朗")),
    ("蓬佩奧", ("迈克·蓬佩奥",)),
    ("李雪主", ()),
    ("宋永武", ()),
    ("努光鐵", ("努光铁",)),
]
TITLES = ["總統", "委員長", "國防部長", "外交部長", "國務卿", "秘書長", "國防部長"]
SIDES = ["ROK", "DPRK", "US", "UN"]
KINDS = ["leader", "official", "spouse", "former_leader"]
CLAUSES = [
    "兩國領導人會談",
    "簽署宣言",
    "歡迎晚宴開始",
    "參觀學校",
    "登山",
    "返回首爾",
    "觀看演出",
    "植樹",
    "抵達機場",
    "兩國領導人會談",  # two events may share a clause
]
ACTIVITIES = ["首腦會談", "《平壤共同宣言》", "歡迎晚宴", "參觀", "登山", "首腦會談"]
PLACES = [
    ("平壤", "平壤"),
    ("百花園迎賓館", "平壤"),
    ("木蘭館", "平壤"),
    ("三池淵機場", "三池淵"),
    ("紐約", "紐約"),
    ("城南機場", "城南"),
]
TIMES = [
    None,
    datetime.time(6, 39),
    datetime.time(8, 40),
    datetime.time(9, 50),
    datetime.time(10, 0),
    datetime.time(10, 20),
    datetime.time(14, 30),
    datetime.time(15, 45),
    datetime.time(20, 30),
]
PARTS = ["signed", "hosted", "welcomed", "attended", "met", "spoke", "mentioned"]
WHO_PHRASES = ["出席了會談", "簽署了宣言", "參加了晚宴", "在機場迎接貴賓"]
WHERE_QUESTIONS = ["", "", "代表團從哪裡出發？", "專機在哪裡降落？"]


@st.composite
def people(draw) -> tuple[PersonFact, ...]:
    picks = draw(st.lists(st.sampled_from(range(len(NAMES))), min_size=3, max_size=9, unique=True))
    result = []
    for number, index in enumerate(picks, start=1):
        name, aliases = NAMES[index]
        namesakes = sum(NAMES[i][0] == name for i in picks)
        roles = draw(st.lists(st.sampled_from(TITLES), max_size=2, unique=True))
        result.append(
            PersonFact(
                id=number,
                key=f"p{number}",
                name=name,
                label=f"標籤{number}" if namesakes > 1 else "",
                side=draw(st.sampled_from(SIDES)),
                kind=draw(st.sampled_from(KINDS)),
                takes_part=draw(st.booleans()) or namesakes == 1,
                roles=tuple(
                    RoleFact(title=title, is_delegation_post=draw(st.booleans())) for title in roles
                ),
                aliases=aliases,
            )
        )
    return tuple(result)


@st.composite
def fact_bases(draw) -> FactBase:
    persons = draw(people())
    places = tuple(
        PlaceFact(id=i, key=f"pl{i}", name=name, city=city)
        for i, (name, city) in enumerate(PLACES, start=1)
        if draw(st.booleans()) or i <= 3
    )
    events = []
    for number in range(1, draw(st.integers(min_value=3, max_value=16)) + 1):
        day = datetime.date(2018, 9, draw(st.integers(min_value=16, max_value=22)))
        month_only = draw(st.integers(0, 9)) == 0
        time = None if month_only else draw(st.sampled_from(TIMES))
        part_of_day = "" if time or month_only else draw(st.sampled_from(["", "", "中午", "晚上"]))
        participants = tuple(
            (person.id, draw(st.sampled_from(PARTS)))
            for person in persons
            if draw(st.integers(0, 3)) == 0
        )
        who_phrases = tuple(
            sorted(
                {
                    (part, draw(st.sampled_from(WHO_PHRASES)))
                    for _pid, part in participants
                    if part != "mentioned" and draw(st.booleans())
                }
            )
        )
        # One phrase per part.
        who_phrases = tuple(dict(who_phrases).items())
        place_id = draw(st.sampled_from([None, *(p.id for p in places)]))
        events.append(
            EventFact(
                id=number,
                key=f"e{number}",
                # Mostly a clause of its own; now and then one another event shares.
                clause=draw(st.sampled_from(CLAUSES))
                if draw(st.integers(0, 4)) == 0
                else CLAUSES[number % 9] + "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"[number - 1],
                phase=draw(st.sampled_from(["day1", "day2", "day3", "aftermath"])),
                date=day.replace(day=1) if month_only else day,
                date_precision="month" if month_only else "day",
                time=time,
                time_precision="minute" if time else ("part_of_day" if part_of_day else "none"),
                part_of_day=part_of_day,
                time_is_derived=bool(time) and draw(st.integers(0, 5)) == 0,
                activity=draw(st.sampled_from(["", *ACTIVITIES])),
                place_id=place_id,
                who_phrases=who_phrases,
                where_question=draw(st.sampled_from(WHERE_QUESTIONS)) if place_id else "",
                participants=participants,
                has_unnamed_participants=draw(st.integers(0, 4)) == 0,
                sentence=f"句子{number}。",
                footnotes=(number,),
                sequence=number,
            )
        )
    return FactBase(
        people=persons, places=places, events=tuple(events), statements=draw(statements(persons))
    )


NUMBER_QUESTIONS = ["代表團有多少人？", "先遣隊有多少人？", "演說有多長？", "支持率是多少？"]
UNITS = ["人", "名", "%", "分鐘"]
VALUES = ["7", "14", "21", "50", "70", "93", "100", "150", "200", "61", "71.6", "150000"]
AGREEMENTS = ["《平壤共同宣言》", "《軍事領域協議書》"]
POINTS = ["恢復開城工業區", "共同申辦奧運會", "停止炮兵射擊訓練", "提交核清單", "訂定時間表"]
QUOTES = ["事情發展得很好", "熱烈祝賀", "破格", "沒有進展", "還是不夠"]
SPEAKERS = ["文在寅", "特朗普", "川普", "耿爽", "韓民族日報", "CNN", "自由韓國黨", "正未來黨"]
FIRSTS = ["獲鳴禮炮歡迎", "向朝鮮民眾發表講話", "飛越西海直達平壤", "造訪平壤"]
NAME_QUESTIONS = ["本次會談的標語是什麼？", "本次會談的官方名稱是什麼？"]
NAME_TEXTS = ["和平，新的未來", "和平，新的開始", "統一，新的未來", "和平，共同的繁榮"]


@st.composite
def statements(draw, persons: tuple[PersonFact, ...]) -> tuple[StatementFact, ...]:
    rows: list[StatementFact] = []
    for number in range(1, draw(st.integers(min_value=0, max_value=14)) + 1):
        kind = draw(st.sampled_from(["number", "agreement", "quote", "first", "name"]))
        common = {
            "id": number,
            "key": f"s{number}",
            "kind": kind,
            "phase": draw(st.sampled_from(["name", "day1", "day2", "coverage"])),
            "sentence": f"陳述{number}。",
            "footnotes": (number,),
            "is_disputed": draw(st.integers(0, 6)) == 0,
            "sequence": number,
        }
        if kind == "number":
            unit = draw(st.sampled_from(UNITS))
            value = Decimal(draw(st.sampled_from(VALUES)))
            if unit == "%" and value >= 100:
                value = Decimal(61)
            row = StatementFact(
                **common,
                question=draw(st.sampled_from(NUMBER_QUESTIONS)),
                subject="計數",
                value=value,
                unit=unit,
                is_approximate=draw(st.booleans()),
            )
        elif kind == "agreement":
            included = draw(st.booleans())
            row = StatementFact(
                **common,
                agreement=draw(st.sampled_from(AGREEMENTS))
                if included or draw(st.booleans())
                else "",
                text=draw(st.sampled_from(POINTS)),
                included=included,
            )
        elif kind == "quote":
            speaker = draw(st.sampled_from(SPEAKERS))
            row = StatementFact(
                **common,
                text=draw(st.sampled_from(QUOTES)),
                speaker=speaker,
                speaker_kind=draw(st.sampled_from(["person", "media", "party"])),
            )
        elif kind == "first":
            row = StatementFact(
                **common,
                text=draw(st.sampled_from(FIRSTS)),
                included=draw(st.booleans()),
                person_id=draw(st.sampled_from([p.id for p in persons])),
            )
        else:
            text = draw(st.sampled_from(NAME_TEXTS))
            row = StatementFact(
                **common,
                question=draw(st.sampled_from(NAME_QUESTIONS)),
                text=text,
                wrong_values=tuple(
                    draw(st.lists(st.sampled_from(NAME_TEXTS), min_size=1, max_size=3))
                ),
            )
        rows.append(row)
    return tuple(rows)
