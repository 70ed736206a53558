"""Texts of the survey, reports, contact tracing and the audit log (Indonesian and English)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "ticket_unknown": {
        "id": "Nomor antrean tidak ditemukan.",
        "en": "Ticket not found.",
    },
    "survey_exists": {
        "id": "Survei untuk nomor antrean ini sudah diisi. Terima kasih atas penilaian Anda.",
        "en": "The survey for this ticket has already been answered. Thank you for your rating.",
    },
    "survey_ticket_not_completed": {
        "id": "Survei dapat diisi setelah layanan untuk nomor antrean ini selesai.",
        "en": "The survey can be answered once the service for this ticket is completed.",
    },
    "survey_answers_invalid": {
        "id": "Isi 9 jawaban, masing-masing angka 1 sampai 4, sesuai urutan unsur survei.",
        "en": "Give 9 answers, each a whole number from 1 to 4, in the order of the elements.",
    },
    "report_range_invalid": {
        "id": "Rentang tanggal tidak valid: 'to' tidak boleh sebelum 'from' dan paling lama "
        "400 hari.",
        "en": "Invalid date range: 'to' may not be before 'from', and at most 400 days.",
    },
    "trace_window_invalid": {
        "id": "Rentang waktu tidak valid: 'to' harus setelah 'from' dan paling lama 7 hari.",
        "en": "Invalid time window: 'to' must be after 'from', and at most 7 days.",
    },
    "audit_office_required": {
        "id": "Supervisor hanya dapat melihat log audit kantornya sendiri.",
        "en": "A supervisor may only read their own office's audit log.",
    },
    "report_all": {"id": "Semua layanan", "en": "All services"},
    "report_total": {"id": "Total", "en": "Total"},
}
