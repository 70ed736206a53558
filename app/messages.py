"""Message catalogue: every user-facing text of the API, in Bahasa Indonesia and English.

Keys are the stable error codes of the contract (and a few field-level messages)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # generic HTTP
    "malformed": {
        "id": "Permintaan tidak dapat dibaca. Kirim JSON yang benar.",
        "en": "The request could not be read. Send valid JSON.",
    },
    "unauthorized": {
        "id": "Silakan masuk terlebih dahulu: kredensial tidak ada atau tidak berlaku.",
        "en": "Please sign in: credentials are missing or no longer valid.",
    },
    "forbidden": {
        "id": "Anda tidak berwenang melakukan ini.",
        "en": "You are not allowed to do this.",
    },
    "not_found": {"id": "Data yang dicari tidak ditemukan.", "en": "Not found."},
    "method_not_allowed": {
        "id": "Metode ini tidak didukung di alamat ini.",
        "en": "This method is not supported here.",
    },
    "too_large": {"id": "Permintaan terlalu besar.", "en": "The request is too large."},
    "unsupported_media_type": {
        "id": "Kirim data sebagai JSON.",
        "en": "Send the data as JSON.",
    },
    "rate_limited": {
        "id": "Terlalu banyak permintaan. Silakan coba lagi sebentar lagi.",
        "en": "Too many requests. Please try again in a moment.",
    },
    "internal": {
        "id": "Terjadi kesalahan pada server. Data Anda tidak berubah; silakan coba lagi.",
        "en": "Something went wrong on the server. Nothing was changed; please try again.",
    },
    "error": {"id": "Permintaan gagal.", "en": "The request failed."},
    "service_unavailable": {
        "id": "Layanan sedang tidak tersedia sebentar. Data Anda aman; silakan coba lagi "
        "dalam beberapa detik.",
        "en": "The service is briefly unavailable. Your data is safe; please try again in a "
        "few seconds.",
    },
    "validation": {
        "id": "Beberapa isian belum benar. Periksa kembali.",
        "en": "Some fields are not right. Please check them.",
    },
    "bad_credentials": {
        "id": "Nama pengguna atau kata sandi salah.",
        "en": "Wrong username or password.",
    },
    "device_revoked": {
        "id": "Perangkat ini sudah dicabut aksesnya.",
        "en": "This device's access has been revoked.",
    },
    # offices and configuration
    "slug_taken": {
        "id": "Kode kantor itu sudah dipakai.",
        "en": "That office slug is already in use.",
    },
    "service_code_taken": {
        "id": "Kode layanan itu sudah ada di kantor ini.",
        "en": "That service code already exists at this office.",
    },
    "closure_exists": {
        "id": "Tanggal itu sudah ditutup.",
        "en": "That date is already closed.",
    },
    "username_taken": {
        "id": "Nama pengguna itu sudah dipakai.",
        "en": "That username is already taken.",
    },
    # booking
    "slot_full": {
        "id": "Slot ini sudah penuh untuk jumlah orang Anda. Pilih waktu lain.",
        "en": "This slot has no room left for your party. Please choose another time.",
    },
    "slot_closed": {
        "id": "Slot ini tidak dapat dipesan (sudah lewat, kantor tutup, atau di luar jadwal).",
        "en": "This slot cannot be booked (it has passed, the office is closed, or it is not "
        "on the schedule).",
    },
    "duplicate_booking": {
        "id": "Anda sudah memiliki pemesanan aktif di kantor ini pada hari itu.",
        "en": "You already have an active booking at this office on that day.",
    },
    "health_declared": {
        "id": "Karena ada gejala atau kontak erat, layanan tatap muka belum dapat dipesan. "
        "Silakan gunakan layanan daring{online} atau pilih tanggal lain setelah sehat.",
        "en": "Because of symptoms or close contact, a face-to-face visit cannot be booked. "
        "Please use the online service{online} or choose a later date once you are well.",
    },
    "idempotency_mismatch": {
        "id": "Kunci Idempotency-Key ini sudah dipakai untuk permintaan lain.",
        "en": "This Idempotency-Key was already used for a different request.",
    },
    "booking_not_active": {
        "id": "Pemesanan ini tidak aktif lagi.",
        "en": "This booking is no longer active.",
    },
    "booking_cancelled": {
        "id": "Pemesanan ini sudah dibatalkan.",
        "en": "This booking has been cancelled.",
    },
    # field messages
    "field_required": {"id": "Wajib diisi.", "en": "Required."},
    "field_invalid": {"id": "Isian tidak valid.", "en": "Invalid value."},
    "field_type": {"id": "Jenis isian salah.", "en": "Wrong type of value."},
    "field_unknown": {"id": "Isian ini tidak dikenal.", "en": "Unknown field."},
    "nik_digits": {
        "id": "NIK harus 16 angka.",
        "en": "The NIK must be 16 digits.",
    },
    "nik_invalid": {
        "id": "NIK tidak valid: kode wilayah atau tanggal lahir di dalamnya tidak benar.",
        "en": "The NIK is not valid: its region code or birth date is wrong.",
    },
    "phone_invalid": {
        "id": "Nomor HP tidak valid. Contoh: 0812 3456 7890.",
        "en": "Not a valid mobile number. Example: 0812 3456 7890.",
    },
    "phone_letters": {
        "id": "Nomor HP hanya boleh berisi angka, spasi, tanda + dan -.",
        "en": "A phone number may contain only digits, spaces, + and -.",
    },
    "email_invalid": {"id": "Alamat email tidak valid.", "en": "Not a valid email address."},
    "name_invalid": {
        "id": "Nama wajib diisi (2–100 huruf).",
        "en": "Name is required (2–100 characters).",
    },
    "companions_range": {
        "id": "Jumlah pendamping 0 sampai 3 orang.",
        "en": "Companions must be between 0 and 3.",
    },
    "consent_required": {
        "id": "Anda perlu menyetujui pemrosesan data untuk memesan.",
        "en": "You need to consent to the data processing to book.",
    },
    "choice_invalid": {
        "id": "Pilihan tidak dikenal. Pilihan yang ada: {choices}.",
        "en": "Unknown choice. Possible values: {choices}.",
    },
    "time_invalid": {
        "id": "Waktu harus dalam format ISO 8601, mis. 2026-12-01T08:30:00+07:00.",
        "en": "The time must be ISO 8601, e.g. 2026-12-01T08:30:00+07:00.",
    },
    "date_invalid": {
        "id": "Tanggal harus dalam format YYYY-MM-DD.",
        "en": "The date must be YYYY-MM-DD.",
    },
    "timezone_invalid": {
        "id": "Zona waktu tidak dikenal (mis. Asia/Jakarta).",
        "en": "Unknown time zone (e.g. Asia/Jakarta).",
    },
    "hours_invalid": {
        "id": "Jam buka harus berupa rentang HH:MM yang berurutan dan tidak tumpang tindih.",
        "en": "Opening hours must be ordered, non-overlapping HH:MM ranges.",
    },
    "number_range": {
        "id": "Nilai harus antara {low} dan {high}.",
        "en": "The value must be between {low} and {high}.",
    },
    "number_positive": {"id": "Nilai harus lebih dari 0.", "en": "The value must be above 0."},
    "slug_invalid": {
        "id": "Gunakan huruf kecil, angka dan tanda hubung (2–60 karakter).",
        "en": "Use lowercase letters, digits and dashes (2–60 characters).",
    },
    "prefix_invalid": {
        "id": "Huruf antrean harus 1–2 huruf kapital.",
        "en": "The ticket prefix must be 1–2 capital letters.",
    },
    "service_unknown": {"id": "Layanan tidak dikenal.", "en": "Unknown service."},
    "office_unknown": {"id": "Kantor tidak dikenal.", "en": "Unknown office."},
    "too_long": {"id": "Isian terlalu panjang.", "en": "Too long."},
}

MESSAGES.update(
    {
        "ics_description": {
            "id": "Kode pemesanan {code}. Bawa KTP dan tunjukkan kode QR di kios.",
            "en": "Booking code {code}. Bring your ID card and show the QR code at the kiosk.",
        },
    }
)

MESSAGES.update(
    {
        "nav_language": {"id": "Bahasa", "en": "Language"},
        "page_error_title": {"id": "Maaf, ada masalah", "en": "Sorry, something is wrong"},
        "page_back_home": {"id": "Kembali ke beranda", "en": "Back to the start"},
        "page_manage_title": {"id": "Pemesanan Anda", "en": "Your booking"},
    }
)


def register_messages(entries: dict[str, dict[str, str]]) -> None:
    """Parts outside app/ (kiosk, display) add their texts here when they are registered."""
    MESSAGES.update(entries)


def _merge_area_catalogues() -> None:
    """Each area of app/ keeps its texts beside its code; they all meet here."""
    from app.booking.page_messages import PAGE_MESSAGES
    from app.booking.page_waitlist_messages import WAITLIST_PAGE_MESSAGES
    from app.counters.messages import MESSAGES as COUNTER_MESSAGES
    from app.jobs_messages import JOBS_MESSAGES
    from app.reports.messages import MESSAGES as REPORT_MESSAGES

    for catalogue in (
        PAGE_MESSAGES,
        WAITLIST_PAGE_MESSAGES,
        JOBS_MESSAGES,
        REPORT_MESSAGES,
        COUNTER_MESSAGES,
    ):
        MESSAGES.update(catalogue)


_merge_area_catalogues()
