"""Dates as the letter writes them (English month names, whatever the locale)."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_month_year(when: date) -> str:
    """``7 February 2014``: the style of UN documents, used in the notes."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def month_day_year(when: date) -> str:
    """``August 11, 2023``: the style of the letter's own date line."""
    return f"{MONTHS[when.month - 1]} {when.day}, {when.year}"


# footnotes.yaml's `dates:`: how the notes write a source's date (the draft's style, kept by letter-site import).
NOTE_DATES = {"day month year": day_month_year, "month day, year": month_day_year}
DAY_MONTH_YEAR = "day month year"
