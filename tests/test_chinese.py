from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.chinese.scripts import fold_key, normalise_script
from quizapp.chinese.wording import date_label, time_label
from quizapp.facts.article import plain_text


def test_names_in_either_script_fold_to_one_key():
    assert fold_key("鄭義溶") == fold_key("郑义溶")
    assert fold_key("邁克·蓬佩奧") == fold_key("迈克・蓬佩奥")
    assert fold_key("萬景台") == fold_key("萬景臺")
    assert fold_key("文在寅") != fold_key("金正恩")


def test_simplified_sentences_become_traditional_and_traditional_ones_stay():
    mixed = "上午6时39分，文在寅离开平壤百花园迎宾馆。兩國首腦隨時會面已證明了新時代已經到來。"
    assert normalise_script(mixed) == (
        "上午6時39分，文在寅離開平壤百花園迎賓館。兩國首腦隨時會面已證明了新時代已經到來。"
    )


@given(st.text(alphabet="文在寅金正恩會談平壤簽署宣言。，時分離开边", max_size=60))
def test_normalising_twice_changes_nothing_more(text):
    once = normalise_script(text)
    assert normalise_script(once) == once
    assert len(once) == len(text)


def test_plain_text_drops_links_footnotes_and_variant_markup():
    markdown = (
        "國務卿[-{zh-tw:麥克;zh-hans:迈克;zh-hant:邁克;zh-hk:米克}-·蓬佩奧取消行程]"
        '(../Page/邁克·蓬佩奧.md "wikilink")\\[23\\]。'
    )
    assert plain_text(markdown) == "國務卿邁克·蓬佩奧取消行程。"


def test_dates_and_times_read_as_the_article_writes_them():
    import datetime

    assert date_label(datetime.date(2018, 9, 18)) == "2018年9月18日"
    assert date_label(datetime.date(2018, 6, 1), precision="month") == "2018年6月"
    assert (
        date_label(datetime.date(2018, 9, 18), end_date=datetime.date(2018, 9, 20))
        == "2018年9月18日至20日"
    )
    assert time_label(datetime.time(15, 45), precision="minute") == "下午3時45分"
    assert time_label(datetime.time(10, 0), precision="hour") == "上午10時"
    assert (
        time_label(datetime.time(20, 30), precision="minute", approximate=True) == "約晚上8時30分"
    )
    assert time_label(None, precision="part_of_day", part_of_day="中午") == "中午"
