"""From the kiosk's request to the check-in service: the screening as the office sets it."""

from __future__ import annotations

from flask import current_app

from app.models import Office
from app.services.checkin import Screening
from kiosk.schemas import HealthScreening

DEFAULT_LIMIT_C = 37.3  # KMK HK.01.07/MENKES/382/2020


def temperature_limit(office: Office) -> float:
    """The office's own threshold, else the configured one (37.3 °C by default)."""
    if office.temperature_limit_c:
        return float(office.temperature_limit_c)
    return float(current_app.config.get("TEMPERATURE_LIMIT_C") or DEFAULT_LIMIT_C)


def screening_of(health: HealthScreening, office: Office) -> Screening:
    """Only pass or fail comes out of this: the temperature itself is never stored."""
    symptoms = tuple(health.symptoms) + (("close_contact",) if health.close_contact else ())
    return Screening(health.temperature_c, symptoms, temperature_limit(office))
