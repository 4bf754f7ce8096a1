from hypothesis import given
from hypothesis import strategies as st

from visiespiegel.rounds import codes
from visiespiegel.rounds.codes import CODE_ALPHABET


def test_alphabet_has_no_confusable_characters():
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_new_codes_use_only_the_alphabet():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 8
        assert codes.looks_like_code(code)
    assert codes.looks_like_code("ABCDEF")  # rounds made before keep their 6-character codes
    assert not codes.looks_like_code("ABCDEFG")


@given(st.text(alphabet=CODE_ALPHABET, min_size=8, max_size=8))
def test_case_spaces_and_dashes_are_forgiven(code):
    messy = f"  {code[:3].lower()} -{code[3:]} "
    assert codes.normalise_code(messy) == code


def test_edit_token_is_stable_and_secret_dependent():
    assert codes.edit_token("s", 1, "k") == codes.edit_token("s", 1, "k")
    assert codes.edit_token("s", 1, "k") != codes.edit_token("t", 1, "k")
    assert codes.edit_token("s", 1, "k") != codes.edit_token("s", 2, "k")
