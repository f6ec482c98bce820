"""The intake terminal UI (Textual). ``expunge`` with no arguments runs ``app.run()``."""
