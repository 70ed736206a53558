"""Texts of the counters and the queue, in Bahasa Indonesia and English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "queue_empty": {
        "id": "Tidak ada nomor antrean yang menunggu untuk loket ini.",
        "en": "No ticket is waiting for this counter.",
    },
    "counter_closed": {
        "id": "Loket ini sedang tutup. Buka loket terlebih dahulu.",
        "en": "This counter is closed. Open it first.",
    },
    "ticket_state": {
        "id": "Nomor antrean {number} berstatus {state}; tindakan ini tidak dapat dilakukan.",
        "en": "Ticket {number} is {state}; this action is not possible.",
    },
    "transfer_same_service": {
        "id": "Pilih layanan lain di kantor ini untuk memindahkan nomor antrean.",
        "en": "Choose another service of this office to transfer the ticket to.",
    },
}
