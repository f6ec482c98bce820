"""The intake app. ``run()`` is what ``expunge`` (no arguments) calls.

Start-up stays light: the first screen needs only Textual and the store; the engine and
the statute files load when an intake is opened.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from expunge.tui.screens.start import StartScreen

if TYPE_CHECKING:
    from expunge.record import Record
    from expunge.store import Store
    from expunge.tui.session import Session


class ExpungeApp(App[None]):
    """The intake app. An unexpected error never prints the record (see _fatal_error)."""

    CSS_PATH = "app.tcss"
    TITLE = "expunge"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        *,
        store: Store | None = None,
        as_of: date | None = None,
        today: date | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.today = today or date.today()
        self.as_of = as_of or self.today
        self.cursor_blink = cursor_blink
        self.store: Store | None = store
        self.store_error: str | None = None
        self.session: Session | None = None
        self.needs_first_run = False  # after a purge: ask about a passphrase again

    # --- start-up ----------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.store is not None:
            self._start()
            return
        from expunge.store import Store, StoreError

        try:
            kind = Store.probe()  # reads only: a damaged or newer file is never touched
        except (StoreError, OSError) as exc:
            self.store_error = str(exc)
            self.push_screen(StartScreen())
            return
        if kind == "absent":
            self._first_run(self._start)
        elif kind == "encrypted":
            from expunge.tui.screens.protect import UnlockScreen

            self.push_screen(UnlockScreen(), self._unlocked)
        else:
            self._open_store(None)
            self._start()

    def _open_store(self, passphrase: str | None) -> None:
        from expunge.store import Store, StoreError

        try:
            self.store = Store(passphrase=passphrase or None)
            self.store_error = None
        except (StoreError, OSError) as exc:
            self.store_error = str(exc)

    def _first_run(self, then: Callable[[], None]) -> None:
        """Ask whether to protect saved intakes, create the store, then go on."""
        from expunge.tui.screens.protect import FirstRunScreen

        def chosen(passphrase: str | None) -> None:
            if passphrase is None:
                self.exit()
                return
            self._open_store(passphrase)
            self.needs_first_run = False
            then()

        self.push_screen(FirstRunScreen(), chosen)

    def _unlocked(self, store: Store | None) -> None:
        if store is None:
            self.exit()  # Escape: nothing was read or changed
            return
        self.store = store
        self._start()

    def _start(self) -> None:
        """The list of intakes, after deleting those past the retention period."""
        deleted = 0
        if self.store is not None:
            from expunge.store import StoreError

            try:
                deleted = self.store.apply_retention()
            except (StoreError, OSError) as exc:
                self.notify(f"Old intakes could not be deleted: {exc}", severity="error")
        if not isinstance(self.screen, StartScreen):
            self.push_screen(StartScreen())
        if deleted:
            days = self.store.retention_days if self.store else None
            self.notify(
                f"{deleted} intake(s) not opened for {days} days were deleted"
                " (your retention setting).",
                timeout=8,
            )

    def warm_up(self) -> None:
        """Load the engine and statute files in the background once the first screen is
        drawn, so that opening an intake does not wait for them."""
        self.run_worker(_warm_up, thread=True, group="warm-up", exit_on_error=False)

    def export_dir(self) -> Path:
        """The default folder for written files (created, owner-only, when first used)."""
        from expunge.store import data_dir_path

        if self.store is not None:
            return self.store.path.parent / "exports"
        return data_dir_path() / "exports"

    # --- intakes -------------------------------------------------------------------------
    def _open(self, session: Session) -> None:
        from expunge.tui.screens.intake import IntakeScreen

        self.session = session
        self.push_screen(IntakeScreen(session))

    def new_intake(self, record: Record | None = None) -> None:
        from expunge.store import Store

        if self.needs_first_run:
            self._first_run(lambda: self.new_intake(record))
            return
        from expunge.tui.session import Session

        session = Session(self.store, Store.new_id(), record)
        if record is not None:
            session.meta["states"] = sorted({c.state for c in record.cases})
            session.save()
        self._open(session)

    def open_intake(self, intake_id: str) -> None:
        from expunge.store import StoreError
        from expunge.tui.session import Session

        if self.store is None:
            return
        try:
            stored = self.store.load(intake_id)
        except (KeyError, StoreError) as exc:
            self.notify(f"Cannot open that intake: {exc}", severity="error")
            return
        self.store.mark_opened(intake_id)
        self._open(Session(self.store, intake_id, stored.record, stored.meta, saved=True))

    def import_intake(self) -> None:
        from expunge.tui.modals.import_file import ImportDialog

        if self.needs_first_run:
            self._first_run(self.import_intake)
            return

        def done(record: Record | None) -> None:
            if record is not None:
                self.new_intake(record)
                self.notify("Imported as a new intake.")

        self.push_screen(ImportDialog(), done)

    def set_as_of(self, when: date) -> None:
        from expunge.tui.screens.intake import IntakeScreen

        self.as_of = when
        for screen in self.screen_stack:
            if isinstance(screen, IntakeScreen):
                screen.refresh_results()
        self.notify(f"Results are now as of {when}.", timeout=3)

    # --- settings and purge ------------------------------------------------------------
    def action_settings(self) -> None:
        from expunge.tui.modals.settings import SettingsDialog

        if self.store is None:
            self.notify("No intake database is open: nothing to set.", severity="warning")
            return
        if isinstance(self.screen, StartScreen):
            self.push_screen(
                SettingsDialog(self.store),
                lambda choice: self.call_later(self.action_purge) if choice == "purge" else None,
            )

    def action_purge(self) -> None:
        """Remove everything expunge keeps (asks first), then show an empty list."""
        from expunge.tui.modals.confirm import Confirm

        if not isinstance(self.screen, StartScreen):
            return
        self.push_screen(
            Confirm(
                "Remove everything expunge keeps?",
                "Every saved intake, the settings and passphrase, the exports folder, crash"
                " reports and files expunge wrote to folders you chose. This cannot be"
                " undone.",
                yes="Remove everything",
            ),
            lambda yes: self.purge_all() if yes else None,
        )

    def purge_all(self) -> list[Path]:
        from expunge.store import data_dir_path
        from expunge.store.purge import plan_purge, purge

        chosen: list[Path] = []
        folder = data_dir_path()
        if self.store is not None:
            folder = self.store.path.parent
            with contextlib.suppress(Exception):  # a damaged row must not stop the purge
                chosen = self.store.folders_written()
            self.store.close()
            self.store = None
        removed = purge(plan_purge(folder, chosen))
        self.store_error = None
        self.needs_first_run = True
        if isinstance(self.screen, StartScreen):
            self.screen.refresh_list()
        self.notify(f"Removed {len(removed)} item(s): nothing of the intakes is left.", timeout=8)
        return removed

    # --- help, palette, quit -------------------------------------------------------------
    def action_help(self) -> None:
        from expunge.tui.modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        from expunge.tui.screens.intake import IntakeScreen

        yield SystemCommand("Help", "The words and the keys (F1)", self.action_help)
        if isinstance(screen, IntakeScreen):
            steps = [
                ("person", "Person", "name, date of birth, states (F2)"),
                ("cases", "Cases", "the cases and later events (F3)"),
                ("results", "Results", "status and dates per case (F4)"),
                ("plan", "Plan", "plain-language plan, PDF, calendar (F5)"),
                ("petition", "Petition", "petition hand-off (F6)"),
            ]
            for step, title, text in steps:
                yield SystemCommand(f"Go to {title}", text, lambda s=step: screen.action_step(s))
            yield SystemCommand(
                "Add a case", "open the case dialog", lambda: screen.edit_case(None)
            )
            yield SystemCommand(
                "Add a later event or pending matter", "", lambda: screen.edit_event(None)
            )
            yield SystemCommand("Change the as-of date", "what-if (F7)", screen.action_as_of)
            plan = screen.query_one("#plan-step")
            for title, action in (
                ("Write the plan PDF", "write_pdf"),
                ("Write the calendar (.ics)", "write_ics"),
                ("Export the record JSON", "export_json"),
            ):
                yield SystemCommand(
                    title,
                    "into the folder on the Plan step",
                    lambda a=action: self._plan_action(screen, plan, a),
                )
            yield SystemCommand("Back to the list of intakes", "(Esc)", screen.action_back)
        if isinstance(screen, StartScreen):
            yield SystemCommand("New intake", "(n)", self.new_intake)
            yield SystemCommand("Import a record JSON file", "(i)", self.import_intake)
            yield SystemCommand(
                "Settings",
                "passphrase, delete unopened intakes after N days (s)",
                self.action_settings,
            )
            yield SystemCommand(
                "Remove everything expunge keeps",
                "all intakes, exports, crash reports, settings (asks first)",
                self.action_purge,
            )
        yield SystemCommand("Quit", "saves first (Ctrl+Q)", self.action_quit)

    def _plan_action(self, screen: Screen, plan: object, action: str) -> None:  # type: ignore[type-arg]
        screen.action_step("plan")  # type: ignore[attr-defined]
        screen.refresh_results()  # type: ignore[attr-defined]
        if screen.assessment is None:  # type: ignore[attr-defined]
            return
        plan.show(screen.assessment)  # type: ignore[attr-defined]  (now, not after layout)
        getattr(plan, f"action_{action}")()

    async def action_quit(self) -> None:
        from expunge.tui.modals.edit import EditDialog
        from expunge.tui.screens.intake import IntakeScreen

        top = self.screen
        if isinstance(top, EditDialog) and top.has_changes():
            # a dialog with unsaved work: ask, then come back here
            def discard() -> None:
                top.dismiss(None)
                self.call_later(self.action_quit)

            top.close_then(after_save=self.action_quit, discard_to=discard)
            return
        for screen in self.screen_stack:
            if isinstance(screen, IntakeScreen):
                screen.leave()
        self.exit()

    def _fatal_error(self) -> None:
        """Textual's own crash screen prints local variables, which hold the record: print
        only the error type, and save a report without personal data (expunge.crash)."""
        from rich.text import Text

        from expunge.crash import crash_dir, write_report

        error = self._exception
        where = write_report(error, crash_dir()) if error is not None else None
        kind = type(error).__name__ if error is not None else "unknown"
        lines = [
            f"expunge: internal error ({kind}). Nothing you entered is shown here.",
            "Your intake was saved up to the last change autosave saw.",
        ]
        if where:
            lines.append(f"A report without personal data was saved to {where}")
        self.bell()
        self._exit_renderables.append(Text("\n".join(lines)))
        self._close_messages_no_wait()


def _warm_up() -> None:
    import expunge.law.engine
    import expunge.tui.screens.intake  # noqa: F401
    from expunge.law.library import StatuteFileError, load_state
    from expunge.tui.states import modeled_states

    for state in modeled_states():
        with contextlib.suppress(KeyError, StatuteFileError):  # the results will say so
            load_state(state)


def run() -> int:
    """Open the intake app; the exit code for the shell."""
    app = ExpungeApp()
    app.run()
    return app.return_code or 0
