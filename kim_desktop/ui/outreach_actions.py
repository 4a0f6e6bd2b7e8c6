"""The window's outreach pieces: the two menu entries and the status line „Außentermin – offline seit …“."""

from datetime import datetime

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from kim_desktop.domain.access import Action
from kim_desktop.i18n import _
from kim_desktop.services.outreach_copy import copy_info
from kim_desktop.services.outreach_dto import CopyInfo
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.outreach_sync_dialog import OutreachSyncDialog
from kim_desktop.ui.dialogs.outreach_take_dialog import OutreachTakeDialog
from kim_desktop.ui.locale_format import format_date, format_datetime
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours, text_style


def outreach_status_text(copy: CopyInfo, now: datetime) -> str:
    """„Außentermin – offline seit 02.03.2026 08:00“, with the expiry once it has passed."""
    text = _("Außentermin – offline seit {since}").format(since=format_datetime(copy.taken_at))
    if now > copy.expires_at:
        text += " · " + _("Kopie abgelaufen am {day}: bitte abgleichen").format(day=format_date(copy.expires_at.date()))
    return text


def add_outreach_actions(window: QMainWindow, ctx: UiContext, menu: QMenu) -> QLabel:
    """Add „Für Außentermin mitnehmen …“ and „Abgleichen …“ to the menu; returns the status line's label."""
    take = QAction(_("Für &Außentermin mitnehmen …"), window)
    take.setObjectName("outreachTake")
    take.triggered.connect(lambda: _open(OutreachTakeDialog(ctx, window)))
    sync = QAction(_("Abgleic&hen (Außentermin) …"), window)
    sync.setObjectName("outreachSync")
    sync.triggered.connect(lambda: _open(OutreachSyncDialog(ctx, window)))
    for action in (take, sync):
        action.setVisible(ctx.shows(Action.EDIT_CASES))
        menu.addAction(action)
    menu.addSeparator()
    label = QLabel()
    label.setObjectName("outreachLabel")
    label.hide()
    window.statusBar().addPermanentWidget(label)

    def show(copy: CopyInfo | None) -> None:
        take.setEnabled(copy is None)  # a copy is not copied again
        if copy is None:
            return
        label.setText(outreach_status_text(copy, datetime.now()))
        label.setStyleSheet(text_style(status_colours().warning, bold=True))
        label.show()

    run_operation(ctx, copy_info, show)
    return label


def _open(dialog: OutreachTakeDialog | OutreachSyncDialog) -> None:
    dialog.open()
