"""A letter language is one with texts: case is normalised, an unknown code is refused with the choices."""

import pytest

from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.domain.letter_language import LANGUAGE_FIELD, supported_letter_language

SUPPORTED = ("de", "ar", "de-LS", "en", "ti")


@pytest.mark.parametrize(("code", "expected"), [("ar", "ar"), ("AR", "ar"), (" Ar ", "ar"), ("de-ls", "de-LS")])
def test_case_and_spaces_are_normalised(code: str, expected: str) -> None:
    assert supported_letter_language(code, SUPPORTED) == expected


@pytest.mark.parametrize("code", ["xx", "so", "", "ara", "de_LS"])
def test_unknown_codes_are_refused_naming_the_field_and_the_choices(code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        supported_letter_language(code, SUPPORTED)
    message = caught.value.for_field(LANGUAGE_FIELD)
    assert message is not None
    assert f"„{code.strip()}“" in message
    assert "Möglich sind: de, ar, de-LS, en, ti." in message
