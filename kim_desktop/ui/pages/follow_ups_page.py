"""The "Beratung & Wiedervorlagen" page: due and overdue follow-ups, one step into the case, done with an outcome."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.access import Action
from kim_desktop.i18n import _, ngettext
from kim_desktop.services.counselling import complete_follow_up, list_advisors, list_due_follow_ups
from kim_desktop.services.database import DbSession
from kim_desktop.services.people_dto import Choice, FollowUpRow
from kim_desktop.services.privacy import count_consents_to_review
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.pages.case_view import CaseView
from kim_desktop.ui.style import status_colours, text_style

OpenCase = Callable[[int], object]


class FollowUpsPage(QWidget):
    """Meine Wiedervorlagen: due today and overdue, for the whole office or one advisor."""

    def __init__(self, ctx: UiContext, open_case: OpenCase, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self._open_case = open_case
        self._today = today
        self.rows: list[FollowUpRow] = []
        heading = QLabel(_("Meine Wiedervorlagen"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.advisor_filter = QComboBox()
        self.advisor_filter.setObjectName("advisorFilter")
        self.advisor_filter.addItem(_("ganze Dienststelle"), None)
        self.advisor_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status_label = QLabel()
        self.status_label.setObjectName("overviewLine")
        self.tree = QTreeWidget()
        self.tree.setObjectName("followUps")
        self.tree.setAccessibleName(_("Fällige Wiedervorlagen"))
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("Fällig"), _("Person"), _("Geburtsdatum"), _("Wer"), _("Worum es geht")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((205, 240, 100, 150)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemActivated.connect(lambda item, _col: self._open(item))
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        self.open_button = QPushButton(_("Fall öffnen"))
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentItem()))
        self.done_button = QPushButton(_("Erledigt …"))
        self.done_button.setObjectName("doneButton")
        self.done_button.clicked.connect(self.ask_outcome)
        # Consents recorded as free text cover nothing until an advisor assigns a purpose: say how many wait.
        self.review_label = QLabel()
        self.review_label.setObjectName("consentReviewCount")
        self.review_label.setStyleSheet(text_style(status_colours().error))
        self.review_button = QPushButton(_("Prüfliste öffnen …"))
        self.review_button.setObjectName("openConsentReview")
        self.review_button.clicked.connect(self.open_review)
        self.review_dialog: QWidget | None = None

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Wiedervorlagen von:")))
        top.addWidget(self.advisor_filter)
        top.addStretch(1)
        top.addWidget(self.status_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        buttons.addWidget(self.review_label)
        buttons.addWidget(self.review_button)
        self.review_label.hide()
        self.review_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        hint = QLabel(_("Heute fällige und überfällige Wiedervorlagen. Doppelklick oder Eingabetaste öffnet den Fall."))
        hint.setStyleSheet(text_style(status_colours().muted))
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._advisors_loaded = False
        ctx.events.data_changed.connect(self._on_data_changed)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Reload whenever the page is shown."""
        if not self._advisors_loaded:
            self._advisors_loaded = True
            self._load_advisors()
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.SESSIONS, DataKind.PEOPLE, DataKind.ALL) and self.isVisible():
            self.refresh()

    def _load_advisors(self) -> None:
        def work(session: DbSession) -> list[Choice]:
            return list_advisors(session)

        def done(advisors: list[Choice]) -> None:
            self.advisor_filter.blockSignals(True)
            for advisor in advisors:
                self.advisor_filter.addItem(advisor.label, advisor.id)
            self.advisor_filter.blockSignals(False)

        run_operation(self.ctx, work, done)

    def refresh(self) -> None:
        """Load the due follow-ups for the chosen advisor (or the office)."""
        advisor_id = self.advisor_filter.currentData()
        today = self._today()

        def work(session: DbSession) -> list[FollowUpRow]:
            return list_due_follow_ups(session, today, advisor_id, actor=self.ctx.actor)

        run_operation(self.ctx, work, self._show)
        self._count_reviews()

    def _count_reviews(self) -> None:
        ctx = self.ctx
        if not ctx.shows(Action.READ_CASES):
            return

        def work(session: DbSession) -> int:
            return count_consents_to_review(session, ctx.actor)

        run_operation(ctx, work, self._show_review_count)

    def _show_review_count(self, count: int) -> None:
        self.review_label.setText(
            ngettext(
                "{n} Einwilligung ohne Zweck gilt für nichts.",
                "{n} Einwilligungen ohne Zweck gelten für nichts.",
                count,
            ).format(n=count)
        )
        self.review_label.setVisible(count > 0)
        self.review_button.setVisible(count > 0)

    def open_review(self) -> QWidget:
        """Open the review list of consents without purpose (non-blocking)."""
        from kim_desktop.ui.dialogs.consent_review_dialog import ConsentReviewDialog

        dialog = ConsentReviewDialog(self.ctx, self)
        dialog.finished.connect(lambda _result: self._count_reviews())
        dialog.open()
        self.review_dialog = dialog
        return dialog

    def _show(self, rows: list[FollowUpRow]) -> None:
        self.rows = rows
        self.tree.clear()
        for row in rows:
            due = format_date(row.due_on)
            due += _(" (heute)") if row.days_overdue == 0 else _(" ({n} T. überfällig)").format(n=row.days_overdue)
            born = format_date(row.birth_date)
            item = QTreeWidgetItem([due, row.person_name, born, row.assigned_to_name or _("offen"), row.note])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setData(1, Qt.ItemDataRole.UserRole, row.person_id)
            item.setToolTip(4, row.note)
            if row.days_overdue > 0:
                item.setForeground(0, QColor(status_colours().error))
            self.tree.addTopLevelItem(item)
        overdue = sum(1 for r in rows if r.days_overdue > 0)
        self.status_label.setText(
            _("{n} fällig, davon {o} überfällig").format(n=len(rows), o=overdue) if rows else _("Nichts fällig.")
        )
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self._open_case(int(item.data(1, Qt.ItemDataRole.UserRole)))

    def ask_outcome(self) -> QInputDialog | None:
        """Ask for a short outcome of the selected follow-up (non-blocking), then mark it done."""
        item = self.tree.currentItem()
        if item is None:
            return None
        follow_up_id = int(item.data(0, Qt.ItemDataRole.UserRole))
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Wiedervorlage erledigt"))
        dialog.setLabelText(_("Ergebnis für {name} (kurz):").format(name=item.text(1)))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.textValueSelected.connect(lambda text: self.complete(follow_up_id, text))
        dialog.open()
        return dialog

    def complete(self, follow_up_id: int, outcome: str) -> None:
        """Mark a follow-up done with its outcome."""
        actor = self.ctx.actor

        def work(session: DbSession) -> None:
            complete_follow_up(session, follow_up_id, outcome, actor=actor)

        run_operation(self.ctx, work, lambda _r: None, changed=DataKind.SESSIONS, errors=self.status_label)


class CounsellingPage(QWidget):
    """The follow-ups list and, one click away, the case view of a person (Zurück returns to the list)."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.follow_ups = FollowUpsPage(ctx, self.open_case)
        self.case_view = CaseView(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.follow_ups)
        self.stack.addWidget(self.case_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.case_view.back_button.setText(_("← Zurück zu den Wiedervorlagen"))
        self.case_view.back_requested.connect(self.show_list)

    def open_case(self, person_id: int) -> CaseView:
        """Show a person's case file."""
        self.case_view.show_person(person_id)
        self.stack.setCurrentWidget(self.case_view)
        return self.case_view

    def show_list(self) -> None:
        """Back to the follow-ups, refreshed."""
        self.stack.setCurrentWidget(self.follow_ups)
        self.follow_ups.refresh()
