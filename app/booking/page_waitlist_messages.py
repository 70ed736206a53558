"""Texts of the waitlist page, in Bahasa Indonesia and English."""

from __future__ import annotations

WAITLIST_PAGE_MESSAGES: dict[str, dict[str, str]] = {
    "page_waitlist_title": {"id": "Daftar tunggu", "en": "Waiting list"},
    "page_waitlist_code": {"id": "Kode daftar tunggu", "en": "Waiting-list code"},
    "page_waitlist_status": {"id": "Status", "en": "Status"},
    "page_waitlist_position": {"id": "Urutan Anda", "en": "Your place in line"},
    "page_waitlist_offer": {
        "id": "Ada tempat untuk Anda! Tempat ini kami tahan sampai {expires}. "
        "Konfirmasi sekarang agar menjadi pemesanan.",
        "en": "A place is free for you! We hold it until {expires}. "
        "Confirm now to turn it into a booking.",
    },
    "page_waitlist_confirm": {"id": "Konfirmasi pemesanan", "en": "Confirm the booking"},
    "page_waitlist_leave": {"id": "Keluar dari daftar tunggu", "en": "Leave the waiting list"},
    "page_waitlist_keep_link": {
        "id": "Simpan tautan ini: hanya dengan tautan ini Anda dapat melihat dan mengubah "
        "daftar tunggu Anda.",
        "en": "Keep this link: only with it can you see and change your place on the list.",
    },
    "page_waitlist_join": {"id": "Masuk daftar tunggu", "en": "Join the waiting list"},
    "page_waitlist_offer_join": {
        "id": "Atau masuk daftar tunggu untuk waktu ini: jika ada yang batal, tempatnya kami "
        "tawarkan kepada Anda.",
        "en": "Or join the waiting list for this time: if someone cancels, we offer you the place.",
    },
    "waitlist_status_waiting": {"id": "Menunggu tempat kosong", "en": "Waiting for a place"},
    "waitlist_status_offered": {"id": "Tempat ditawarkan", "en": "A place is offered"},
    "waitlist_status_booked": {"id": "Sudah menjadi pemesanan", "en": "Turned into a booking"},
    "waitlist_status_expired": {
        "id": "Tawaran kedaluwarsa",
        "en": "The offer expired",
    },
    "waitlist_status_left": {"id": "Keluar dari daftar", "en": "Left the list"},
}
