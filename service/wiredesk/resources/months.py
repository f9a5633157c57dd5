"""Month names from CLDR (babel): the source of ``wiredesk.normalize.tables.months``.

The dateline parser is pure and must not load locale data per story, so the table it reads
is generated from CLDR once (``python -m wiredesk.resources.months > .../tables/months.py``)
and a unit test checks that the generated module still equals what CLDR gives.

Every month is read in its wide and abbreviated forms, in the format and stand-alone
contexts, for each locale of :data:`LOCALES`, folded (case and accents, see
``normalize.fold``) and without a trailing dot: ``janv.``, ``Jänner``, ``MÄRZ`` and
``sept`` all meet. :data:`SUPPLEMENT` holds the few forms agencies write that CLDR lacks.
"""

from __future__ import annotations

from babel.dates import get_month_names

from wiredesk.normalize.fold import fold

# The languages wiredesk reads datelines in; en_GB adds "Sept", de_AT "Jänner",
# pt_PT the Portuguese forms, nl Belga's Dutch service.
LOCALES = ("en", "en_GB", "es", "pt", "pt_PT", "fr", "de", "de_AT", "it", "nb", "nl")
# Forms agencies write that CLDR does not list: German "Febr."/"Mrz.", Latin American
# Spanish "setiembre".
SUPPLEMENT = {"febr": 2, "mrz": 3, "setiembre": 9}


def _folded(name: str) -> str:
    return fold(name.strip().rstrip("."))


def cldr_months() -> dict[str, int]:
    """Every folded month name of :data:`LOCALES` -> month number, then the supplement."""
    months: dict[str, int] = {}
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    key = _folded(name)
                    if months.setdefault(key, number) != number:
                        raise ValueError(f"month name {key!r} names two months")
    for key, number in SUPPLEMENT.items():
        months.setdefault(key, number)
    return dict(sorted(months.items(), key=lambda item: (item[1], item[0])))


def english_months() -> dict[str, int]:
    """English month names spelled out: what a mistyped or clipped month is compared to."""
    return {_folded(name): number for number, name in get_month_names("wide", locale="en").items()}


def render() -> str:
    """The source of ``wiredesk/normalize/tables/months.py``."""
    lines = [
        '"""Month names -> month numbers, generated from CLDR by ``wiredesk.resources.months``.',
        "",
        "Do not edit: regenerate with ``python -m wiredesk.resources.months``; a unit test checks",
        'that this table equals what CLDR gives. Keys are folded (``normalize.fold``), no dot."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "MONTHS: Final[dict[str, int]] = {",
        *(f'    "{key}": {number},' for key, number in cldr_months().items()),
        "}",
        "ENGLISH_MONTHS: Final[dict[str, int]] = {",
        *(f'    "{key}": {number},' for key, number in english_months().items()),
        "}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - the generator's command line
    print(render(), end="")
