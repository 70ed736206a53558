"""The displays' texts, in Bahasa Indonesia and English (registered in `display.init_app`)."""

from __future__ import annotations

DISPLAY_MESSAGES: dict[str, dict[str, str]] = {
    "display_unauthorized": {
        "id": "Layar ini belum terdaftar atau aksesnya sudah dicabut. Hubungi petugas.",
        "en": "This screen is not registered or its access was revoked. Please call staff.",
    },
    "display_office_unknown": {
        "id": "Kantor tidak ditemukan. Periksa alamat papan antrean.",
        "en": "Office not found. Check the queue board address.",
    },
    "display_credentials_missing": {
        "id": "Sambungan ditolak: sertakan token layar atau kode kantor.",
        "en": "Connection refused: send a display token or an office slug.",
    },
}
