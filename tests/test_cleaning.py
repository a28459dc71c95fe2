import pytest

from kg.inputs.cleaning import clean_body, is_headline_line

BODY = "Regulators fined the bank on Monday.\n\nThe bank said it would appeal."


@pytest.mark.parametrize(
    "furniture",
    [
        "- Hackers hit a hospital in Ohio\n- Iran denies role in bank hack\n- Markets rally",
        "Most Viewed\nA story\nAnother story",
        "Editor's Picks\nWhat we know |\nAnother |",
        "Today's Top News\n54 dead after ship sinks\nNew rules announced",
        "Related stories:\n* EU blames Russia for attack\n* China denies hacking",
    ],
)
def test_furniture_after_the_article_is_dropped(furniture: str) -> None:
    assert clean_body(BODY + "\n" + furniture) == BODY


def test_separators_and_credit_lines_are_dropped() -> None:
    assert clean_body("(Reuters)\n|\n||||||\n" + BODY) == BODY


def test_a_single_bulleted_sentence_is_kept() -> None:
    text = "The order does three things:\n- It freezes assets of listed hackers."
    assert clean_body(text) == text


def test_a_marker_word_inside_prose_is_kept() -> None:
    text = "Officials said related attacks were rising.\nMost viewed the move as overdue."
    assert clean_body(text) == text


@pytest.mark.parametrize(
    "line, expected", [("- DPRK rebuffs US accusation", True), ("- It froze the assets.", False), ("Plain line", False)]
)
def test_headline_line(line: str, expected: bool) -> None:
    assert is_headline_line(line) is expected


@pytest.mark.parametrize(
    "caption", ["*Image: ESET*", "Source: Microsoft", "Photo credit: Reuters", "_Image: BleepingComputer_"]
)
def test_caption_lines_are_dropped(caption: str) -> None:
    assert clean_body(f"{BODY}\n{caption}\nThe bank said more.") == f"{BODY}\nThe bank said more."
