"""All models, imported here so that metadata (and migrations) see every table."""

from app.models.audit import AuditEntry
from app.models.booking import Booking, SlotCount
from app.models.device import Device
from app.models.lease import JobRun, SchedulerLease
from app.models.notification import Notification
from app.models.office import Closure, Counter, Office, Service, counter_services
from app.models.queue import Ticket, TicketSequence
from app.models.staff import ApiToken, Staff
from app.models.survey import SurveyResponse
from app.models.waitlist import ProtocolLevel, WaitlistEntry

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Booking",
    "Closure",
    "Counter",
    "Device",
    "JobRun",
    "Notification",
    "ProtocolLevel",
    "SchedulerLease",
    "Office",
    "Service",
    "SlotCount",
    "Staff",
    "SurveyResponse",
    "Ticket",
    "TicketSequence",
    "WaitlistEntry",
    "counter_services",
]
