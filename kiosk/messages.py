"""The kiosk's texts (check-in, screening, walk-ins), in Bahasa Indonesia and English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "qr_invalid": {
        "id": "Kode QR tidak dapat dibaca atau tidak sah. Silakan tunjukkan kode QR dari "
        "pemesanan Anda, atau minta bantuan petugas.",
        "en": "The QR code cannot be read or is not valid. Please show the QR code of your "
        "booking, or ask an officer for help.",
    },
    "wrong_office": {
        "id": "Pemesanan ini untuk kantor lain. Silakan datang ke kantor yang tertera pada "
        "pemesanan Anda.",
        "en": "This booking is for another office. Please go to the office on your booking.",
    },
    "booking_needs_rebooking": {
        "id": "Jadwal pemesanan ini harus dipilih ulang karena perubahan protokol kesehatan. "
        "Silakan pilih waktu baru melalui tautan pengelolaan pemesanan.",
        "en": "This booking must be rescheduled because the health protocol changed. Please "
        "choose a new time through your booking's manage link.",
    },
    "office_closed": {
        "id": "Kantor sedang tutup. Silakan datang kembali pada {opens}.",
        "en": "The office is closed. Please come back at {opens}.",
    },
    "office_closed_unknown": {
        "id": "Kantor sedang tutup.",
        "en": "The office is closed.",
    },
    "too_early": {
        "id": "Terlalu awal untuk lapor diri. Lapor diri dapat dilakukan pukul {opens}–{closes}.",
        "en": "Too early to check in. You can check in from {opens} to {closes}.",
    },
    "too_late": {
        "id": "Waktu lapor diri sudah lewat ({opens}–{closes}). Silakan jadwalkan ulang "
        "pemesanan Anda.",
        "en": "The check-in time has passed ({opens}–{closes}). Please reschedule your booking.",
    },
    "health_screening_failed": {
        "id": "Maaf, hasil pemeriksaan kesehatan belum memenuhi syarat untuk masuk "
        "(suhu {limit} °C atau lebih, atau ada gejala). Pemesanan Anda tetap berlaku: "
        "silakan beristirahat dan diperiksa ulang setelah 5 menit, jadwalkan ulang, "
        "atau gunakan layanan daring{online}.",
        "en": "Sorry, the health screening does not allow entry ({limit} °C or more, or "
        "symptoms). Your booking is kept: please rest and be screened again after 5 minutes, "
        "reschedule, or use the online service{online}.",
    },
    "office_full": {
        "id": "Ruang tunggu sedang penuh ({present} dari {limit} orang). Silakan menunggu di "
        "luar dan coba lagi nanti.",
        "en": "The waiting room is full ({present} of {limit} people). Please wait outside "
        "and try again later.",
    },
    "office_full_wait": {
        "id": "Ruang tunggu sedang penuh ({present} dari {limit} orang). Perkiraan ada tempat "
        "dalam {minutes} menit; silakan menunggu di luar.",
        "en": "The waiting room is full ({present} of {limit} people). There should be room "
        "in about {minutes} minutes; please wait outside.",
    },
}
