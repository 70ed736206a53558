"""Day and month names of the booking pages, from the CLDR data that Babel ships.

The pages' texts are in the gettext catalogues (app/translations)."""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names

from app.i18n import LANGUAGES

# Monday first, as date.weekday() counts.
DAY_NAMES = {
    lang: tuple(get_day_names("wide", locale=lang)[day] for day in range(7)) for lang in LANGUAGES
}
MONTH_NAMES = {
    lang: tuple(get_month_names("wide", locale=lang)[month] for month in range(1, 13))
    for lang in LANGUAGES
}
