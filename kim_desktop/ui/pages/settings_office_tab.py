"""The "Briefkopf" tab: the office's letterhead printed on every letter, its logo and the UI language."""

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import N_, _, error_text
from kim_desktop.settings import OfficeProfile
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.icons import icon
from kim_desktop.ui.pages.settings_common import message_label, show_message, store_settings
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.form_inputs import select_data

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
LANGUAGES = (("de", "Deutsch"), ("en", "English"))  # language names are shown in their own language
# OfficeProfile field -> label; the order of the form.
OFFICE_FIELDS = (
    ("name", N_("Name der Dienststelle")),
    ("department", N_("Abteilung / Sachgebiet")),
    ("street", N_("Straße und Hausnummer")),
    ("postcode", N_("Postleitzahl")),
    ("city", N_("Ort")),
    ("phone", N_("Telefon")),
    ("email", N_("E-Mail")),
    ("opening_hours", N_("Öffnungszeiten")),
)


class OfficeTab(QWidget):
    """The letterhead form with logo chooser and preview, the UI language and one Save button."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in OFFICE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"office_{name}")
            edit.setMaxLength(200)
            self.fields[name] = edit
            form.addRow(_(label), edit)
        self.fields["postcode"].setMaxLength(5)
        self.fields["postcode"].setMaximumWidth(80)
        self.fields["opening_hours"].setPlaceholderText(_("z. B. Mo–Fr 8:30–12:30, Do 14:00–17:30"))

        self.logo_edit = QLineEdit()
        self.logo_edit.setObjectName("office_logo_path")
        self.logo_edit.setAccessibleName(_("Logo-Datei"))
        self.logo_edit.setPlaceholderText(_("kein Logo"))
        self.logo_edit.textChanged.connect(self._show_logo)
        choose = QPushButton(_("Auswählen …"))
        choose.setObjectName("chooseLogo")
        choose.clicked.connect(self._ask_for_logo)
        remove = QPushButton(_("Kein Logo"))
        remove.setObjectName("removeLogo")
        remove.clicked.connect(self.logo_edit.clear)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(remove)
        form.addRow(_("Logo (PNG oder JPG)"), logo_row)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedHeight(64)
        self.logo_preview.hide()
        form.addRow("", self.logo_preview)

        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_note = QLabel(_("wirksam nach Neustart"))
        language_note.setStyleSheet(text_style(status_colours().muted))
        language_row.addWidget(language_note)
        language_row.addStretch(1)
        form.addRow(_("Sprache der Oberfläche"), language_row)

        self.save_button = QPushButton(icon("save.svg"), _("Speichern"))
        self.save_button.setObjectName("saveOffice")
        self.save_button.clicked.connect(self.save)
        self.message = message_label("officeMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        explanation = QLabel(_("Diese Angaben stehen im Briefkopf jedes Schreibens (Vermittlungs- und Terminbriefe)."))
        explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        """Fill the form from the current settings."""
        office = self.ctx.settings.office
        for name, edit in self.fields.items():
            edit.setText(getattr(office, name))
        self.logo_edit.setText(office.logo_path)
        select_data(self.language, self.ctx.settings.language)
        self.message.clear()

    def _ask_for_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Logo auswählen"), str(Path.home()), _("Bilder (*.png *.jpg *.jpeg)")
        )
        if path:
            self.choose_logo(Path(path))

    def choose_logo(self, path: Path) -> None:
        """Take the chosen logo file (the file dialog calls this; tests call it directly)."""
        self.logo_edit.setText(str(path))

    def _show_logo(self, text: str) -> None:
        pixmap = QPixmap(text) if text.strip() and Path(text.strip()).is_file() else QPixmap()
        self.logo_preview.setVisible(not pixmap.isNull())  # no empty gap without a logo
        if pixmap.isNull():
            self.logo_preview.clear()
            return
        self.logo_preview.setPixmap(pixmap.scaledToHeight(64, Qt.TransformationMode.SmoothTransformation))

    def _problems(self, office: OfficeProfile) -> list[str]:
        problems = []
        if not office.name:
            problems.append(_("Bitte den Namen der Dienststelle eingeben."))
        if office.postcode and not (office.postcode.isdigit() and len(office.postcode) == 5):
            problems.append(_("Die Postleitzahl hat fünf Ziffern."))
        if office.email and ("@" not in office.email or " " in office.email):
            problems.append(_("Die E-Mail-Adresse sieht nicht richtig aus (z. B. integration@gemeinde.de)."))
        if office.logo_path:
            logo = Path(office.logo_path)
            if logo.suffix.lower() not in LOGO_SUFFIXES:
                problems.append(_("Das Logo muss eine PNG- oder JPG-Datei sein."))
            elif not logo.is_file():
                problems.append(_("Die Logo-Datei {path} gibt es nicht.").format(path=logo))
        return problems

    def save(self) -> bool:
        """Check and save the letterhead and the language; True when saved."""
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        office = OfficeProfile(**values, logo_path=self.logo_edit.text().strip())
        problems = self._problems(office)
        if problems:
            show_message(self.message, "\n".join(problems), error=True)
            return False
        language = str(self.language.currentData())
        changed_language = language != self.ctx.settings.language
        try:
            store_settings(self.ctx, replace(self.ctx.settings, office=office, language=language))
        except (OSError, KimError) as exc:
            why = error_text(exc)
            show_message(self.message, _("Die Einstellungen konnten nicht gespeichert werden: {why}").format(why=why),
                         error=True)  # fmt: skip
            return False
        text = _("Gespeichert.")
        if changed_language:
            text += " " + _("Die neue Sprache gilt nach dem nächsten Start von KIM Desktop.")
        show_message(self.message, text)
        return True
