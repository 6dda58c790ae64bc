"""Chinese job titles' English forms, from CC-CEDICT as lindera embeds it."""

from bot.job_titles import english_forms


def test_a_title_the_dictionary_holds_whole_has_its_own_sense() -> None:
    assert english_forms("产品经理")[0] == frozenset({"product", "manager"})
    assert frozenset({"chief", "executive", "officer"}) in english_forms("首席执行官")


def test_a_title_it_does_not_hold_whole_combines_its_words_senses() -> None:
    forms = english_forms("销售经理")
    assert frozenset({"sales", "manager"}) in forms
    assert all("to" not in form and "cl" not in form for form in forms)  # fillers, classifiers


def test_a_word_without_an_entry_gives_no_form() -> None:
    assert english_forms("") == ()
    assert english_forms("经理X") == ()  # X is no entry: no guess at half a title
    assert all("classifier" not in form for form in english_forms("张"))
