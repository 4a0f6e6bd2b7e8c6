"""Base of the small forms: each field with its error line, Enter saves, Esc cancels, saving in the background."""

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from kim_desktop.domain.errors import KimError, ValidationFailed
from kim_desktop.i18n import _, error_text, translate_text
from kim_desktop.ui.accessibility import announce, label_field
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.icons import icon
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.field_errors import FieldErrors


class FormDialog(QDialog):
    """Subclasses add fields with add_field() and call save_in_background() from save()."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.summary = QLabel()
        self.summary.setObjectName("formSummary")
        self.summary.setStyleSheet(text_style(status_colours().error, bold=True))
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setIcon(icon("save.svg"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel(_("* Pflichtfeld · Eingabetaste speichert · Esc bricht ab"))
        hint.setStyleSheet(text_style(status_colours().muted))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a row: the field and, below it, its (hidden) error message; returns the widget.

        The field sits in a layout, not in a box widget of its own: label and field stay siblings, which Qt needs to
        report the label as the field's (screen readers: "labelled by").
        """
        widget.setObjectName(name)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors.message_label(name, widget))
        if label:
            caption = QLabel(label)
            self.form.addRow(caption, column)
            label_field(caption, widget, label)
        else:
            self.form.addRow("", column)
        return widget

    def save(self) -> None:
        """Validate and save (subclasses)."""
        raise NotImplementedError

    def save_in_background(self, work: Callable[[], Any], saved: Callable[[Any], None]) -> None:
        """Run the service call; on success call saved(result) and close, on a refusal mark the fields."""
        self.errors.clear()
        self.summary.hide()
        if typed := self.errors.typed_errors():  # a date that is no date: not saved as empty
            self._failed(ValidationFailed(typed))
            return

        def done(result: Any) -> None:
            saved(result)
            self.accept()

        self.ctx.tasks.run(work, done, self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            unplaced = self.errors.show(exc.errors)
            text = _("Bitte die markierten Felder prüfen.")
            if unplaced:
                text += "\n" + "\n".join(translate_text(e.message) for e in unplaced)
            self.summary.setText(text)
            first = next((self.errors.widget(e.field) for e in exc.errors if self.errors.widget(e.field)), None)
            if first is not None:
                first.setFocus()
            else:  # nothing marked, so nothing announced yet
                announce(self.summary, text, error=True)
        elif isinstance(exc, KimError):
            self.summary.setText(error_text(exc))
            announce(self.summary, self.summary.text(), error=True)  # field errors are announced by self.errors
        else:
            raise exc
        self.summary.show()
