"""Counters and the queue: call-next, the ticket's life at the counter, the queue body."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Booking, Counter, Ticket
from app.services import offices, queue
from scheduling.queueing import QueueItem, order_queue
from tests.conftest import Api, create_schema, make_app
from tests.test_kiosk_api import SLUG, Kiosk, at, book


@pytest.fixture
def office(api):
    return api.setup_office(counters=2)


@pytest.fixture
def kiosk(api, office):
    return Kiosk(api)


@pytest.fixture
def counters(api, office):
    return [c["id"] for c in api.call("GET", f"/offices/{SLUG}/counters").get_json()["counters"]]


def officer(api, method: str, path: str, **kwargs):
    return api.call(method, path, role="officer", office=SLUG, **kwargs)


def checked_in(api, clock, kiosk, starts: list[str], when: str) -> list[dict]:
    bookings = [book(api, start=start) for start in starts]
    clock.set(at(when))
    tickets = []
    for booking in bookings:
        response = kiosk.checkin(booking["qr"]["payload"])
        assert response.status_code == 201, response.get_json()
        tickets.append(response.get_json()["ticket"])
    return tickets


def test_call_next_start_complete(api, app, clock, kiosk, counters):
    [ticket] = checked_in(
        api, clock, kiosk, ["2026-12-08T08:00:00+07:00"], "2026-12-08T08:00+07:00"
    )
    called = officer(api, "POST", f"/counters/{counters[0]}/call-next")
    assert called.status_code == 200, called.get_json()
    body = called.get_json()["ticket"]
    assert (body["id"], body["status"], body["counter"]) == (ticket["id"], "called", "Loket 1")
    assert body["called_at"] == "2026-12-08T08:00:00+07:00"
    started = officer(api, "POST", f"/tickets/{ticket['id']}/start")
    assert started.get_json()["ticket"]["status"] == "serving"
    # "with the ticket": its fields are also at the top level of every answer
    assert started.get_json()["status"] == "serving"
    assert started.get_json()["id"] == ticket["id"]
    clock.set(at("2026-12-08T08:12:00+07:00"))
    done = officer(api, "POST", f"/tickets/{ticket['id']}/complete")
    assert done.status_code == 200
    assert done.get_json()["ticket"]["completed_at"] == "2026-12-08T08:12:00+07:00"
    with app.app_context():
        assert Booking.query.filter_by(code=ticket["booking_code"]).one().status == "done"
    empty = officer(api, "POST", f"/counters/{counters[0]}/call-next")
    assert (empty.status_code, empty.get_json()["error"]["code"]) == (409, "queue_empty")


def test_queue_body_is_public_and_has_no_names(api, clock, kiosk, counters):
    checked_in(api, clock, kiosk, ["2026-12-08T08:00:00+07:00"] * 2, "2026-12-08T07:50+07:00")
    clock.set(at("2026-12-08T08:00+07:00"))
    officer(api, "POST", f"/counters/{counters[1]}/call-next")
    response = api.client.get(f"/api/v1/offices/{SLUG}/queue")
    assert response.status_code == 200
    body = response.get_json()
    assert body["date"] == "2026-12-08"
    assert body["waiting"] == [
        {
            "number": "A-002",
            "service": "ktp",
            "priority": "none",
            "source": "appointment",
            "estimated_wait_minutes": 5,
        }
    ]
    assert body["called"] == [
        {"number": "A-001", "counter": "Loket 2", "called_at": "2026-12-08T08:00:00+07:00"}
    ]
    assert body["occupancy"] == {"present": 2, "limit": 20}
    assert body["version"] == 3
    assert "Siti" not in response.get_data(as_text=True)


def error_of(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


def call(api, counter: int):
    return officer(api, "POST", f"/counters/{counter}/call-next")


def test_only_staff_of_the_office_act(api, clock, kiosk, counters):
    [ticket] = checked_in(
        api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T07:45+07:00"
    )
    api.setup_office(slug="samsat-test")
    anonymous = api.client.post(f"/api/v1/counters/{counters[0]}/call-next")
    assert error_of(anonymous) == (401, "unauthorized")
    stranger = api.call(
        "POST", f"/counters/{counters[0]}/call-next", role="officer", office="samsat-test"
    )
    assert error_of(stranger) == (403, "forbidden")
    stranger = api.call(
        "POST", f"/tickets/{ticket['id']}/start", role="officer", office="samsat-test"
    )
    assert error_of(stranger) == (403, "forbidden")
    assert api.call("POST", f"/counters/{counters[0]}/call-next").status_code == 200  # admin
    assert error_of(officer(api, "POST", "/tickets/9999/start")) == (404, "not_found")


def open_ticket(api, counter: int, **caller):
    """GET /counters/{id}/ticket, by an officer of the office unless another caller is given."""
    caller = caller or {"role": "officer", "office": SLUG}
    return api.call("GET", f"/counters/{counter}/ticket", **caller)


def test_the_counters_open_ticket_is_the_latest_called_or_serving_one(api, clock, kiosk, counters):
    first, second = checked_in(
        api, clock, kiosk, ["2026-12-07T08:00:00+07:00"] * 2, "2026-12-07T08:00+07:00"
    )
    call(api, counters[0])
    response = open_ticket(api, counters[0])
    assert response.status_code == 200
    called = response.get_json()["ticket"]
    assert (called["id"], called["status"], called["counter_id"]) == (
        first["id"],
        "called",
        counters[0],
    )
    # the same ticket as the other ticket answers give it
    assert called == officer(api, "GET", f"/tickets/{first['id']}").get_json()["ticket"]
    clock.set(at("2026-12-07T08:01+07:00"))
    officer(api, "POST", f"/tickets/{first['id']}/start")
    assert open_ticket(api, counters[0]).get_json()["ticket"]["status"] == "serving"
    clock.set(at("2026-12-07T08:02+07:00"))
    call(api, counters[0])  # called over the one in service: the latest call is the open one
    assert open_ticket(api, counters[0]).get_json()["ticket"]["id"] == second["id"]


def test_a_counter_with_nothing_open_answers_null(api, clock, kiosk, counters):
    assert open_ticket(api, counters[0]).get_json() == {"ticket": None}
    [ticket] = checked_in(
        api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T08:00+07:00"
    )
    assert open_ticket(api, counters[0]).get_json() == {"ticket": None}  # waiting, not called
    call(api, counters[0])
    officer(api, "POST", f"/tickets/{ticket['id']}/complete")
    assert open_ticket(api, counters[0]).get_json() == {"ticket": None}


def test_another_counters_ticket_is_not_this_counters(api, clock, kiosk, counters):
    checked_in(api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T08:00+07:00")
    call(api, counters[1])
    assert open_ticket(api, counters[0]).get_json() == {"ticket": None}
    assert open_ticket(api, counters[1]).get_json()["ticket"]["counter"] == "Loket 2"


def test_only_staff_of_the_office_read_the_counters_open_ticket(api, clock, kiosk, counters):
    checked_in(api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T08:00+07:00")
    call(api, counters[0])
    api.setup_office(slug="samsat-test")
    anonymous = open_ticket(api, counters[0], role=None)
    assert error_of(anonymous) == (401, "unauthorized")
    stranger = open_ticket(api, counters[0], role="officer", office="samsat-test")
    assert error_of(stranger) == (403, "forbidden")
    assert open_ticket(api, counters[0], role="supervisor", office=SLUG).status_code == 200
    assert open_ticket(api, counters[0], role="admin").status_code == 200
    assert error_of(open_ticket(api, 9999)) == (404, "not_found")


def test_a_closed_counter_calls_nobody(api, clock, kiosk, counters):
    checked_in(api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T07:45+07:00")
    assert officer(api, "POST", f"/counters/{counters[0]}/close").status_code == 200
    assert error_of(call(api, counters[0])) == (409, "counter_closed")
    officer(api, "POST", f"/counters/{counters[0]}/open")
    assert call(api, counters[0]).status_code == 200


def test_a_counter_calls_only_its_services(api, clock, kiosk, counters):
    api.create_service(SLUG, code="kk", name="Kartu Keluarga", prefix="B")
    kk_counter = api.create_counter(SLUG, name="Loket KK", services=["kk"])["id"]
    b = book(api, start="2026-12-07T08:00:00+07:00", service="kk")
    a = book(api, start="2026-12-07T08:00:00+07:00")
    clock.set(at("2026-12-07T07:50+07:00"))
    kiosk.checkin(b["qr"]["payload"])
    kiosk.checkin(a["qr"]["payload"])
    assert call(api, counters[0]).get_json()["ticket"]["number"] == "A-001"
    assert error_of(call(api, counters[0])) == (409, "queue_empty")
    assert call(api, kk_counter).get_json()["ticket"]["number"] == "B-001"


def test_call_order_priority_appointments_and_walk_ins(api, clock, kiosk, counters):
    starts = ["2026-12-07T08:00:00+07:00"] * 6
    bookings = [book(api, start=s) for s in starts[:5]]
    elderly = book(api, start="2026-12-07T08:30:00+07:00", priority="elderly")
    clock.set(at("2026-12-07T08:00+07:00"))
    walk_in = kiosk.walk_in().get_json()["ticket"]["number"]  # A-001, came at 08:00
    numbers = [kiosk.checkin(b["qr"]["payload"]).get_json()["ticket"]["number"] for b in bookings]
    priority = kiosk.checkin(elderly["qr"]["payload"]).get_json()["ticket"]["number"]
    queue = api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()
    assert [w["number"] for w in queue["waiting"]] == [priority, *numbers, walk_in]
    # the walk-in came at 08:00, when the 08:00 slot had begun: it waits behind those slots
    called = [call(api, counters[0]).get_json()["ticket"]["number"] for _ in range(7)]
    assert called == [priority, *numbers, walk_in]


def test_walk_ins_get_their_turn_between_appointments(api, clock, kiosk, counters):
    bookings = [book(api, start="2026-12-07T09:00:00+07:00") for _ in range(6)]
    clock.set(at("2026-12-07T08:35+07:00"))
    tickets = [kiosk.checkin(b["qr"]["payload"]).get_json()["ticket"]["number"] for b in bookings]
    walk_ins = [kiosk.walk_in().get_json()["ticket"]["number"] for _ in range(2)]
    called = [call(api, counters[n % 2]).get_json()["ticket"]["number"] for n in range(8)]
    # walk_in_share 0.2: one walk-in after every 4 appointments, counted across the calls
    assert called == [*tickets[:4], walk_ins[0], *tickets[4:], walk_ins[1]]


def test_recall_start_no_show_and_invalid_transitions(api, app, clock, kiosk, counters):
    t1, t2 = checked_in(
        api, clock, kiosk, ["2026-12-07T08:00:00+07:00"] * 2, "2026-12-07T08:00+07:00"
    )
    assert error_of(officer(api, "POST", f"/tickets/{t1['id']}/recall")) == (409, "ticket_state")
    assert error_of(officer(api, "POST", f"/tickets/{t1['id']}/complete")) == (409, "ticket_state")
    call(api, counters[0])
    recalled = officer(api, "POST", f"/tickets/{t1['id']}/recall").get_json()["ticket"]
    assert (recalled["status"], recalled["recall_count"]) == ("called", 1)
    no_show = officer(api, "POST", f"/tickets/{t1['id']}/no-show", json={})
    assert no_show.get_json()["ticket"]["status"] == "no_show"
    with app.app_context():
        assert Booking.query.filter_by(code=t1["booking_code"]).one().status == "no_show"
    assert error_of(officer(api, "POST", f"/tickets/{t1['id']}/start")) == (409, "ticket_state")
    call(api, counters[0])
    assert officer(api, "POST", f"/tickets/{t2['id']}/start").status_code == 200
    assert error_of(officer(api, "POST", f"/tickets/{t2['id']}/start")) == (409, "ticket_state")
    assert error_of(officer(api, "POST", f"/tickets/{t2['id']}/no-show")) == (409, "ticket_state")
    queue = api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()
    assert queue["occupancy"]["present"] == 1  # the no-show left the room
    assert officer(api, "POST", f"/tickets/{t2['id']}/complete").status_code == 200
    assert error_of(officer(api, "POST", f"/tickets/{t2['id']}/complete")) == (409, "ticket_state")
    assert api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()["occupancy"]["present"] == 0


def test_transfer_keeps_number_and_place_in_time(api, clock, kiosk, counters):
    api.create_service(SLUG, code="kk", name="Kartu Keluarga", prefix="B")
    kk_counter = api.create_counter(SLUG, name="Loket KK", services=["kk"])["id"]
    early = book(api, start="2026-12-07T08:00:00+07:00")
    later = book(api, start="2026-12-07T08:30:00+07:00", service="kk")
    clock.set(at("2026-12-07T08:05+07:00"))
    moved = kiosk.checkin(early["qr"]["payload"]).get_json()["ticket"]
    kiosk.checkin(later["qr"]["payload"])
    call(api, counters[0])
    assert error_of(
        officer(api, "POST", f"/tickets/{moved['id']}/transfer", json={"service": "ktp"})
    ) == (
        409,
        "transfer_same_service",
    )
    unknown = officer(api, "POST", f"/tickets/{moved['id']}/transfer", json={"service": "nope"})
    assert error_of(unknown) == (422, "validation")
    response = officer(api, "POST", f"/tickets/{moved['id']}/transfer", json={"service": "kk"})
    assert response.status_code == 200, response.get_json()
    ticket = response.get_json()["ticket"]
    assert (ticket["number"], ticket["service"], ticket["status"]) == ("A-001", "kk", "waiting")
    assert ticket["position"] == 1  # its 08:00 place comes before the 08:30 booking
    assert call(api, kk_counter).get_json()["ticket"]["number"] == "A-001"


def test_estimated_wait_follows_recent_service_times(api, clock, kiosk, counters):
    tickets = checked_in(
        api, clock, kiosk, ["2026-12-07T08:00:00+07:00"] * 3, "2026-12-07T08:00+07:00"
    )
    # two counters open, 10 minutes by default: the third waits 3 × 10 / 2 = 15 minutes
    assert tickets[2]["estimated_wait_minutes"] == 15
    first = call(api, counters[0]).get_json()["ticket"]
    officer(api, "POST", f"/tickets/{first['id']}/start")
    clock.set(at("2026-12-07T08:20+07:00"))
    officer(api, "POST", f"/tickets/{first['id']}/complete")
    officer(api, "POST", f"/counters/{counters[1]}/close")
    waiting = api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()["waiting"]
    # one service of 20 minutes draws the average from 10 towards it: (3 × 10 + 20) / 4 = 12.5
    assert [w["estimated_wait_minutes"] for w in waiting] == [13, 25]


def test_every_change_grows_the_version_and_signals_after_commit(api, app, clock, kiosk, counters):
    from app.signals import occupancy_changed, queue_changed, ticket_called

    heard: list[tuple[str, dict]] = []

    def listener(name):
        return lambda sender, **payload: heard.append((name, {"office": sender, **payload}))

    receivers = {
        s: listener(n)
        for s, n in (
            (queue_changed, "queue"),
            (ticket_called, "called"),
            (occupancy_changed, "occupancy"),
        )
    }
    for signal, receiver in receivers.items():
        signal.connect(receiver)
    try:
        [ticket] = checked_in(
            api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T08:00+07:00"
        )
        versions = [api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()["version"]]
        for path in (
            f"/counters/{counters[0]}/call-next",
            f"/tickets/{ticket['id']}/recall",
            f"/tickets/{ticket['id']}/start",
            f"/tickets/{ticket['id']}/complete",
        ):
            assert officer(api, "POST", path).status_code == 200
            versions.append(api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()["version"])
        assert error_of(call(api, counters[0])) == (409, "queue_empty")
        versions.append(api.client.get(f"/api/v1/offices/{SLUG}/queue").get_json()["version"])
    finally:
        for signal, receiver in receivers.items():
            signal.disconnect(receiver)
    assert versions == [1, 2, 3, 4, 5, 5]  # a refused call changes nothing
    names = [name for name, _ in heard]
    assert names == [
        "queue",
        "occupancy",
        "queue",
        "called",
        "queue",
        "called",
        "queue",
        "queue",
        "occupancy",
    ]
    calls = [payload for name, payload in heard if name == "called"]
    assert [(c["ticket_id"], c["recall"]) for c in calls] == [
        (ticket["id"], False),
        (ticket["id"], True),
    ]
    # The call as the displays show it comes with the signal, made before the commit.
    shown = [(c["called"].number, c["called"].counter, c["called"].recall_count) for c in calls]
    assert shown == [(ticket["number"], "Loket 1", 0), (ticket["number"], "Loket 1", 1)]


def test_unanswered_calls_become_no_shows(api, app, clock, kiosk, counters):
    from app.extensions import db
    from app.services import queue
    from app.signals import commit

    [ticket] = checked_in(
        api, clock, kiosk, ["2026-12-07T08:00:00+07:00"], "2026-12-07T08:00+07:00"
    )
    call(api, counters[0])
    for _ in range(3):
        officer(api, "POST", f"/tickets/{ticket['id']}/recall")
    with app.app_context():
        assert queue.expire_unanswered_calls(at("2026-12-07T08:04+07:00")) == []
        changed = queue.expire_unanswered_calls(at("2026-12-07T08:06+07:00"))
        assert [t.id for t in changed] == [ticket["id"]]
        commit()
        assert db.session.get(Ticket, ticket["id"]).status == "no_show"
        assert Booking.query.filter_by(code=ticket["booking_code"]).one().status == "no_show"


# --- a line's next ticket and places, read in parts, agree with the whole line -------------
#
# call-next reads only the first waiting ticket of each kind, and a ticket's place is computed
# from its line grouped by kind and time; both must give what ordering the whole line gives,
# whatever the line, the run of appointments called before it and the services asked about.

QUEUE_DAY = date(2026, 12, 7)
QUEUE_START = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
WAITING_TICKETS = st.lists(
    st.tuples(
        st.sampled_from(["none", "none", "none", "elderly", "child"]),  # priority
        st.sampled_from(["appointment", "walk_in"]),  # source
        st.integers(0, 5),  # queue_at, in 5-minute steps: ties happen
        st.sampled_from([0, 1]),  # which of the two services
    ),
    max_size=14,
)
CALLED_BEFORE = st.lists(st.sampled_from(["appointment", "walk_in"]), max_size=6)
# The day's numbers, handed out in another order than the rows were made (a transferred
# ticket keeps its number): time order breaks ties on the number before the row.
SERIALS = st.permutations(range(1, 21))
LINES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def line_app(request, app, clock):
    """An office with two services, on SQLite or on PostgreSQL."""
    application = app
    if request.param == "postgresql":
        application = make_app(request.getfixturevalue("pg_url"), clock)
        create_schema(application)
    api = Api(application.test_client(), application)
    api.setup_office(counters=1)
    api.create_service(SLUG, code="kk", name="Kartu Keluarga", prefix="B")
    yield application
    with application.app_context():
        db.engine.dispose()


def build_line(waiting, called, share, serials):
    """The office's line (inside an app context, to be rolled back): (office, services)."""
    office = offices.get_office(SLUG)
    office.walk_in_share = share
    services = sorted(office.services, key=lambda s: s.id)
    serials = iter(serials)
    for source in called:
        db.session.add(
            queue_ticket(office, services[0], next(serials), source, "none", 0, "called")
        )
    for priority, source, step, which in waiting:
        db.session.add(queue_ticket(office, services[which], next(serials), source, priority, step))
    db.session.flush()
    return office, services


