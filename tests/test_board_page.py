"""The public board's first view, rendered by the server (before the socket connects, or
without JavaScript): the call now, the waiting per service, the room, and a citizen's own
number sent with the form."""

from __future__ import annotations

import re
from datetime import datetime

from tests.test_kiosk_api import Kiosk

SLUG = "dukcapil-test"


def board(client, query: str = "") -> str:
    response = client.get(f"/board/{SLUG}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, element_id
    return match.group(1).strip()


def test_the_board_shows_the_queue_and_answers_a_number_without_javascript(api, client, clock):
    api.setup_office()
    clock.set(datetime.fromisoformat("2026-12-07T09:00:00+07:00"))
    kiosk = Kiosk(api)
    numbers = [kiosk.walk_in(companions=1).get_json()["ticket"]["number"] for _ in range(3)]
    first = board(client)
    assert text_of(first, "now-number") == "—" and text_of(first, "present") == "6"
    assert "<strong>3</strong>" in first  # three waiting for the one service
    called = api.call("POST", "/counters/1/call-next", role="officer", office=SLUG)
    assert called.status_code == 200, called.get_json()
    html = board(client, f"?number={numbers[2].lower().replace('-', ' ')}")  # "a 003"
    assert text_of(html, "now-number") == numbers[0]
    assert text_of(html, "now-counter") == "Loket 1"
    assert f"Nomor {numbers[2]}: posisi 2" in html  # one waiting ahead of it now
    assert f"Number {numbers[2]}: position 2" in html
    assert f'value="{numbers[2].lower().replace("-", " ")}"' in html  # what was typed, kept
    called_one = board(client, f"?number={numbers[0]}")
    assert f"Nomor {numbers[0]} sedang dipanggil: silakan menuju Loket 1." in called_one
    assert "Nomor ini tidak ada di antrean hari ini" in board(client, "?number=A-999")
    assert "Tulis nomor seperti A-012." in board(client, "?number=%3F%3F")  # "??"
    assert 'method="get"' in html  # the form works without the script
