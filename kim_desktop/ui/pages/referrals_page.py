"""The Vermittlungen page: all referrals with filters, the actions of the selected referral's state, letters."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.consent_scope import LeftOut
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.referral_flow import allowed_transitions, needs_reason
from kim_desktop.i18n import N_, _, ngettext, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.referral_dto import ReferralFilter, ReferralRow
from kim_desktop.services.referrals import expire_holds, list_referrals, transition_referral
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.labels import referral_state_label
from kim_desktop.ui.models.referrals_table_model import ReferralsTableModel, cell_text
from kim_desktop.ui.operations import run_operation, show_expected_error
from kim_desktop.ui.widgets.column_widths import fit_columns
from kim_desktop.whole_files import write_whole, write_whole_text

R = ReferralState
# The action buttons, one per target state, in the order an advisor meets them.
ACTIONS: tuple[tuple[ReferralState, str], ...] = (
    (R.RESERVED, N_("Platz reservieren")),
    (R.REGISTERED, N_("Angemeldet")),
    (R.STARTED, N_("Begonnen")),
    (R.DECLINED, N_("Abgelehnt …")),
    (R.NO_SHOW, N_("Nicht erschienen …")),
    (R.DROPPED_OUT, N_("Abgebrochen …")),
    (R.CANCELLED, N_("Stornieren …")),
)
Choice = tuple[int, str]  # (id, label) of a filter choice
Choices = tuple[list[Choice], list[Choice], list[Choice]]  # providers, courses, advisors


def filter_choices(rows: list[ReferralRow]) -> Choices:
    """The providers, courses and advisors that occur in the referrals, sorted by label (in the worker)."""

    def by_label(pairs: set[Choice]) -> list[Choice]:
        return sorted(pairs, key=lambda pair: pair[1])

    return (
        by_label({(r.provider_id, r.provider) for r in rows}),
        by_label({(r.course_id, r.course_label) for r in rows}),
        by_label({(r.advisor_id, r.advisor) for r in rows if r.advisor_id}),
    )


class ReferralsPage(QWidget):
    """Referral list with filters and state actions."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = date.today()
        self._loaded = False
        self.state_filter = QComboBox()
        self.state_filter.addItem(_("Alle Stände"), None)
        for state in R:
            self.state_filter.addItem(referral_state_label(state), state.value)
        self.provider_filter, self.course_filter, self.advisor_filter = QComboBox(), QComboBox(), QComboBox()
        self.expiring = QCheckBox(_("Reservierung läuft ab in"))
        self.expiring_days = QSpinBox()
        self.expiring_days.setAccessibleName(_("Tage bis zum Ablauf der Reservierung"))
        self.expiring_days.setRange(0, 30)
        self.expiring_days.setValue(2)
        self.expiring_days.setSuffix(_(" Tagen"))
        self.obliged = QCheckBox(_("Verpflichtete ohne Anmeldung"))
        for box in (self.state_filter, self.provider_filter, self.course_filter, self.advisor_filter):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for check in (self.expiring, self.obliged):
            check.toggled.connect(lambda _on: self.reload())
        self.expiring_days.valueChanged.connect(lambda _v: self.reload() if self.expiring.isChecked() else None)
        filters = QHBoxLayout()
        for widget in (self.state_filter, self.provider_filter, self.course_filter, self.advisor_filter):
            filters.addWidget(widget, 1)
        filters.addWidget(self.expiring)
        filters.addWidget(self.expiring_days)
        filters.addWidget(self.obliged)

        self.model = ReferralsTableModel()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setAccessibleName(_("Vermittlungen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_actions())

        self.action_buttons: dict[ReferralState, QPushButton] = {}
        actions = QHBoxLayout()
        for state, text in ACTIONS:
            button = QPushButton(_(text))
            button.clicked.connect(lambda _checked=False, s=state: self.transition_selected(s))
            self.action_buttons[state] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.letter_button = QPushButton(_("Schreiben anzeigen"))
        self.letter_button.clicked.connect(self.show_letter)
        actions.addWidget(self.letter_button)

        self.list_pdf_button = QPushButton(_("Anmeldeliste (PDF) …"))
        self.list_csv_button = QPushButton(_("Anmeldeliste (CSV) …"))
        self.batch_button = QPushButton(_("Alle Schreiben von heute drucken …"))
        self.list_pdf_button.clicked.connect(lambda: self._ask_list(csv=False))
        self.list_csv_button.clicked.connect(lambda: self._ask_list(csv=True))
        self.batch_button.clicked.connect(self._ask_batch)
        self.count_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("referralMessage")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for button in (self.list_pdf_button, self.list_csv_button, self.batch_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{_('Vermittlungen')}</h2>"))
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addLayout(bottom)
        ctx.events.data_changed.connect(self._on_data_changed)
        self._update_actions()

    # --- loading -----------------------------------------------------------------------------------------

    def current_filter(self) -> ReferralFilter:
        """The filter the widgets describe."""
        state = self.state_filter.currentData()
        return ReferralFilter(
            states=frozenset({R(state)}) if state else None,
            provider_id=self.provider_filter.currentData(),
            course_id=self.course_filter.currentData(),
            advisor_id=self.advisor_filter.currentData(),
            hold_expiring_within_days=self.expiring_days.value() if self.expiring.isChecked() else None,
            obliged_not_registered=self.obliged.isChecked(),
        )

    def reload(self) -> None:
        """Expire overdue holds, then load the referrals matching the filters."""
        flt, today, actor = self.current_filter(), self.today, self.ctx.actor
        need_choices = not self._loaded

        def work(session: DbSession) -> tuple[list[ReferralRow], Choices | None]:
            expire_holds(session, today)  # each use case commits or rolls back its own transaction
            choices = (
                filter_choices(list_referrals(session, ReferralFilter(), today, actor=actor)) if need_choices else None
            )
            return list_referrals(session, flt, today, actor=actor), choices

        run_operation(
            self.ctx, work, self._show_rows, label=_("Vermittlungen werden geladen …"), errors=self._show_error
        )

    def _fill_choices(self, choices: Choices) -> None:
        providers, courses, advisors = choices
        for combo, pairs, everything in (
            (self.provider_filter, providers, _("Alle Träger")),
            (self.course_filter, courses, _("Alle Kurse")),
            (self.advisor_filter, advisors, _("Alle Beratenden")),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value, label in pairs:
                combo.addItem(label, value)
            combo.blockSignals(False)

    @property
    def rows(self) -> list[ReferralRow]:
        """The referrals shown, in order."""
        return self.model.rows

    def _show_rows(self, result: tuple[list[ReferralRow], Choices | None]) -> None:
        rows, choices = result
        if choices is not None and not self._loaded:
            self._fill_choices(choices)
            self._loaded = True
        selected = self.selected_row()
        self.model.set_rows(rows)
        fit_columns(self.table, lambda r, c: cell_text(self.model.row_at(r), c), len(rows))
        self.count_label.setText(ngettext("{n} Vermittlung", "{n} Vermittlungen", len(rows)).format(n=len(rows)))
        if selected is not None:
            self.select_referral(selected.id)
        self._update_actions()

    def _on_data_changed(self, kind: str) -> None:
        # Hidden, it reloads when shown again (showEvent), not on every change at this or another desk.
        relevant = kind in (DataKind.REFERRALS, DataKind.COURSES, DataKind.PEOPLE, DataKind.ALL)
        if relevant and self._loaded and self.isVisible():
            self.reload()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Load when shown."""
        self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    # --- selection and actions ---------------------------------------------------------------------------

    def selected_row(self) -> ReferralRow | None:
        """The selected referral, if any."""
        picked = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[picked[0].row()] if picked and picked[0].row() < len(self.rows) else None

    def select_referral(self, referral_id: int) -> None:
        """Select a referral's row."""
        for index, row in enumerate(self.rows):
            if row.id == referral_id:
                self.table.selectRow(index)
                return

    def _update_actions(self) -> None:
        row = self.selected_row()
        allowed = allowed_transitions(row.state) if row else frozenset()
        for state, button in self.action_buttons.items():
            button.setEnabled(state in allowed)
        self.letter_button.setEnabled(row is not None)
        self.list_pdf_button.setEnabled(row is not None)
        self.list_csv_button.setEnabled(row is not None)

    def transition_selected(self, to_state: ReferralState, reason: str | None = None) -> None:
        """Move the selected referral; asks for a reason where one is required."""
        row = self.selected_row()
        if row is None:
            return
        if reason is None and needs_reason(to_state):
            text, ok = QInputDialog.getText(self, _("Grund"), _("Grund für „{state}“:").format(
                state=referral_state_label(to_state)))  # fmt: skip
            if not ok:
                return
            reason = text
        today = self.today
        actor = self.ctx.actor

        def work(session: DbSession) -> None:
            transition_referral(
                session, row.id, to_state, actor=actor, reason=reason or "", today=today,
                expected_version=row.version,
            )  # fmt: skip

        def done(_result: None) -> None:
            self.message_label.setText(
                _("{person}: {state}").format(person=row.person_name, state=referral_state_label(to_state))
            )
            self.ctx.events.data_changed.emit(DataKind.REFERRALS)

        run_operation(
            self.ctx,
            work,
            done,
            parent=self,
            errors=self._show_error,
            on_failure=lambda _exc: self.reload(),  # somebody else may have moved it: show the current state
        )

    def show_letter(self) -> QWidget | None:
        """Open the letter preview of the selected referral."""
        row = self.selected_row()
        if row is None:
            return None
        from kim_desktop.ui.dialogs.letter_preview_dialog import LetterPreviewDialog

        dialog = LetterPreviewDialog(self.ctx, row.id, self, today=self.today)
        dialog.show()
        return dialog

    def save_registration_list(self, path: Path, csv: bool) -> None:
        """Write the course's registration list in the background, then tell the advisor who is not on it."""
        from kim_desktop.services.registration_list import (  # loaded when first used, not on the page switch
            build_registration_list,
            registration_list_csv_text,
            registration_list_pdf,
        )

        row = self.selected_row()
        if row is None:
            return
        ctx, course_id, today = self.ctx, row.course_id, self.today

        def work(session: DbSession) -> tuple[LeftOut, ...]:
            data = build_registration_list(session, course_id, ctx.settings.office.name, actor=ctx.actor, today=today)
            if csv:
                write_whole_text(path, registration_list_csv_text(data))
            else:
                write_whole(path, registration_list_pdf(data))
            return data.left_out_people

        run_operation(
            ctx,
            work,
            lambda left_out: self._tell_left_out(path, left_out),
            parent=self,
            errors=self._show_error,
            expected=(OSError,),
        )

    def _tell_left_out(self, path: Path, left_out: tuple[LeftOut, ...]) -> None:
        """Say the list is saved and name who is not on it and why: the provider's copy only counts them."""
        self.message_label.setText(_("Anmeldeliste gespeichert: {path}").format(path=path))
        if not left_out:
            return
        head = ngettext(
            "{n} Person steht nicht auf der Anmeldeliste:",
            "{n} Personen stehen nicht auf der Anmeldeliste:",
            len(left_out),
        ).format(n=len(left_out))
        tail = _(
            "Die Liste für den Kursträger enthält ihre Daten nicht, sie zählt sie nur. Auf die Liste kommt nur, "
            "wer für die Anmeldung bei diesem Träger eingewilligt hat, mit allen Daten der Liste."
        )
        people = "\n".join(f"• {p.name}: {translate_text(p.reason)}" for p in left_out)  # the reasons translated
        QMessageBox.information(self, _("Anmeldeliste"), f"{head}\n\n{people}\n\n{tail}")

    def _ask_list(self, csv: bool) -> None:
        row = self.selected_row()
        if row is None:
            return
        suffix, pattern = ("csv", _("CSV-Dateien (*.csv)")) if csv else ("pdf", _("PDF-Dateien (*.pdf)"))
        name, _f = QFileDialog.getSaveFileName(
            self,
            _("Anmeldeliste speichern"),
            _("Anmeldeliste-{id}.{suffix}").format(id=row.course_id, suffix=suffix),
            pattern,
        )
        if name:
            self._guarded(lambda: self.save_registration_list(Path(name), csv))

    def print_letters_of_today(self, printer: QPrinter) -> int:
        """Issue all letters of today on the worker, then print them as one job; the number of letters printed.

        The number is known when the job went out before this returns (always with the synchronous task runner);
        otherwise 0, and the message line says when the job was sent.
        """
        from kim_desktop.services.letters import issue_letters_batch, letters_of_day
        from kim_desktop.ui.printing import confirmation, print_document

        today, office, actor = self.today, self.ctx.settings.office, self.ctx.actor
        if not printer.docName():
            printer.setDocName(f"KIM Vermittlungsschreiben {today:%d.%m.%Y}")
        printed: list[int] = []

        def work(session: DbSession) -> tuple[int, bytes]:
            ids = letters_of_day(session, today)
            if not ids:
                raise KimError(_("Heute wurde noch kein Platz reserviert und kein Schreiben gedruckt."))
            return len(ids), issue_letters_batch(session, ids, office, actor=actor, today=today)

        def issued(result: tuple[int, bytes]) -> None:
            count, pdf = result

            def send() -> None:
                self.message_label.setText(confirmation(print_document(pdf, printer)))
                printed.append(count)

            self._guarded(send)

        run_operation(self.ctx, work, issued, parent=self, changed=DataKind.REFERRALS, errors=self._show_error)
        return printed[0] if printed else 0

    def _ask_batch(self) -> None:
        from kim_desktop.ui.printing import ask_printer

        printer = ask_printer(self, self.ctx, job_name=f"KIM Vermittlungsschreiben {self.today:%d.%m.%Y}")
        if printer is not None:
            self._guarded(lambda: self.print_letters_of_today(printer))

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (KimError, OSError) as exc:
            show_expected_error(exc, errors=self._show_error, expected=(OSError,))

    def _show_error(self, message: str) -> None:
        self.message_label.setText(message)
