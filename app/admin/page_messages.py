"""Texts of the administration, dashboard and report pages, in Bahasa Indonesia and English."""

from __future__ import annotations


def _t(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text}


ADMIN_TEXTS: dict[str, dict[str, str]] = {
    "admin_nav_label": _t("Navigasi administrasi", "Administration navigation"),
    "admin_offices_title": _t("Kantor", "Offices"),
    "admin_offices_caption": _t("Semua kantor layanan", "All service offices"),
    "admin_office_title": _t("Pengaturan kantor", "Office settings"),
    "admin_dashboard_title": _t("Dasbor hari ini", "Today's dashboard"),
    "admin_reports_title": _t("Laporan", "Reports"),
    "admin_office_name": _t("Nama kantor", "Office name"),
    "admin_timezone": _t("Zona waktu", "Time zone"),
    "admin_links": _t("Halaman", "Pages"),
    "admin_not_allowed": _t(
        "Halaman ini hanya untuk supervisor dan admin.",
        "This page is for supervisors and admins only.",
    ),
    "admin_saved": _t("Tersimpan.", "Saved."),
    "admin_protocol": _t("Protokol kesehatan", "Health protocol"),
    "admin_area": _t("Luas ruang tunggu (m²)", "Waiting room area (m²)"),
    "admin_distancing": _t("Jaga jarak (m)", "Distancing (m)"),
    "admin_seats": _t("Jumlah kursi", "Seats"),
    "admin_capacity_pct": _t("Kapasitas (%)", "Capacity (%)"),
    "admin_walk_in_share": _t(
        "Bagian untuk pengunjung langsung (0–1)", "Share kept for walk-ins (0–1)"
    ),
    "admin_level": _t("Level protokol", "Protocol level"),
    "admin_level_none": _t("Tanpa level", "No level"),
    "admin_live_explanation": _t("Perhitungan saat Anda mengetik", "Calculation as you type"),
    "admin_server_figures": _t("Angka tersimpan di server", "Figures saved on the server"),
    "admin_max_occupancy": _t("Maksimum orang di dalam", "Maximum people inside"),
    "admin_slot_capacity": _t("Kapasitas per slot", "Capacity per slot"),
    "admin_explain_area": _t(
        "Luas {area} m² ÷ ({d} m)² = {by_area} orang menurut jarak; kursi: {seats}. "
        "Yang lebih kecil: {room}.",
        "Area {area} m² ÷ ({d} m)² = {by_area} people by distancing; seats: {seats}. "
        "The smaller: {room}.",
    ),
    "admin_explain_pct": _t(
        "⌊{room} × {pct} % ⌋ = {max} orang boleh berada di dalam sekaligus.",
        "⌊{room} × {pct} %⌋ = {max} people may be inside at once.",
    ),
    "admin_explain_share": _t(
        "⌊{max} × (1 − {share})⌋ = {slot} orang dapat memesan per slot; {walk} tempat untuk "
        "pengunjung langsung.",
        "⌊{max} × (1 − {share})⌋ = {slot} people can book per slot; {walk} places for walk-ins.",
    ),
    "admin_explain_invalid": _t(
        "Isi semua angka dengan benar untuk melihat perhitungannya.",
        "Fill in every figure correctly to see the calculation.",
    ),
    "admin_save_protocol": _t("Simpan protokol", "Save protocol"),
    "admin_protocol_result": _t("Pemesanan yang terdampak", "Bookings affected"),
    "admin_before_after": _t(
        "Sebelum: {bmax} orang, {bslot} per slot. Sesudah: {amax} orang, {aslot} per slot.",
        "Before: {bmax} people, {bslot} per slot. After: {amax} people, {aslot} per slot.",
    ),
    "admin_booking_code": _t("Kode pemesanan", "Booking code"),
    "admin_outcome": _t("Hasil", "Outcome"),
    "admin_outcome_kept": _t("Tetap", "Kept"),
    "admin_outcome_moved": _t("Dipindah", "Moved"),
    "admin_outcome_flagged": _t("Perlu pesan ulang", "Needs rebooking"),
    "admin_start": _t("Mulai", "Start"),
    "admin_no_bookings_touched": _t(
        "Tidak ada pemesanan yang terdampak.", "No booking was affected."
    ),
    "admin_hours": _t("Jam layanan mingguan dan istirahat", "Weekly hours and breaks"),
    "admin_hours_help": _t(
        "Tulis rentang jam dipisah koma, misalnya 08:00-12:00, 13:00-15:30. Jeda di antara "
        "rentang adalah istirahat. Kosongkan untuk hari tutup; 00:00-24:00 berarti buka 24 jam.",
        "Write time ranges separated by commas, e.g. 08:00-12:00, 13:00-15:30. The gaps between "
        "ranges are breaks. Leave empty for a closed day; 00:00-24:00 means open all day.",
    ),
    "admin_day": _t("Hari", "Day"),
    "admin_day_mon": _t("Senin", "Monday"),
    "admin_day_tue": _t("Selasa", "Tuesday"),
    "admin_day_wed": _t("Rabu", "Wednesday"),
    "admin_day_thu": _t("Kamis", "Thursday"),
    "admin_day_fri": _t("Jumat", "Friday"),
    "admin_day_sat": _t("Sabtu", "Saturday"),
    "admin_day_sun": _t("Minggu", "Sunday"),
    "admin_opening_ranges": _t("Jam buka", "Opening hours"),
    "admin_breaks": _t("Istirahat", "Breaks"),
    "admin_closed_day": _t("Tutup", "Closed"),
    "admin_no_breaks": _t("Tanpa istirahat", "No breaks"),
    "admin_hours_invalid": _t(
        "Format jam pada hari {day} tidak dikenali.", "The hours for {day} are not understood."
    ),
    "admin_save_hours": _t("Simpan jam layanan", "Save hours"),
    "admin_closures": _t("Hari libur kantor dan libur nasional", "Closures and national holidays"),
    "admin_date": _t("Tanggal", "Date"),
    "admin_reason": _t("Alasan", "Reason"),
    "admin_add_closure": _t("Tambah hari tutup", "Add closure"),
    "admin_no_closures": _t("Belum ada hari tutup tambahan.", "No extra closed days."),
    "admin_holidays": _t(
        "Libur nasional 60 hari ke depan", "National holidays in the next 60 days"
    ),
    "admin_holidays_observed": _t(
        "Kantor ini tutup pada libur nasional.", "This office closes on national holidays."
    ),
    "admin_holidays_ignored": _t(
        "Kantor ini tetap buka pada libur nasional.", "This office stays open on national holidays."
    ),
    "admin_no_holidays": _t("Tidak ada libur nasional.", "No national holidays."),
    "admin_services": _t("Layanan", "Services"),
    "admin_code": _t("Kode", "Code"),
    "admin_name": _t("Nama", "Name"),
    "admin_prefix": _t("Huruf tiket", "Ticket letter"),
    "admin_avg_minutes": _t("Rata-rata menit layanan", "Average service minutes"),
    "admin_standard": _t("Standar pelayanan", "Service standard"),
    "admin_online": _t("Layanan daring", "Online service"),
    "admin_online_url": _t("Alamat layanan daring", "Online service address"),
    "admin_requirements": _t("Persyaratan (satu per baris)", "Requirements (one per line)"),
    "admin_procedure": _t("Prosedur", "Procedure"),
    "admin_completion_time": _t("Waktu penyelesaian", "Completion time"),
    "admin_fee": _t("Biaya", "Fee"),
    "admin_complaints": _t("Pengaduan", "Complaints"),
    "admin_add_service": _t("Tambah layanan", "Add service"),
    "admin_none": _t("Tidak ada", "None"),
    "admin_counters": _t("Loket", "Counters"),
    "admin_status": _t("Status", "Status"),
    "admin_action": _t("Tindakan", "Action"),
    "admin_add_counter": _t("Tambah loket", "Add counter"),
    "admin_devices": _t("Perangkat", "Devices"),
    "admin_kind": _t("Jenis", "Kind"),
    "admin_kind_kiosk": _t("Kios", "Kiosk"),
    "admin_kind_display": _t("Layar antrean", "Queue display"),
    "admin_last_seen": _t("Terakhir terlihat", "Last seen"),
    "admin_never": _t("Belum pernah", "Never"),
    "admin_online_now": _t("Daring", "Online"),
    "admin_offline": _t("Luring", "Offline"),
    "admin_revoked": _t("Dicabut", "Revoked"),
    "admin_revoke": _t("Cabut", "Revoke"),
    "admin_revoke_confirm": _t(
        "Cabut perangkat {name}? Perangkat ini langsung tidak dapat dipakai.",
        "Revoke the device {name}? It is locked out at once.",
    ),
    "admin_add_device": _t("Daftarkan perangkat", "Register device"),
    "admin_token_once": _t(
        "Token perangkat hanya ditampilkan sekali. Buka alamat pemasangan ini di perangkat.",
        "The device token is shown only once. Open this set-up address on the device.",
    ),
    "admin_setup_url": _t("Alamat pemasangan", "Set-up address"),
    "admin_staff": _t("Petugas", "Staff"),
    "admin_role": _t("Peran", "Role"),
    "admin_role_officer": _t("Petugas loket", "Officer"),
    "admin_role_supervisor": _t("Supervisor", "Supervisor"),
    "admin_add_staff": _t("Tambah petugas", "Add staff member"),
    "admin_staff_added": _t("Akun {username} dibuat.", "Account {username} created."),
    "admin_today": _t("Hari ini", "Today"),
    "admin_live_connecting": _t("Menghubungkan…", "Connecting…"),
    "admin_live_on": _t("Langsung", "Live"),
    "admin_live_polling": _t("Diperbarui tiap 30 detik", "Refreshed every 30 seconds"),
    "admin_updated_at": _t("Diperbarui {time}", "Updated {time}"),
    "admin_inside_now": _t("Orang di dalam sekarang", "People inside now"),
    "admin_waiting_now": _t("Menunggu sekarang", "Waiting now"),
    "admin_average_wait": _t("Rata-rata waktu tunggu", "Average wait"),
    "admin_minutes": _t("menit", "minutes"),
    "admin_counters_open": _t("Loket buka", "Counters open"),
    "admin_slots_today": _t("Pemesanan per slot hari ini", "Bookings per slot today"),
    "admin_slots_help": _t(
        "Setiap batang menunjukkan orang yang memesan dibandingkan kapasitas slot.",
        "Each bar shows people booked against the slot's capacity.",
    ),
    "admin_slots_table": _t("Tampilkan sebagai tabel", "Show as a table"),
    "admin_booked_of": _t("{booked} dari {capacity}", "{booked} of {capacity}"),
    "admin_no_slots": _t("Tidak ada slot hari ini.", "No slots today."),
    "admin_daily_report": _t("Laporan harian", "Daily report"),
    "admin_period_report": _t("Laporan periode", "Period report"),
    "admin_from": _t("Dari", "From"),
    "admin_to": _t("Sampai", "To"),
    "admin_show": _t("Tampilkan", "Show"),
    "admin_download_csv": _t("Unduh CSV", "Download CSV"),
    "admin_fig_bookings": _t("Pemesanan", "Bookings"),
    "admin_fig_check_ins": _t("Check-in", "Check-ins"),
    "admin_fig_walk_ins": _t("Pengunjung langsung", "Walk-ins"),
    "admin_fig_served": _t("Dilayani", "Served"),
    "admin_fig_no_shows": _t("Tidak hadir", "No-shows"),
    "admin_fig_cancellations": _t("Pembatalan", "Cancellations"),
    "admin_fig_average_wait_minutes": _t("Rata-rata tunggu (menit)", "Average wait (minutes)"),
    "admin_fig_average_service_minutes": _t(
        "Rata-rata layanan (menit)", "Average service (minutes)"
    ),
    "admin_fig_peak_occupancy": _t("Puncak orang di dalam", "Peak occupancy"),
    "admin_chart_label": _t("Grafik: {title}", "Chart: {title}"),
    "admin_ikm": _t("Indeks Kepuasan Masyarakat (IKM)", "Public satisfaction index (IKM)"),
    "admin_ikm_summary": _t(
        "IKM {ikm} — mutu {category} ({label}), {respondents} responden",
        "IKM {ikm} — grade {category} ({label}), {respondents} respondents",
    ),
    "admin_ikm_none": _t("Belum ada responden pada periode ini.", "No respondents in this period."),
    "admin_ikm_element": _t("Unsur {n}", "Element {n}"),
    "admin_trace": _t("Pelacakan kontak", "Contact tracing"),
    "admin_trace_audited": _t(
        "Setiap pencarian dicatat dalam log audit beserta nama Anda.",
        "Every query is recorded in the audit log with your name.",
    ),
    "admin_trace_run": _t("Cari kunjungan", "Find visits"),
    "admin_trace_empty": _t(
        "Tidak ada kunjungan pada rentang waktu ini.", "No visits in this window."
    ),
    "admin_arrived": _t("Datang", "Arrived"),
    "admin_left": _t("Pulang", "Left"),
    "admin_still_inside": _t("Masih di dalam", "Still inside"),
    "admin_phone": _t("Telepon", "Phone"),
    "admin_party": _t("Jumlah orang", "Party size"),
}