# A line of waiting and already-called tickets over two services, with a walk-in share.
ANY_LINE = given(
    waiting=WAITING_TICKETS,
    called=CALLED_BEFORE,
    share=st.sampled_from([0.0, 0.2, 0.5]),
    serials=SERIALS,
)


@LINES
@ANY_LINE
def test_the_heads_of_the_kinds_name_the_next_ticket_of_the_whole_line(
    line_app, waiting, called, share, serials
):
    with line_app.app_context():
        office, services = build_line(waiting, called, share, serials)
        for chosen in ([services[0]], [services[1]], services):
            ids = [s.id for s in chosen]
            counter = Counter(office=office, name=f"Loket {ids}", is_open=True, services=chosen)
            db.session.add(counter)
            db.session.flush()
            line = queue.in_call_order(
                office, queue.waiting_rows(office, QUEUE_DAY, ids), QUEUE_DAY
            )
            expected = line[0].id if line else None
            assert queue.next_in_line(office, QUEUE_DAY, counter.id) == expected
        db.session.rollback()


@LINES
@ANY_LINE
def test_a_tickets_place_from_its_grouped_line_is_its_place_in_the_whole_line(
    line_app, clock, waiting, called, share, serials
):
    with line_app.app_context():
        office, services = build_line(waiting, called, share, serials)
        for service in services:
            line = queue.in_call_order(
                office, queue.waiting_rows(office, QUEUE_DAY, [service.id]), QUEUE_DAY
            )
            for place, row in enumerate(line, start=1):
                ticket = db.session.get(Ticket, row.id)
                assert queue.standing(ticket, clock())[0] == place, (row, line)
        db.session.rollback()


