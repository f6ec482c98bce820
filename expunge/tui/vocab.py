"""Words and marks the screens share: outcome and level names, status labels.

Every status has a symbol and a word as well as a colour, so colour is never the only signal.
"""

from __future__ import annotations

from rich.text import Text

UNKNOWN = "?"  # the Select value meaning "don't know"

OUTCOMES: list[tuple[str, str]] = [
    ("Don't know", UNKNOWN),
    ("No petition filed / not substantiated", "not_filed"),
    ("Diversion", "diversion"),
    ("Informal adjustment", "informal_adjustment"),
    ("Consent decree", "consent_decree"),
    ("Nonjudicial adjustment", "nonjudicial_adjustment"),
    ("Dismissed", "dismissed"),
    ("Found not delinquent / acquitted", "not_delinquent"),
    ("Adjudicated delinquent", "adjudicated"),
    ("Convicted in adult court", "convicted"),
    ("Still pending", "pending"),
]
OUTCOME_WORDS = {v: k for k, v in OUTCOMES}
OUTCOME_SHORT = {
    "not_filed": "Not filed",
    "diversion": "Diversion",
    "informal_adjustment": "Informal adj.",
    "consent_decree": "Consent decree",
    "nonjudicial_adjustment": "Nonjudicial adj.",
    "dismissed": "Dismissed",
    "not_delinquent": "Not delinquent",
    "adjudicated": "Adjudicated",
    "convicted": "Convicted",
    "pending": "Pending",
}

LEVELS: list[tuple[str, str]] = [
    ("Don't know", UNKNOWN),
    ("Felony", "felony"),
    ("Misdemeanor", "misdemeanor"),
    ("Violation", "violation"),
    ("Infraction", "infraction"),
    ("Status offense", "status"),
]
LEVEL_WORDS = {v: k for k, v in LEVELS}

EVENT_KINDS: list[tuple[str, str]] = [
    ("Juvenile adjudication", "juvenile_adjudication"),
    ("Adult conviction", "adult_conviction"),
    ("Pending charge", "pending_charge"),
]
EVENT_WORDS = dict((v, k) for k, v in EVENT_KINDS)

COURT_TYPES: list[tuple[str, str]] = [("Juvenile court", "juvenile"), ("Adult court", "adult")]

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip

# symbol, word, style
STATUS: dict[str, tuple[str, str, str]] = {
    "eligible": ("✔", "ELIGIBLE NOW", "bold green"),
    "eligible_on": ("◷", "ELIGIBLE ON", "bold cyan"),
    "automatic": ("⟳", "AUTOMATIC", "bold blue"),
    "needs_facts": ("?", "NEEDS FACTS", "bold yellow"),
    "ineligible": ("✘", "NOT ELIGIBLE", "red"),
    "unmodeled": ("–", "NOT MODELED", "dim"),
}

STEP_MARK: dict[str, tuple[str, str]] = {
    "met": ("✔ met", "green"),
    "fails": ("✘ fails", "red"),
    "unknown": ("? unknown", "yellow"),
    "date": ("◷ date", "cyan"),
}

KIND_WORDS = {
    "sealing": "sealing",
    "expungement": "expungement",
    "destruction": "destruction",
    "set_aside": "set-aside",
}
MODE_WORDS = {
    "automatic": "automatic (no request)",
    "administrative": "request to an agency (no judge)",
    "petition": "petition to the court",
    "petition_prosecutor_consent": "petition with the prosecutor's consent",
    "court_discretion": "petition; the court decides",
}


def status_text(status: str, key_date: str | None = None) -> Text:
    """'✔ ELIGIBLE NOW', '◷ ELIGIBLE ON 2027-03-14', ... as styled text."""
    symbol, word, style = STATUS.get(status, ("•", status.upper(), ""))
    label = f"{symbol} {word}"
    if key_date and status in ("eligible_on", "automatic"):
        label += f" {key_date}"
    return Text(label, style=style)


def state_label(code: str, modeled: bool) -> str:
    name = US_STATES.get(code, code)
    return f"{code} {name}" + ("" if modeled else " (not modeled)")
