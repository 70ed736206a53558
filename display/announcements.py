"""What a waiting-room display shows and says when a ticket is called.

Every call event carries the sentence in both languages (`id`, `en`) and, for speech, the same
sentences with the counter's numbers read in words (`speech`). The screens speak `speech.id`:
the spoken call is Indonesian whatever language a screen shows, so each text is looked up in an
explicit language, never the request's. The sentences are texts of display's catalogue; how the
numbers are read is scheduling.announcements'.
"""

from __future__ import annotations

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from scheduling.announcements import after_loket, digits_in_words, ticket_words


def announcement(number: str, counter: str) -> dict[str, object]:
    """The text shown (`id`, `en`) and the text spoken (`speech`) for a call."""
    counters = {lang: counter_name(counter, lang) for lang in LANGUAGES}
    return {
        **{lang: call_sentence(number, counters[lang], lang) for lang in LANGUAGES},
        "speech": {
            lang: call_sentence(number, digits_in_words(counters[lang], lang), lang)
            for lang in LANGUAGES
        },
    }


def call_sentence(number: str, counter: str, lang: str) -> str:
    words = ticket_words(number, lang)
    return translate("display_call_announcement", lang, number=words, counter=counter)


def counter_name(counter: str, lang: str) -> str:
    """A counter's name as written ("Loket 3") in Indonesian, the language it is named in;
    in another language a "Loket …" becomes that language's word ("counter 3")."""
    rest = after_loket(counter)
    if rest is None or lang == DEFAULT_LANGUAGE:
        return counter
    return translate("display_call_counter", lang, name=rest).strip()
