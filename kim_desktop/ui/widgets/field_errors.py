"""Showing validation errors next to the offending fields: a red border and the message below the field.

For a screen reader the field is marked invalid with the message as its description, and the errors are announced.
"""

from PySide6.QtWidgets import QLabel, QWidget

from kim_desktop.domain.errors import FieldError
from kim_desktop.domain.text import verbatim
from kim_desktop.i18n import _, translate_text
from kim_desktop.ui.accessibility import announce, plain_name, set_invalid
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit


class FieldErrors:
    """Registry of fields (by the services' field names) with one message label each."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def message_label(self, name: str, widget: QWidget) -> QLabel:
        """Register a field and return the (hidden) label that shows its message; place it next to the field."""
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(text_style(status_colours().error))
        label.setWordWrap(True)
        label.hide()
        self._fields[name] = (widget, label)
        return label

    def forget_prefix(self, prefix: str) -> None:
        """Unregister fields whose widgets are about to go (e.g. the lines of removed children)."""
        for name in [n for n in self._fields if n.startswith(prefix)]:
            del self._fields[name]

    def clear(self) -> None:
        """Remove every mark."""
        for widget, label in self._fields.values():
            widget.setStyleSheet("")
            set_invalid(widget, None)
            label.clear()
            label.hide()

    def show(self, errors: list[FieldError]) -> list[FieldError]:
        """Mark and announce the errors; returns those that have no registered field (to show elsewhere)."""
        self.clear()
        unplaced = []
        spoken = []
        for error in errors:
            message = translate_text(error.message)
            if error.field not in self._fields:
                unplaced.append(error)
                spoken.append(message)
                continue
            widget, label = self._fields[error.field]
            widget.setStyleSheet(f"border: 2px solid {status_colours().error_box[2]};")
            label.setText(message)
            label.show()
            set_invalid(widget, message)
            name = plain_name(widget)
            spoken.append(f"{name}: {message}" if name and not message.startswith(name) else message)
        placed = next((self._fields[e.field][1] for e in errors if e.field in self._fields), None)
        if spoken and placed is not None:
            text = _("Nicht gespeichert. Bitte prüfen: {problems}").format(problems="; ".join(spoken))
            announce(placed, text, error=True)
        return unplaced

    def typed_errors(self) -> list[FieldError]:
        """Fields whose typed text is no value (a date field holding "31.02.2020"): a form refuses to save them.

        Such a field reads as empty; saving would drop what was typed without a word.
        """
        found = []
        for name, (widget, _label) in self._fields.items():
            if isinstance(widget, OptionalDateEdit) and (problem := widget.error()):
                found.append(FieldError(name, verbatim(problem)))
        return found

    def widget(self, name: str) -> QWidget | None:
        """The widget registered for a field."""
        entry = self._fields.get(name)
        return entry[0] if entry else None

    def message(self, name: str) -> str:
        """The message shown for a field ("" when none)."""
        entry = self._fields.get(name)
        return entry[1].text() if entry else ""
