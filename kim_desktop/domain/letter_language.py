"""The language a letter is printed in: a supported code, case normalised, or a refusal naming the choices."""

from collections.abc import Sequence

from kim_desktop.domain.errors import FieldError, ValidationFailed
from kim_desktop.domain.text import N_, Text

LANGUAGE_FIELD = "language"


def supported_letter_language(code: str, supported: Sequence[str]) -> str:
    """The supported code meant by `code` ("AR" and " ar " mean "ar", "de-ls" means "de-LS").

    An unknown code is refused (ValidationFailed on the field "language") with the list of supported codes,
    instead of silently printing a German-only letter that is then recorded as printed in that language.
    """
    wanted = code.strip().casefold()
    for known in supported:
        if known.casefold() == wanted:
            return known
    message = Text(
        N_("Für die Sprache „{code}“ gibt es keine Brieftexte. Möglich sind: {supported}."),
        code=code.strip(),
        supported=", ".join(supported),
    )
    raise ValidationFailed([FieldError(LANGUAGE_FIELD, message)])
