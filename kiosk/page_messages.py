"""Texts of the kiosk page, in Bahasa Indonesia and English.

The page gets all of them at once (both languages) so that its language toggle needs no
round trip; the server renders the first screen in the negotiated language."""

from __future__ import annotations

KIOSK_TEXTS: dict[str, dict[str, str]] = {
    "kiosk_title": {"id": "Anjungan Antrean", "en": "Queue Kiosk"},
    "kiosk_language": {"id": "English", "en": "Bahasa Indonesia"},
    "kiosk_welcome": {"id": "Selamat datang", "en": "Welcome"},
    "kiosk_scan_hint": {
        "id": "Tunjukkan kode QR pemesanan Anda ke pemindai.",
        "en": "Hold your booking's QR code to the scanner.",
    },
    "kiosk_scan_field": {"id": "Kode dari pemindai", "en": "Code from the scanner"},
    "kiosk_use_camera": {"id": "Pindai dengan kamera", "en": "Scan with the camera"},
    "kiosk_walk_in": {"id": "Ambil nomor tanpa pemesanan", "en": "Take a number without booking"},
    "kiosk_assist": {
        "id": "Bantu saya memesan untuk hari lain",
        "en": "Help me book another day",
    },
    "kiosk_hours": {"id": "Jam layanan", "en": "Opening hours"},
    "kiosk_closed_day": {"id": "Tutup", "en": "Closed"},
    "kiosk_occupancy": {"id": "Orang di ruang tunggu", "en": "People in the waiting room"},
    "kiosk_camera_title": {
        "id": "Arahkan kode QR ke kamera",
        "en": "Hold the QR code to the camera",
    },
    "kiosk_camera_unavailable": {
        "id": "Kamera tidak dapat digunakan. Silakan gunakan pemindai.",
        "en": "The camera cannot be used. Please use the scanner.",
    },
    "kiosk_cancel": {"id": "Batal", "en": "Cancel"},
    "kiosk_back": {"id": "Kembali ke awal", "en": "Back to the start"},
    "kiosk_health_title": {"id": "Pemeriksaan kesehatan", "en": "Health screening"},
    "kiosk_temperature": {"id": "Suhu tubuh (°C)", "en": "Body temperature (°C)"},
    "kiosk_temperature_hint": {
        "id": "Diisi petugas dari termometer.",
        "en": "Filled in by the officer from the thermometer.",
    },
    "kiosk_temperature_limit": {
        "id": "Batas suhu: di bawah {limit} °C.",
        "en": "Temperature limit: below {limit} °C.",
    },
    "kiosk_symptoms_title": {
        "id": "Apakah Anda mengalami gejala berikut?",
        "en": "Do you have any of these symptoms?",
    },
    "kiosk_symptom_fever": {"id": "Demam", "en": "Fever"},
    "kiosk_symptom_cough": {"id": "Batuk", "en": "Cough"},
    "kiosk_symptom_sore_throat": {"id": "Sakit tenggorokan", "en": "Sore throat"},
    "kiosk_symptom_shortness_of_breath": {"id": "Sesak napas", "en": "Shortness of breath"},
    "kiosk_symptom_loss_of_smell": {
        "id": "Hilang penciuman atau perasa",
        "en": "Loss of smell or taste",
    },
    "kiosk_yes": {"id": "Ya", "en": "Yes"},
    "kiosk_no": {"id": "Tidak", "en": "No"},
    "kiosk_continue": {"id": "Lanjut", "en": "Continue"},
    "kiosk_answer_all": {
        "id": "Silakan jawab setiap pertanyaan.",
        "en": "Please answer every question.",
    },
    "kiosk_temperature_invalid": {
        "id": "Isi suhu antara 34 dan 43 °C, atau kosongkan.",
        "en": "Enter a temperature between 34 and 43 °C, or leave it empty.",
    },
    "kiosk_working": {"id": "Mohon tunggu…", "en": "Please wait…"},
    "kiosk_ticket_title": {"id": "Nomor antrean Anda", "en": "Your queue number"},
    "kiosk_service": {"id": "Layanan", "en": "Service"},
    "kiosk_position": {"id": "Urutan", "en": "Position"},
    "kiosk_wait": {"id": "Perkiraan waktu tunggu", "en": "Estimated wait"},
    "kiosk_minutes": {"id": "{n} menit", "en": "{n} min"},
    "kiosk_booking_code": {"id": "Kode pemesanan", "en": "Booking code"},
    "kiosk_ticket_advice": {
        "id": "Silakan duduk dan perhatikan layar panggilan. Tetap jaga jarak dan pakai masker.",
        "en": "Please take a seat and watch the call screen. Keep your distance and wear a mask.",
    },
    "kiosk_print": {"id": "Cetak", "en": "Print"},
    "kiosk_done": {"id": "Selesai", "en": "Done"},
    "kiosk_error_title": {"id": "Mohon maaf", "en": "Sorry"},
    "kiosk_network_error": {
        "id": "Tidak dapat terhubung ke server. Silakan coba lagi atau hubungi petugas.",
        "en": "Cannot reach the server. Please try again or ask an officer.",
    },
    "kiosk_office_full_title": {
        "id": "Ruang tunggu penuh",
        "en": "The waiting room is full",
    },
    "kiosk_wait_outside": {
        "id": "Silakan menunggu di luar; coba lagi sebentar lagi.",
        "en": "Please wait outside and try again in a little while.",
    },
    "kiosk_walk_in_title": {"id": "Pilih layanan", "en": "Choose a service"},
    "kiosk_companions": {"id": "Jumlah pendamping", "en": "Companions"},
    "kiosk_priority": {"id": "Prioritas", "en": "Priority"},
    "kiosk_priority_none": {"id": "Tidak ada", "en": "None"},
    "kiosk_priority_elderly": {"id": "Lansia", "en": "Elderly"},
    "kiosk_priority_disability": {"id": "Penyandang disabilitas", "en": "Disability"},
    "kiosk_priority_pregnant": {"id": "Ibu hamil", "en": "Pregnant"},
    "kiosk_priority_child": {"id": "Anak-anak", "en": "Child"},
    "kiosk_choose_service": {"id": "Silakan pilih layanan.", "en": "Please choose a service."},
    "kiosk_assist_title": {"id": "Pemesanan dibantu", "en": "Assisted booking"},
    "kiosk_date": {"id": "Tanggal", "en": "Date"},
    "kiosk_slot": {"id": "Jam", "en": "Time"},
    "kiosk_no_slots": {
        "id": "Tidak ada jam yang tersedia pada tanggal ini.",
        "en": "No time is available on this date.",
    },
    "kiosk_name": {"id": "Nama lengkap", "en": "Full name"},
    "kiosk_nik": {"id": "NIK (16 angka)", "en": "NIK (16 digits)"},
    "kiosk_phone": {"id": "Nomor HP", "en": "Mobile number"},
    "kiosk_close_contact": {
        "id": "Kontak erat dengan pasien COVID-19 dalam 14 hari terakhir?",
        "en": "Close contact with a COVID-19 patient in the last 14 days?",
    },
    "kiosk_consent": {
        "id": "Saya setuju data saya diproses untuk layanan ini.",
        "en": "I agree that my data is processed for this service.",
    },
    "kiosk_book": {"id": "Pesan", "en": "Book"},
    "kiosk_slip_title": {"id": "Bukti pemesanan", "en": "Booking slip"},
    "kiosk_slip_hint": {
        "id": "Bawa kertas ini dan pindai kode QR di anjungan pada hari kunjungan.",
        "en": "Bring this slip and scan the QR code at the kiosk on the day of your visit.",
    },
    "kiosk_when": {"id": "Waktu", "en": "Time"},
    "kiosk_not_set_up_title": {
        "id": "Anjungan ini belum disiapkan",
        "en": "This kiosk is not set up",
    },
    "kiosk_not_set_up_body": {
        "id": "Petugas perlu membuka tautan penyiapan anjungan satu kali di perangkat ini.",
        "en": "An officer needs to open the kiosk's set-up link once on this device.",
    },
    "kiosk_revoked": {
        "id": "Akses anjungan ini tidak berlaku lagi. Silakan hubungi petugas.",
        "en": "This kiosk's access is no longer valid. Please ask an officer.",
    },
    "kiosk_setup_title": {"id": "Menyiapkan anjungan", "en": "Setting up the kiosk"},
    "kiosk_setup_done": {
        "id": "Anjungan untuk {office} sudah siap.",
        "en": "The kiosk for {office} is ready.",
    },
    "kiosk_setup_invalid": {
        "id": "Tautan penyiapan ini tidak berlaku. Minta tautan baru kepada supervisor.",
        "en": "This set-up link is not valid. Ask a supervisor for a new one.",
    },
}
