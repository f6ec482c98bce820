"""Screens: the start list and the intake workspace (with its steps)."""
