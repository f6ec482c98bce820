"""expunge: juvenile record sealing and expungement eligibility, offline."""

__version__ = "0.1.0"
