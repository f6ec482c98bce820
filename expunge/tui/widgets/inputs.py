"""Text inputs used across the forms: compact, and with the cursor blink the app asks for
(snapshot tests turn blinking off so screenshots do not depend on timing)."""

from __future__ import annotations

from textual.widgets import Input


class TextInput(Input):
    def __init__(self, value: str | None = None, **kwargs: object) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(value or "", **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            self.cursor_blink = False
