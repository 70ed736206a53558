"""All models, imported here so that metadata (and migrations) see every table."""

from app.models.audit import AuditEntry
from app.models.booking import Booking, SlotCount
from app.models.device import Device
from app.models.office import Closure, Counter, Office, Service, counter_services
from app.models.queue import Ticket, TicketSequence
from app.models.staff import ApiToken, Staff
from app.models.survey import SurveyResponse

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Booking",
    "Closure",
    "Counter",
    "Device",
    "Office",
    "Service",
    "SlotCount",
    "Staff",
    "SurveyResponse",
    "Ticket",
    "TicketSequence",
    "counter_services",
]