@settings(max_examples=1500, deadline=None)
@given(
    line=st.lists(
        st.tuples(
            st.sampled_from(["none", "none", "elderly"]),
            st.sampled_from(["appointment", "walk_in"]),
            st.integers(0, 4),
        ),
        max_size=16,
    ),
    every=st.integers(1, 4),
    run=st.integers(0, 5),
)
def test_place_in_line_walks_the_interleave_of_the_queue_rules(line, every, run):
    """The grouped walk (no database) against scheduling.queueing.order_queue itself."""
    items = [
        QueueItem(n, QUEUE_START + timedelta(minutes=5 * step), n, source, priority)
        for n, (priority, source, step) in enumerate(line)
    ]
    for place, item in enumerate(order_queue(items, every, run), start=1):
        kind = queue.kind_of(item.priority, item.source)
        groups = {}
        for other in items:
            key = (queue.kind_of(other.priority, other.source), other.queue_at)
            count, earlier = groups.get(key, (0, 0))
            is_earlier = (other.queue_at, other.seq, other.id) < (item.queue_at, item.seq, item.id)
            groups[key] = (count + 1, earlier + is_earlier)
        grouped = [queue.LineGroup(k, at, c, e) for (k, at), (c, e) in sorted(groups.items())]
        grouped.sort(key=lambda g: g.at)
        assert queue.place_in_line(grouped, kind, every, run) == place


def queue_ticket(office, service, serial, source, priority, step, status="waiting") -> Ticket:
    queue_at = QUEUE_START + timedelta(minutes=5 * step)
    return Ticket(
        office_id=office.id,
        service_id=service.id,
        local_date=QUEUE_DAY,
        prefix=service.prefix,
        seq=serial,
        number=f"{service.prefix}-{serial:03d}",
        source=source,
        priority=priority,
        party_size=1,
        status=status,
        queue_at=queue_at,
        issued_at=queue_at,
        called_at=QUEUE_START + timedelta(seconds=serial) if status == "called" else None,
        recall_count=0,
    )
