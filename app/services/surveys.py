"""The SKM survey: one anonymous response per completed ticket, and the IKM of a period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import Office, SurveyResponse, Ticket
from app.models.survey import ELEMENT_COLUMNS
from scheduling.ikm import IkmResult, compute_ikm


def get_ticket(ticket_id: int) -> Ticket:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket_unknown")
    return ticket


def submit_response(ticket: Ticket, answers: Sequence[int], comment: str | None) -> SurveyResponse:
    """Store the answers by element code; only the ticket id ties the response to the visit."""
    if ticket.status != "done":
        raise Conflict("survey_ticket_not_completed")
    if db.session.scalar(select(SurveyResponse.id).where(SurveyResponse.ticket_id == ticket.id)):
        raise Conflict("survey_exists")
    response = SurveyResponse(
        office_id=ticket.office_id,
        ticket_id=ticket.id,
        local_date=ticket.local_date,
        comment=comment or None,
        **dict(zip(ELEMENT_COLUMNS, answers, strict=True)),
    )
    db.session.add(response)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # a concurrent answer for the same ticket won the race
        raise Conflict("survey_exists") from None
    return response


def office_ikm(office: Office, first: date, last: date) -> IkmResult:
    """The IKM of the responses for visits on office-local days first…last (inclusive)."""
    columns = [getattr(SurveyResponse, code) for code in ELEMENT_COLUMNS]
    rows = db.session.execute(
        select(*columns).where(
            SurveyResponse.office_id == office.id,
            SurveyResponse.local_date >= first,
            SurveyResponse.local_date <= last,
        )
    )
    return compute_ikm(dict(zip(ELEMENT_COLUMNS, row, strict=True)) for row in rows)
