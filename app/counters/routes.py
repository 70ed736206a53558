"""Counters and the queue: call-next, the counter's open ticket, recall, start, complete,
no-show, transfer; the queue.

`GET /offices/{slug}/queue` is public: it holds ticket numbers only (the same body the public
Socket.IO board gets), so a citizen at home can watch it without an account. Ticket ids (what
the public survey takes) come only from the staff reads, such as `GET /counters/{id}/ticket`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify

from app.api import documented, parse_body
from app.auth import require_office_staff, staff_required
from app.clock import now
from app.counters import shapes
from app.counters.schemas import TransferBody, ticket_json
from app.errors import NotFound, ValidationFailed
from app.i18n import translate
from app.models import Ticket
from app.services import offices, queue
from app.signals import commit

bp = Blueprint("counters", __name__, url_prefix="/api/v1")


@bp.get("/offices/<slug>/queue")
@documented(
    "Today's queue: ticket numbers, calls and occupancy (public)",
    tag="queue",
    response=shapes.QUEUE,
)
def get_queue(slug: str) -> Any:
    office = offices.get_office(slug)
    return jsonify(queue.queue_snapshot(office, now()))


def ticket_answer(ticket: queue.TicketLike, instant: datetime) -> dict[str, Any]:
    """API.md gives call-next's answer as {"ticket"} and the ticket actions' as "the ticket":
    every answer carries the ticket under "ticket" and its fields at the top level as well, so
    a client reading either form finds them."""
    ticket_body = ticket_json(ticket, instant)
    return {**ticket_body, "ticket": ticket_body}


@bp.post("/counters/<int:counter_id>/call-next")
@documented(
    "Call the next ticket to this counter", auth="staff", tag="queue", response=shapes.TICKET_ANSWER
)
@staff_required("officer", "supervisor")
def call_next(counter_id: int) -> Any:
    counter = queue.counter_for_call(counter_id)
    require_office_staff(counter.office_id)
    instant = now()
    ticket = queue.call_next(counter, instant)
    body = ticket_answer(ticket, instant)
    commit()
    return jsonify(body)


@bp.get("/counters/<int:counter_id>/ticket")
@documented(
    "The ticket this counter has open today (called or serving), or null",
    auth="staff",
    tag="queue",
    response=shapes.OPEN_TICKET,
)
@staff_required("officer", "supervisor")
def open_ticket(counter_id: int) -> Any:
    counter = offices.get_counter(counter_id)
    require_office_staff(counter.office_id)
    instant = now()
    ticket = queue.open_ticket_at(counter, instant)
    return jsonify({"ticket": ticket_json(ticket, instant) if ticket else None})


def _act(ticket_id: int, action: Callable[[Ticket, datetime], Ticket]) -> Any:
    ticket = queue.get_ticket(ticket_id)
    require_office_staff(ticket.office_id)
    instant = now()
    action(ticket, instant)
    body = ticket_answer(ticket, instant)
    commit()
    return jsonify(body)


@bp.post("/tickets/<int:ticket_id>/recall")
@documented("Call a called ticket again", auth="staff", tag="queue", response=shapes.TICKET_ANSWER)
@staff_required("officer", "supervisor")
def recall(ticket_id: int) -> Any:
    return _act(ticket_id, queue.recall)


@bp.post("/tickets/<int:ticket_id>/start")
@documented(
    "Start serving a called ticket", auth="staff", tag="queue", response=shapes.TICKET_ANSWER
)
@staff_required("officer", "supervisor")
def start(ticket_id: int) -> Any:
    return _act(ticket_id, queue.start)


@bp.post("/tickets/<int:ticket_id>/complete")
@documented(
    "Finish serving: the party leaves the room",
    auth="staff",
    tag="queue",
    response=shapes.TICKET_ANSWER,
)
@staff_required("officer", "supervisor")
def complete(ticket_id: int) -> Any:
    return _act(ticket_id, queue.complete)


@bp.post("/tickets/<int:ticket_id>/no-show")
@documented(
    "A called ticket did not come", auth="staff", tag="queue", response=shapes.TICKET_ANSWER
)
@staff_required("officer", "supervisor")
def no_show(ticket_id: int) -> Any:
    return _act(ticket_id, queue.mark_no_show)


@bp.post("/tickets/<int:ticket_id>/transfer")
@documented(
    "Send a ticket to another service; it keeps its place in time",
    body=TransferBody,
    auth="staff",
    tag="queue",
    response=shapes.TICKET_ANSWER,
)
@staff_required("officer", "supervisor")
def transfer(ticket_id: int) -> Any:
    ticket = queue.get_ticket(ticket_id)
    require_office_staff(ticket.office_id)
    data = parse_body(TransferBody)
    try:
        service = offices.get_service(ticket.office, data.service)
    except NotFound:
        raise ValidationFailed(fields={"service": translate("service_unknown")}) from None
    instant = now()
    queue.transfer(ticket, service, instant)
    body = ticket_answer(ticket, instant)
    commit()
    return jsonify(body)


@bp.get("/tickets/<int:ticket_id>")
@documented(
    "One ticket (officer of its office)", auth="staff", tag="queue", response=shapes.TICKET_ANSWER
)
@staff_required("officer", "supervisor")
def get_ticket(ticket_id: int) -> Any:
    ticket = queue.get_ticket(ticket_id)
    require_office_staff(ticket.office_id)
    return jsonify(ticket_answer(ticket, now()))
