"""Texts of the waitlist, protocol levels and the notifications sent to citizens (id/en)."""

from __future__ import annotations

JOBS_MESSAGES: dict[str, dict[str, str]] = {
    # waitlist and protocol-level errors
    "slot_not_full": {
        "id": "Slot ini masih memiliki tempat. Silakan langsung memesan.",
        "en": "This slot still has room. Please book it directly.",
    },
    "waitlist_duplicate": {
        "id": "Anda sudah terdaftar dalam daftar tunggu slot ini.",
        "en": "You are already on the waitlist of this slot.",
    },
    "offer_not_open": {
        "id": "Belum ada tempat yang ditawarkan kepada Anda. Silakan tunggu pemberitahuan.",
        "en": "No place has been offered to you yet. Please wait for our message.",
    },
    "offer_expired": {
        "id": "Masa berlaku tawaran sudah habis; tempat diberikan kepada antrean berikutnya.",
        "en": "The offer has expired; the place went to the next in line.",
    },
    "waitlist_closed": {
        "id": "Pendaftaran daftar tunggu ini sudah tidak aktif.",
        "en": "This waitlist entry is no longer active.",
    },
    "level_unknown": {
        "id": "Level protokol itu belum ditetapkan.",
        "en": "That protocol level is not defined.",
    },
    # notifications: {office}, {service}, {time}, {code}, {manage_url}, {qr_url}…
    "notify_signature": {
        "id": "Pesan otomatis Antrean. Jangan bagikan tautan ini kepada orang lain.",
        "en": "An automatic message from Antrean. Do not share these links with anyone.",
    },
    "notify_moved_subject": {
        "id": "Jadwal kunjungan Anda dipindahkan ({code})",
        "en": "Your visit has been moved ({code})",
    },
    "notify_moved_body": {
        "id": "Karena perubahan protokol kesehatan di {office}, kunjungan Anda untuk {service} "
        "dipindahkan ke {time}. Kode pemesanan: {code}. Untuk memilih waktu lain atau "
        "membatalkan, silakan buka {manage_url}",
        "en": "Because the health protocol at {office} changed, your visit for {service} has "
        "been moved to {time}. Booking code: {code}. To choose another time or cancel, "
        "please open {manage_url}",
    },
    "notify_flagged_subject": {
        "id": "Silakan pilih jadwal baru ({code})",
        "en": "Please choose a new time ({code})",
    },
    "notify_flagged_body": {
        "id": "Karena perubahan protokol kesehatan di {office}, tidak ada lagi tempat untuk "
        "kunjungan Anda ({service}, semula {time}). Silakan pilih waktu lain atau batalkan "
        "di {manage_url}. Kode pemesanan: {code}.",
        "en": "Because the health protocol at {office} changed, there is no longer room for "
        "your visit ({service}, was {time}). Please choose another time or cancel at "
        "{manage_url}. Booking code: {code}.",
    },
    "notify_offer_subject": {
        "id": "Ada tempat untuk Anda di {office}",
        "en": "A place is free for you at {office}",
    },
    "notify_offer_body": {
        "id": "Tempat untuk {service} pada {time} kami simpan untuk Anda sampai {expires}. "
        "Silakan konfirmasi dengan kode daftar tunggu {code} di {waitlist_url}. Tanpa "
        "konfirmasi, tempat diberikan kepada antrean berikutnya.",
        "en": "We are holding a place for {service} at {time} for you until {expires}. "
        "Please confirm with waitlist code {code} at {waitlist_url}. Without confirmation "
        "the place goes to the next in line.",
    },
    "notify_day_before_subject": {
        "id": "Pengingat: kunjungan Anda besok ({code})",
        "en": "Reminder: your visit tomorrow ({code})",
    },
    "notify_hour_before_subject": {
        "id": "Pengingat: kunjungan Anda satu jam lagi ({code})",
        "en": "Reminder: your visit in one hour ({code})",
    },
    "notify_reminder_body": {
        "id": "Kunjungan Anda ke {office} untuk {service}: {time}. Tunjukkan kode QR di "
        "kios saat tiba: {qr_url}. Untuk mengubah jadwal atau membatalkan: {manage_url}",
        "en": "Your visit to {office} for {service}: {time}. Show the QR code at the kiosk "
        "when you arrive: {qr_url}. To reschedule or cancel: {manage_url}",
    },
    "notify_turn_near_subject": {
        "id": "Giliran Anda sudah dekat ({number})",
        "en": "Your turn is near ({number})",
    },
    "notify_turn_near_body": {
        "id": "Nomor antrean {number} di {office}: tinggal {ahead} orang lagi sebelum Anda. "
        "Silakan bersiap di dekat loket.",
        "en": "Ticket {number} at {office}: {ahead} more before you. Please get ready near "
        "the counters.",
    },
}
