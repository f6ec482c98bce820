"""Batch screening: many people's cases from one CSV/JSONL file, and de-identified summaries.

``columns`` says what a row holds and checks it; ``reader``/``writer`` stream the files;
``run`` screens the rows in worker processes; ``summary`` and ``suppress`` build the
aggregate report; ``demo`` makes synthetic files; ``cli`` adds the ``batch`` and
``demo-data`` commands.
"""
