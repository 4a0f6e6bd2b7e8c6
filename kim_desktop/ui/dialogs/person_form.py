"""The person form: register or edit a person in one dialog; errors beside the fields; duplicates shown first."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.errors import Conflict, DatabaseUnavailable, ValidationFailed
from kim_desktop.i18n import _, error_text, translate_text
from kim_desktop.services.case_file import list_municipalities, list_permission_issuers
from kim_desktop.services.database import DbSession
from kim_desktop.services.municipalities import municipalities_for_postcode
from kim_desktop.services.people import get_person_details, register_person, update_person
from kim_desktop.services.people_dto import Choice, DuplicateCandidate, PersonDetails, PersonInput, PossibleDuplicates
from kim_desktop.ui.accessibility import announce
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form_fields import PersonFields
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.form_inputs import select_data

Choices = tuple[list[Choice], list[Choice]]


def ask_discard(parent: QWidget) -> bool:
    """Ask whether unsaved changes may be thrown away."""
    answer = QMessageBox.question(
        parent,
        _("Ungespeicherte Änderungen"),
        _("Es gibt ungespeicherte Änderungen. Verwerfen?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class PersonForm(QDialog):
    """Register (person_id None) or edit a person; emits saved(id) or open_existing(id) for a duplicate."""

    saved = Signal(int)
    open_existing = Signal(int)

    def __init__(self, ctx: UiContext, person_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self._version: int | None = None
        self._loaded_data: PersonInput | None = None  # as loaded: a conflict names what another desk changed since
        self._initial = PersonInput(family_name="")
        self.confirm_discard: Callable[[], bool] = lambda: ask_discard(self)
        self.setWindowTitle(_("Neue Person") if person_id is None else _("Person bearbeiten"))
        self.resize(1180, 760)

        self.fields = PersonFields()
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Angaben zur Person"))
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        self.scroll_area = scroll
        self.summary = QLabel()
        self.summary.setObjectName("formSummary")
        self.summary.setStyleSheet(text_style(status_colours().error, bold=True))
        self.summary.setWordWrap(True)
        self.summary.hide()

        self.duplicates_box = QWidget()
        duplicates_layout = QVBoxLayout(self.duplicates_box)
        self.duplicates_label = QLabel(
            _("Möglicherweise gibt es diese Person schon. Bitte prüfen, bevor ein zweiter Eintrag entsteht:")
        )
        self.duplicates_label.setStyleSheet("font-weight: bold;")
        self.duplicates_list = QListWidget()
        self.duplicates_list.setMaximumHeight(110)
        self.open_duplicate_button = QPushButton(_("Vorhandene Person öffnen"))
        self.create_anyway_button = QPushButton(_("Trotzdem neu anlegen"))
        for button in (self.open_duplicate_button, self.create_anyway_button):
            button.setAutoDefault(False)
        self.open_duplicate_button.clicked.connect(self._open_duplicate)
        self.duplicates_list.itemDoubleClicked.connect(lambda _item: self._open_duplicate())
        self.create_anyway_button.clicked.connect(lambda: self.save(allow_duplicates=True))
        duplicates_layout.addWidget(self.duplicates_label)
        duplicates_layout.addWidget(self.duplicates_list)
        duplicates_layout.addWidget(self.open_duplicate_button)
        duplicates_layout.addWidget(self.create_anyway_button)
        text, background, _border = status_colours().warning_box
        self.duplicates_box.setStyleSheet(f"background: {background}; color: {text};")
        self.duplicates_box.hide()

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setIcon(icon("save.svg"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel(_("* Pflichtfeld · Eingabetaste speichert · Esc bricht ab"))
        hint.setStyleSheet(text_style(status_colours().muted))

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.duplicates_box)
        layout.addWidget(scroll, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.fields.family_name.setFocus()
        if person_id is None:
            self.fields.fill(PersonInput(family_name="", first_contact_on=date.today()))
        self._initial = self.fields.collect()
        self.fields.postcode.textEdited.connect(self._postcode_typed)
        self._load()

    # --- loading --------------------------------------------------------------------------------------

    def _load(self) -> None:
        person_id = self.person_id
        actor = self.ctx.actor

        def work(session: DbSession) -> tuple[Choices, PersonDetails | None]:
            details = get_person_details(session, person_id, actor=actor) if person_id is not None else None
            keep = details.data.municipality_id if details is not None else None
            choices = (list_municipalities(session, keep), list_permission_issuers(session))
            return choices, details

        self.ctx.tasks.run(in_session(self.ctx, work), self._loaded)

    def _loaded(self, result: tuple[Choices, PersonDetails | None]) -> None:
        (municipalities, issuers), details = result
        self.fields.set_choices(municipalities, issuers)
        if not municipalities:  # a new office: say why nothing can be chosen, and where that is set up
            hint = self.fields.postcode_hint
            hint.setText(
                _("Noch keine Gemeinden angelegt: ohne Gemeinden kann keine Person gespeichert werden. "
                  "Die Administration legt sie unter Einstellungen → Stammdaten an.")
            )  # fmt: skip
            hint.setStyleSheet(text_style(status_colours().error))
            hint.setAccessibleName(hint.text())
            hint.show()
        if details is not None:
            self._version = details.version
            self._loaded_data = details.data
            self.fields.fill(details.data)
            self.setWindowTitle(_("Person bearbeiten: {name}").format(name=details.display_name))
            self._initial = self.fields.collect()

    def _postcode_typed(self, text: str) -> None:
        """A complete postcode proposes its municipality; several candidates are named to choose from."""
        code = text.strip()
        if self.fields.municipality.count() <= 1:
            return  # no municipalities at all: the hint says so already
        if len(code) != 5 or not code.isdigit():
            self.fields.postcode_hint.hide()
            return

        def work(session: DbSession) -> list[Choice]:
            return municipalities_for_postcode(session, code)

        self.ctx.tasks.run(in_session(self.ctx, work), lambda found: self._postcode_proposed(code, found))

    def _postcode_proposed(self, code: str, found: list[Choice]) -> None:
        hint, combo = self.fields.postcode_hint, self.fields.municipality
        if combo.count() <= 1:
            return  # no municipalities at all: the hint says so already
        hint.setStyleSheet("")
        if code != self.fields.postcode.text().strip():
            return  # typed on meanwhile
        ids = [choice.id for choice in found]
        if not found:
            hint.setText(_("PLZ {code}: keine Gemeinde bekannt – bitte den Wohnort wählen.").format(code=code))
        elif len(found) == 1:
            if combo.currentData() is None:
                select_data(combo, ids[0])
            hint.setText(_("PLZ {code}: {name}").format(code=code, name=found[0].label))
        else:
            names = ", ".join(choice.label for choice in found)
            hint.setText(_("PLZ {code} gehört zu mehreren Gemeinden: {names} – bitte wählen.").format(
                code=code, names=names))  # fmt: skip
        hint.setAccessibleName(hint.text())
        hint.show()

    def prefill_name(self, family_name: str, given_names: str) -> None:
        """Start a new person with the name typed into the search (not counted as an unsaved change)."""
        self.fields.family_name.setText(family_name)
        self.fields.given_names.setText(given_names)
        self._initial = self.fields.collect()

    # --- saving ---------------------------------------------------------------------------------------

    def has_changes(self) -> bool:
        """Whether anything differs from what was loaded."""
        return self.fields.collect() != self._initial

    def save(self, allow_duplicates: bool = False) -> None:
        """Validate and store in the background; errors go next to their fields, nothing is stored."""
        if typed := self.fields.errors.typed_errors():  # a date that is no date: never saved as empty
            self.show_errors(ValidationFailed(typed))
            return
        data = self.fields.collect()
        person_id, version, loaded = self.person_id, self._version, self._loaded_data
        actor = self.ctx.actor

        def work(session: DbSession) -> int:
            if person_id is None:
                return register_person(session, data, actor=actor, allow_duplicates=allow_duplicates)
            update_person(session, person_id, data, expected_version=version, loaded=loaded, actor=actor)
            return person_id

        self.save_button.setEnabled(False)
        self.ctx.tasks.run(in_session(self.ctx, work), self._saved, self._failed, _("Wird gespeichert …"), self)

    def _saved(self, person_id: int) -> None:
        self.save_button.setEnabled(True)
        self.person_id = person_id
        self._initial = self.fields.collect()
        self.ctx.events.data_changed.emit(DataKind.PEOPLE)
        self.saved.emit(person_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.show_errors(exc)
        elif isinstance(exc, PossibleDuplicates):
            self.show_duplicates(exc.candidates)
        elif isinstance(exc, Conflict | DatabaseUnavailable):  # another desk was first, or the server is gone
            self.summary.setText(error_text(exc))
            self.summary.show()
        else:
            raise exc

    def show_errors(self, exc: ValidationFailed) -> None:
        """Mark each field and say how many need attention; scroll to the first one."""
        self.duplicates_box.hide()
        unplaced = self.fields.errors.show(exc.errors)
        count = len(exc.errors)
        text = _("Nicht gespeichert: {n} Angabe(n) bitte prüfen (rot markiert).").format(n=count)
        if unplaced:
            text += " " + " ".join(translate_text(e.message) for e in unplaced)
        self.summary.setText(text)
        self.summary.show()
        if unplaced:  # the marked fields announce themselves; a message that belongs to no field is said here
            announce(self.summary, text, error=True)
        first = self.fields.errors.widget(exc.errors[0].field)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()

    def show_duplicates(self, candidates: list[DuplicateCandidate]) -> None:
        """List people who may be the same, with a way to open one or to create anyway."""
        self.fields.errors.clear()
        self.summary.hide()
        self.duplicates_list.clear()
        announce(self, _("Nicht gespeichert: {n} mögliche Dublette(n) gefunden – bitte prüfen.").format(
            n=len(candidates)), error=True)  # fmt: skip
        for candidate in candidates:
            born = format_date(candidate.birth_date) if candidate.birth_date else _("Geburtsdatum unbekannt")
            name = f"{candidate.family_name}, {candidate.given_names}"
            text = f"{name} · {born} · {candidate.municipality_name or '—'} ({translate_text(candidate.reason)})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, candidate.id)
            self.duplicates_list.addItem(item)
        self.duplicates_list.setCurrentRow(0)
        self.duplicates_box.show()

    def _open_duplicate(self) -> None:
        item = self.duplicates_list.currentItem()
        if item is None:
            return
        self._initial = self.fields.collect()  # the advisor chose the existing record on purpose
        self.open_existing.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()

    def reject(self) -> None:
        """Esc or Abbrechen: ask first when something was changed."""
        if self.has_changes() and not self.confirm_discard():
            return
        super().reject()
