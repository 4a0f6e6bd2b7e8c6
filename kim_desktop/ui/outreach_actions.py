"""The window's outreach pieces: the menu entries, the status line „Außentermin – offline seit …“ and the expiry."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox

from kim_desktop.domain.access import Action
from kim_desktop.i18n import _
from kim_desktop.services import outreach_journal
from kim_desktop.services.database_urls import sqlite_path
from kim_desktop.services.outreach_copy import copy_info
from kim_desktop.services.outreach_dto import CopyInfo
from kim_desktop.services.outreach_lifecycle import delete_copy, refresh_copy
from kim_desktop.services.outreach_sync import Outgoing, outgoing
from kim_desktop.settings import save_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.outreach_sync_dialog import OutreachSyncDialog
from kim_desktop.ui.dialogs.outreach_take_dialog import OutreachTakeDialog
from kim_desktop.ui.locale_format import format_date, format_datetime
from kim_desktop.ui.operations import run_operation, run_task
from kim_desktop.ui.pages.settings_common import require_restart
from kim_desktop.ui.style import status_colours, text_style


def outreach_status_text(copy: CopyInfo, now: datetime) -> str:
    """„Außentermin – offline seit 02.03.2026 08:00“, with the expiry once it has passed."""
    text = _("Außentermin – offline seit {since}").format(since=format_datetime(copy.taken_at))
    if now >= copy.expires_at:
        text += " · " + _("Kopie abgelaufen am {day}: bitte abgleichen").format(day=format_date(copy.expires_at.date()))
    return text


class OutreachMenu:
    """The outreach entries of the file menu; on a copy also refresh and delete the copy the window runs on."""

    def __init__(self, window: QMainWindow, ctx: UiContext, menu: QMenu) -> None:
        self.window, self.ctx = window, ctx
        self.office_url = ""  # the server of the last sync in this window (refresh takes the copy from there)
        self.take = self._action(_("Für &Außentermin mitnehmen …"), "outreachTake", self.open_take)
        self.sync = self._action(_("Abgleic&hen (Außentermin) …"), "outreachSync", self.open_sync)
        self.refresh = self._action(_("Kopie au&ffrischen …"), "outreachRefresh", self.ask_refresh)
        self.delete = self._action(_("Kopie &löschen …"), "outreachDelete", self.ask_delete)
        for action in (self.take, self.sync, self.refresh, self.delete):
            action.setVisible(ctx.shows(Action.EDIT_CASES))
            menu.addAction(action)
        menu.addSeparator()
        self.label = QLabel()
        self.label.setObjectName("outreachLabel")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.copy: CopyInfo | None = None
        self.show_copy(None)
        run_operation(ctx, copy_info, self.show_copy)

    def _action(self, text: str, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def show_copy(self, copy: CopyInfo | None, now: datetime | None = None) -> None:
        """The menu and status line for the office (no copy), a copy in use, or a copy past its expiry."""
        self.copy = copy
        self.take.setEnabled(copy is None)  # a copy is not copied again
        for action in (self.refresh, self.delete):
            action.setVisible(copy is not None and self.ctx.shows(Action.EDIT_CASES))
        if copy is None:
            return
        now = now or outreach_journal.wall_clock()  # the clock the service layer refuses an expired copy's new work by
        self.label.setText(outreach_status_text(copy, now))
        self.label.setStyleSheet(text_style(status_colours().warning, bold=True))
        self.label.show()
        if now >= copy.expires_at:  # only bringing the work home and deleting remain
            self.refresh.setEnabled(False)
            central = self.window.centralWidget()
            if central is not None:
                central.setEnabled(False)
            QMessageBox.warning(self.window, _("Kopie abgelaufen"), expired_text(copy))

    def open_take(self) -> None:
        """„Für Außentermin mitnehmen …“."""
        OutreachTakeDialog(self.ctx, self.window).open()

    def open_sync(self) -> OutreachSyncDialog:
        """„Abgleichen …“; a sync with the server is remembered for refreshing the copy."""
        dialog = OutreachSyncDialog(self.ctx, self.window)
        dialog.synced.connect(self._remember)
        dialog.open()
        return dialog

    def _remember(self, office_url: str) -> None:
        self.office_url = office_url

    def _when_settled(self, then: Callable[[], None]) -> None:
        """Go on only when nothing of the copy waits for the office; else say so."""

        def check(going: Outgoing) -> None:
            if going.operations:
                QMessageBox.warning(self.window, _("Erst abgleichen"), pending_text(len(going.operations)))
                return
            then()

        run_operation(self.ctx, outgoing, check, parent=self.window)

    def ask_refresh(self) -> None:
        """Take the same municipalities again from the office (after a sync with nothing left open)."""
        self._when_settled(self._refresh)

    def _refresh(self) -> None:
        url, ok = QInputDialog.getText(self.window, _("Kopie auffrischen"), _("Server des Büros"), text=self.office_url)
        if not ok or not url.strip():
            return
        path, ctx, actor = self._path(), self.ctx, self.ctx.actor

        def work() -> datetime:
            ctx.db.close()  # on the database thread: after all queued work, before the file is replaced
            return refresh_copy(path, url.strip(), actor=actor).copy.expires_at

        def done(until: datetime) -> None:
            require_restart(
                self.window, _("Kopie aufgefrischt, gültig bis {day}.").format(day=format_date(until.date()))
            )

        run_task(ctx, work, done, parent=self.window, label=_("Kopie wird aufgefrischt …"))

    def ask_delete(self) -> None:
        """Delete the copy and its key (after a sync with nothing left open); the desk then returns to the office."""
        self._when_settled(self._delete)

    def _delete(self) -> None:
        question = _(
            "Die Kopie {file} mit allen Personen darin von diesem Laptop löschen? Sie wird überschrieben und kann "
            "nicht wiederhergestellt werden."
        ).format(file=self._path().name)
        if QMessageBox.question(self.window, _("Kopie löschen"), question) != QMessageBox.StandardButton.Yes:
            return
        path, ctx, actor, office_url = self._path(), self.ctx, self.ctx.actor, self.office_url

        def work() -> None:
            ctx.db.close()
            delete_copy(path, actor=actor)

        def done(_nothing: None) -> None:
            if sqlite_path(ctx.settings.effective_database_url(ctx.paths)) == path:  # the desk opened the copy
                save_settings(ctx.paths.settings_file, replace(ctx.settings, database_url=office_url))
            require_restart(self.window, deleted_text(office_url))

        run_task(ctx, work, done, parent=self.window, label=_("Kopie wird gelöscht …"))

    def _path(self) -> Path:
        path = sqlite_path(self.ctx.db.url)
        assert path is not None  # a copy is always a file
        return path


def expired_text(copy: CopyInfo) -> str:
    """What an expired copy still allows."""
    return _(
        "Diese Außentermin-Kopie ist am {day} abgelaufen. Neue Arbeit nimmt sie nicht mehr an: bitte „Abgleichen“, "
        "um die offenen Vorgänge ins Büro zu bringen, und danach „Kopie löschen“."
    ).format(day=format_date(copy.expires_at.date()))


def pending_text(n: int) -> str:
    """Why the copy cannot go yet."""
    return _("{n} Vorgänge sind noch nicht im Büro angekommen: bitte zuerst abgleichen.").format(n=n)


def deleted_text(office_url: str) -> str:
    """Where the desk goes after the copy is gone."""
    if office_url:
        return _("Die Kopie ist gelöscht. Beim nächsten Start verbindet sich KIM Desktop wieder mit dem Büro.")
    return _("Die Kopie ist gelöscht. Beim nächsten Start öffnet KIM Desktop die Datenbank dieses Platzes.")


def add_outreach_actions(window: QMainWindow, ctx: UiContext, menu: QMenu) -> OutreachMenu:
    """Add the outreach entries to the menu and the status line's label; returns the menu's handler."""
    return OutreachMenu(window, ctx, menu)
