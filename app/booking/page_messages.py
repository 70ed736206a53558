"""Texts of the citizen's booking pages, in Bahasa Indonesia and English."""

from __future__ import annotations


def _t(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text}


PAGE_MESSAGES: dict[str, dict[str, str]] = {
    # frame
    "page_skip": _t("Langsung ke isi halaman", "Skip to content"),
    "page_switch_language": _t("Ganti bahasa", "Change language"),
    "page_footer": _t(
        "Antrean — pemesanan jadwal layanan tatap muka.",
        "Antrean — booking face-to-face service visits.",
    ),
    "csrf_invalid": _t(
        "Formulir ini sudah kedaluwarsa. Silakan muat ulang halaman dan kirim lagi.",
        "This form has expired. Please reload the page and send it again.",
    ),
    # offices
    "page_offices_title": _t("Pilih kantor layanan", "Choose a service office"),
    "page_offices_intro": _t(
        "Pesan jadwal kunjungan tatap muka agar tidak perlu antre lama di kantor.",
        "Book a face-to-face visit so you do not have to queue long at the office.",
    ),
    "page_no_offices": _t("Belum ada kantor yang terdaftar.", "No office is listed yet."),
    "page_address": _t("Alamat", "Address"),
    "page_hours": _t("Jam layanan", "Opening hours"),
    "page_closed": _t("Tutup", "Closed"),
    "page_break": _t("istirahat {start}–{end}", "break {start}–{end}"),
    "page_services": _t("Layanan", "Services"),
    "page_no_services": _t("Belum ada layanan.", "No services yet."),
    "page_requirements": _t("Persyaratan", "Requirements"),
    "page_procedure": _t("Prosedur", "Procedure"),
    "page_completion_time": _t("Waktu penyelesaian", "Completion time"),
    "page_fee": _t("Biaya", "Fee"),
    "page_complaints": _t("Pengaduan", "Complaints"),
    "page_online_hint": _t(
        "Layanan ini bisa diurus secara daring tanpa datang ke kantor.",
        "This service can be done online, without visiting the office.",
    ),
    "page_online_link": _t("Urus secara daring", "Do it online"),
    "page_book_visit": _t("Pesan kunjungan tatap muka", "Book a face-to-face visit"),
    "page_book_instead": _t(
        "Tetap perlu datang? Pesan kunjungan tatap muka",
        "Still need to come? Book a face-to-face visit",
    ),
    # dates and slots
    "page_choose_date": _t("Pilih tanggal", "Choose a date"),
    "page_choose_time": _t("Pilih waktu", "Choose a time"),
    "page_places_left": _t("{n} tempat tersisa", "{n} places left"),
    "page_full": _t("Penuh", "Full"),
    "page_past": _t("Sudah lewat", "Passed"),
    "page_no_more_today": _t("Tidak ada slot lagi hari ini", "No more slots today"),
    "page_weekly_closed": _t("Tutup (di luar hari layanan)", "Closed (not a service day)"),
    "page_closure": _t("Tutup: {reason}", "Closed: {reason}"),
    "page_holiday": _t("Libur: {name}", "Holiday: {name}"),
    "page_earlier_days": _t("← Tanggal sebelumnya", "← Earlier dates"),
    "page_later_days": _t("Tanggal berikutnya →", "Later dates →"),
    "page_other_date": _t("Pilih tanggal lain", "Choose another date"),
    "page_no_slots": _t("Tidak ada slot pada tanggal ini.", "There are no slots on this date."),
    "page_time_zone_note": _t("Semua waktu dalam {zone}.", "All times are in {zone}."),
    "page_back_office": _t("Kembali ke kantor", "Back to the office"),
    # the form
    "page_form_title": _t("Data pemesan", "Your details"),
    "page_when": _t("Waktu kunjungan", "Visit time"),
    "page_name": _t("Nama lengkap (sesuai KTP)", "Full name (as on your ID card)"),
    "page_nik": _t("NIK (16 angka)", "NIK (16 digits)"),
    "page_nik_hint": _t(
        "Nomor Induk Kependudukan di KTP atau KK.",
        "The national identity number on your ID card or family card.",
    ),
    "page_phone": _t("Nomor HP", "Mobile number"),
    "page_phone_hint": _t("Contoh: 0812 3456 7890", "Example: 0812 3456 7890"),
    "page_email": _t("Email (tidak wajib)", "Email (optional)"),
    "page_companions": _t("Jumlah pendamping", "Companions"),
    "page_companions_hint": _t(
        "Orang yang ikut masuk bersama Anda (0–3).",
        "People coming in with you (0–3).",
    ),
    "page_priority": _t("Kelompok prioritas", "Priority group"),
    "priority_none": _t("Tidak ada", "None"),
    "priority_elderly": _t("Lansia (60 tahun ke atas)", "Older person (60+)"),
    "priority_disability": _t("Penyandang disabilitas", "Person with a disability"),
    "priority_pregnant": _t("Ibu hamil", "Pregnant woman"),
    "priority_child": _t("Anak / membawa balita", "Child / with a small child"),
    "page_health": _t("Pernyataan kesehatan", "Health declaration"),
    "page_health_hint": _t(
        "Centang bila Anda atau pendamping mengalaminya sekarang.",
        "Tick what you or a companion have now.",
    ),
    "symptom_demam": _t("Demam", "Fever"),
    "symptom_batuk": _t("Batuk", "Cough"),
    "symptom_pilek": _t("Pilek", "Runny nose"),
    "symptom_sakit_tenggorokan": _t("Sakit tenggorokan", "Sore throat"),
    "symptom_sesak_napas": _t("Sesak napas", "Shortness of breath"),
    "page_close_contact": _t(
        "Kontak erat dengan orang sakit menular dalam 14 hari terakhir",
        "Close contact with someone with an infectious illness in the last 14 days",
    ),
    "page_privacy": _t("Pemberitahuan privasi", "Privacy notice"),
    "page_privacy_text": _t(
        "{office} adalah pengendali data pribadi Anda sesuai UU No. 27 Tahun 2022 tentang "
        "Pelindungan Data Pribadi (UU PDP). Data dipakai hanya untuk mengatur kunjungan Anda "
        "dan, bila diperlukan, pelacakan kontak sesuai protokol kesehatan. NIK tidak disimpan: "
        "hanya sidik kriptografis dan bentuk tersamar. Data dihapus atau dianonimkan {days} hari "
        "setelah kunjungan.",
        "{office} is the controller of your personal data under Indonesia's Personal Data "
        "Protection Law (UU No. 27/2022, UU PDP). It is used only to arrange your visit and, "
        "if needed, for contact tracing under the health protocol. Your NIK is not stored: only "
        "a keyed fingerprint and a masked form. The data is deleted or anonymised {days} days "
        "after the visit.",
    ),
    "page_consent": _t(
        "Saya menyetujui pemrosesan data saya untuk tujuan di atas.",
        "I agree to my data being processed for the purpose above.",
    ),
    "page_submit_booking": _t("Pesan sekarang", "Book now"),
    "page_form_errors": _t(
        "Ada isian yang perlu diperbaiki. Lihat pesan di bawah tiap isian.",
        "Some fields need fixing. See the message under each field.",
    ),
    "page_required": _t("wajib", "required"),
    "page_pick_other_slot": _t(
        "Pilih waktu lain pada hari yang sama:", "Choose another time on the same day:"
    ),
    # health declared
    "page_health_title": _t(
        "Kunjungan tatap muka belum dapat dipesan", "A face-to-face visit cannot be booked now"
    ),
    "page_health_text": _t(
        "Terima kasih atas kejujuran Anda. Karena ada gejala atau kontak erat, demi kesehatan "
        "bersama kunjungan tatap muka belum dapat dipesan saat ini.",
        "Thank you for your honesty. Because of symptoms or close contact, and to protect "
        "everyone's health, a face-to-face visit cannot be booked now.",
    ),
    "page_health_online": _t(
        "Layanan ini dapat diurus secara daring:", "You can do this service online:"
    ),
    "page_health_later": _t(
        "Atau pilih tanggal lain setelah Anda sehat (minimal 14 hari setelah kontak erat).",
        "Or choose a later date once you are well (at least 14 days after close contact).",
    ),
    # manage / confirmation
    "page_booked_notice": _t(
        "Pemesanan berhasil. Simpan halaman ini.", "Your booking is confirmed. Keep this page."
    ),
    "page_cancelled_notice": _t("Pemesanan telah dibatalkan.", "The booking has been cancelled."),
    "page_rescheduled_notice": _t(
        "Jadwal kunjungan telah dipindahkan.", "The visit has been moved."
    ),
    "page_booking_code": _t("Kode pemesanan", "Booking code"),
    "page_status": _t("Status", "Status"),
    "status_booked": _t("Terjadwal", "Booked"),
    "status_checked_in": _t("Sudah check-in", "Checked in"),
    "status_cancelled": _t("Dibatalkan", "Cancelled"),
    "status_no_show": _t("Tidak hadir", "Did not come"),
    "status_needs_rebooking": _t(
        "Perlu dijadwalkan ulang — silakan pilih waktu baru",
        "Needs a new time — please choose one",
    ),
    "status_done": _t("Selesai", "Done"),
    "page_service": _t("Layanan", "Service"),
    "page_office": _t("Kantor", "Office"),
    "page_person": _t("Nama", "Name"),
    "page_people": _t("Jumlah orang", "People"),
    "page_qr_alt": _t(
        "Kode QR untuk check-in pemesanan {code}", "QR code to check in booking {code}"
    ),
    "page_qr_hint": _t(
        "Tunjukkan kode QR ini di kios saat tiba, {early} menit sebelum sampai {late} menit "
        "sesudah jadwal.",
        "Show this QR code at the kiosk when you arrive, from {early} minutes before to {late} "
        "minutes after your time.",
    ),
    "page_bring": _t("Yang perlu dibawa", "What to bring"),
    "page_bring_id": _t("KTP-el atau identitas lain", "Your ID card"),
    "page_add_calendar": _t("Tambahkan ke kalender (.ics)", "Add to calendar (.ics)"),
    "page_manage_link": _t("Tautan pribadi pemesanan ini", "Private link to this booking"),
    "page_manage_keep": _t(
        "Simpan tautan ini (misalnya sebagai markah) dan jangan dibagikan: dengan tautan ini "
        "pemesanan dapat dilihat, dibatalkan, atau dipindahkan.",
        "Keep this link (for example as a bookmark) and do not share it: with it the booking "
        "can be viewed, cancelled or moved.",
    ),
    "page_reschedule": _t("Pindah jadwal", "Reschedule"),
    "page_cancel": _t("Batalkan pemesanan", "Cancel the booking"),
    "page_cancel_question": _t(
        "Yakin ingin membatalkan pemesanan ini? Tempat Anda akan diberikan kepada orang lain.",
        "Do you really want to cancel this booking? Your place will go to someone else.",
    ),
    "page_cancel_confirm": _t("Ya, batalkan", "Yes, cancel it"),
    "page_keep_booking": _t("Tidak, kembali", "No, go back"),
    "page_reschedule_title": _t("Pindah jadwal", "Move the visit"),
    "page_reschedule_submit": _t("Pindahkan ke waktu ini", "Move to this time"),
    "page_current_time": _t("Jadwal sekarang", "Current time"),
    "page_book_again": _t("Pesan kunjungan baru", "Book a new visit"),
}

DAY_NAMES = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
