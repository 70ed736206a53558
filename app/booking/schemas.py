"""Request schemas and serialisers for slots and bookings."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import request, url_for
from pydantic import Field

from app.models import Booking, Office
from app.models.booking import QR_STATUSES
from app.schemas import (
    Code,
    Companions,
    Consent,
    Email,
    Instant,
    LocalDate,
    MobilePhone,
    Nik,
    PersonName,
    Schema,
    Slug,
)
from app.serialize import local_iso
from app.services.bookings import Applicant
from app.services.slots import SlotView
from app.services.tokens import sign_qr

Priority = Literal["none", "elderly", "disability", "pregnant", "child"]


class SlotsQuery(Schema):
    service: Code | None = None  # may be left out when the office has only one service
    date: LocalDate | None = None
    from_: Annotated[LocalDate | None, Field(alias="from")] = None
    to: LocalDate | None = None


class HealthDeclaration(Schema):
    symptoms: list[Annotated[str, Field(max_length=100)]] = []
    close_contact: bool = False

    @property
    def declared(self) -> bool:
        return bool(self.symptoms) or self.close_contact


class BookingCreate(Schema):
    office: Slug
    service: Code
    start: Instant
    name: PersonName
    nik: Nik
    phone: MobilePhone
    email: Email = None
    companions: Companions = 0
    priority: Priority = "none"
    health: HealthDeclaration = HealthDeclaration()
    consent: Consent

    def applicant(self, language: str) -> Applicant:
        """The person booking (or joining the waitlist), writing in `language`."""
        return Applicant(
            name=self.name,
            nik=self.nik,
            phone=self.phone,
            email=self.email,
            companions=self.companions,
            priority=self.priority,
            language=language,
        )


class Reschedule(Schema):
    start: Instant


def slot_json(slot: SlotView, office: Office) -> dict[str, Any]:
    return {
        "start": local_iso(slot.start, office.timezone),
        "end": local_iso(slot.end, office.timezone),
        "capacity": slot.capacity,
        "booked": slot.booked,
        "available": slot.available,
        "state": slot.state,
    }


def booking_urls(booking: Booking, token: str | None) -> dict[str, Any]:
    """The QR code's image links only while the images are served (see refuse_unusable_qr);
    `qr` and its payload stay, as the contract names them."""
    qr_payload = sign_qr(booking.code)
    urls: dict[str, Any] = {"qr": {"payload": qr_payload}}
    if not token:
        return urls
    if booking.status in QR_STATUSES:  # (a new booking may be a snapshot: no has_usable_qr)
        urls["qr"]["png_url"] = _own_link("bookings.qr_png", booking.code, token)
        urls["qr"]["svg_url"] = _own_link("bookings.qr_svg", booking.code, token)
    urls["ics_url"] = _own_link("bookings.calendar", booking.code, token)
    urls["manage_url"] = _own_link("booking_pages.manage", booking.code, token)
    return urls


# Stand-ins that url_for leaves as they are, as it leaves codes ([A-Z2-9]) and manage tokens
# (URL-safe base64).
_CODE, _TOKEN = "XCODEX", "XTOKENX"
_LINKS: dict[tuple[str, str], str] = {}
_MOST_LINKS = 256  # endpoints × the host names the server is reached by


def _own_link(endpoint: str, code: str, token: str) -> str:
    """The external URL of one of a booking's own pages: url_for's answer for stand-ins, kept
    per endpoint and host and filled in (four url_for calls were a twelfth of a new booking's
    answer)."""
    key = (endpoint, request.host_url)
    template = _LINKS.get(key)
    if template is None:
        template = url_for(endpoint, code=_CODE, token=_TOKEN, _external=True)
        if len(_LINKS) < _MOST_LINKS:
            _LINKS[key] = template
    return template.replace(_CODE, code, 1).replace(_TOKEN, token, 1)


def booking_json(
    booking: Booking,
    token: str | None = None,
    personal: bool = False,
    office: Any = None,
    service: Any = None,
) -> dict[str, Any]:
    """`office` and `service`, when the caller has them (a new booking), spare loading them."""
    office = office or booking.office
    service = service or booking.service
    body: dict[str, Any] = {
        "code": booking.code,
        "status": booking.status,
        "office": office.slug,
        "service": service.code,
        "start": local_iso(booking.start, office.timezone),
        "end": local_iso(booking.end, office.timezone),
        "companions": booking.companions,
        "priority": booking.priority,
    }
    if personal:
        body["name"] = booking.name
    body.update(booking_urls(booking, token))
    return body
