"""A demo office to click through: services, counters, a kiosk, a display and staff.

Running it again refreshes the demo: new device tokens and the demo passwords, so the lines it
prints always work."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.clock import now
from app.extensions import db
from app.models import Device, Office, Staff
from app.services import devices, offices, staff
from app.signals import commit

SLUG = "mpp-demo"
PASSWORDS = {
    "admin": "admin-demo-2026",
    "supervisor": "supervisor-demo-2026",
    "officer": "officer-demo-2026",
}
WEEK = {
    "mon": [["08:00", "12:00"], ["13:00", "15:30"]],
    "tue": [["08:00", "12:00"], ["13:00", "15:30"]],
    "wed": [["08:00", "12:00"], ["13:00", "15:30"]],
    "thu": [["08:00", "12:00"], ["13:00", "15:30"]],
    "fri": [["08:00", "11:30"], ["13:00", "15:30"]],
    "sat": [["08:00", "12:00"]],
    "sun": [],
}
SERVICES = [
    {
        "code": "ktp",
        "name": "KTP Elektronik (perekaman & pencetakan)",
        "prefix": "A",
        "avg_service_minutes": 10,
        "online_url": None,
        "requirements": ["Fotokopi Kartu Keluarga", "Surat pengantar RT/RW (perekaman baru)"],
        "standard": {
            "procedure": (
                "Ambil nomor antrean, verifikasi berkas, perekaman biometrik, cetak KTP-el."
            ),
            "completion_time": "1 hari kerja",
            "fee": "Gratis (Rp0)",
            "complaints": "SP4N LAPOR! — lapor.go.id, atau meja pengaduan di lantai 1",
        },
    },
    {
        "code": "kk",
        "name": "Kartu Keluarga (perubahan data)",
        "prefix": "B",
        "avg_service_minutes": 15,
        "online_url": "https://dukcapil.example.go.id/layanan-online",
        "requirements": ["Kartu Keluarga lama", "Dokumen pendukung perubahan"],
        "standard": {
            "procedure": "Verifikasi berkas, entri data, tanda tangan elektronik, cetak KK.",
            "completion_time": "1 hari kerja",
            "fee": "Gratis (Rp0)",
            "complaints": "SP4N LAPOR! — lapor.go.id",
        },
    },
    {
        "code": "akta",
        "name": "Akta Kelahiran",
        "prefix": "C",
        "avg_service_minutes": 20,
        "online_url": "https://dukcapil.example.go.id/akta-online",
        "requirements": ["Surat keterangan lahir", "Kartu Keluarga", "KTP-el kedua orang tua"],
        "standard": {
            "procedure": "Verifikasi berkas, entri data, penerbitan akta.",
            "completion_time": "1 hari kerja",
            "fee": "Gratis (Rp0)",
            "complaints": "SP4N LAPOR! — lapor.go.id",
        },
    },
]


def _demo_office() -> Office:
    office = db.session.scalar(select(Office).where(Office.slug == SLUG))
    if office is not None:
        return office
    office = offices.create_office(
        {
            "slug": SLUG,
            "name": "Mal Pelayanan Publik (Demo)",
            "timezone": "Asia/Jakarta",
            "address": "Jl. Merdeka No. 1, Jakarta",
            "waiting_room_m2": 120,
            "seats": 40,
            "distancing_m": 1.5,
            "capacity_pct": 50,
            "slot_minutes": 30,
            "cleaning_minutes": 0,
            "booking_horizon_days": 30,
            "checkin_early_minutes": 30,
            "checkin_late_minutes": 15,
            "walk_in_share": 0.2,
            "observe_national_holidays": True,
            "weekly_hours": WEEK,
        }
    )
    for fields in SERVICES:
        offices.create_service(office, fields)
    offices.create_counter(office, "Loket 1", ["ktp"])
    offices.create_counter(office, "Loket 2", ["ktp", "kk"])
    offices.create_counter(office, "Loket 3", ["kk", "akta"])
    return office


def _demo_staff(office: Office) -> None:
    for role, password in PASSWORDS.items():
        username = f"{role}-demo" if role != "admin" else "admin"
        account = db.session.scalar(select(Staff).where(Staff.username == username))
        if account is None:
            staff.create_staff(username, password, role, None if role == "admin" else office)
        else:
            account.password_hash = generate_password_hash(password)
            account.is_active = True


def _fresh_devices(office: Office) -> dict[str, str]:
    moment = now()
    for device in db.session.scalars(select(Device).where(Device.office_id == office.id)):
        devices.revoke_device(device, moment)
    tokens = {}
    for kind, name in (("kiosk", "Kios pintu masuk"), ("display", "Layar ruang tunggu")):
        _, tokens[kind] = devices.register_device(office, kind, name, moment)
    return tokens


def create_demo() -> list[str]:
    office = _demo_office()
    _demo_staff(office)
    tokens = _fresh_devices(office)
    commit()
    base = "http://127.0.0.1:5000"
    return [
        f"Demo office '{office.name}' ({SLUG}) is ready.",
        "",
        f"  Citizens book at        {base}/o/{SLUG}",
        f"  Kiosk (open once)       {base}/kiosk/setup?token={tokens['kiosk']}",
        f"  Waiting-room display    {base}/display/setup?token={tokens['display']}",
        f"  Public queue board      {base}/board/{SLUG}",
        f"  Staff sign-in           {base}/staff/login",
        f"  API description         {base}/api/v1/openapi.json",
        "",
        "  Staff accounts (username / password):",
        f"    admin / {PASSWORDS['admin']}",
        f"    supervisor-demo / {PASSWORDS['supervisor']}",
        f"    officer-demo / {PASSWORDS['officer']}",
    ]
