"""Dialogs: case, offense and event editors, confirmations, help, as-of date, import."""
