"""Tickets on ESC/POS thermal printers (python-escpos, an optional extra).

The ticket is issued before anything is printed: a printer that is missing, off, out of paper
or slow only makes `print_ticket` answer False (the page still shows the ticket and can print
it through the browser). Targets: "tcp://HOST[:PORT]" for a network printer,
"usb://VENDOR:PRODUCT" (hex ids) for a USB one, "file:///dev/usb/lp0" for a device file."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from app.i18n import translate

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3


def ticket_lines(ticket: dict[str, Any], lang: str = "id") -> list[str]:
    """What the slip says under the big number (plain text: no personal data)."""
    lines = [translate("print_service", lang, service=ticket.get("service") or "-")]
    if ticket.get("position") is not None:
        lines.append(translate("print_position", lang, position=ticket["position"]))
    if ticket.get("estimated_wait_minutes") is not None:
        lines.append(translate("print_wait", lang, minutes=ticket["estimated_wait_minutes"]))
    return lines


def open_printer(target: str) -> Any:
    """An escpos printer for a target URL; raises ImportError without the extra."""
    from escpos import printer

    parts = urlsplit(target)
    if parts.scheme == "tcp":
        return printer.Network(parts.hostname, parts.port or 9100, timeout=CONNECT_TIMEOUT_S)
    if parts.scheme == "usb":
        vendor, _, product = parts.netloc.partition(":")
        return printer.Usb(int(vendor, 16), int(product, 16))
    if parts.scheme == "file":
        return printer.File(parts.path)
    raise ValueError(f"unknown printer target scheme {parts.scheme!r}")


def render(device: Any, ticket: dict[str, Any], lang: str = "id") -> None:
    device.set(align="center", bold=True)
    device.text(translate("print_title", lang) + "\n")
    device.set(align="center", bold=True, double_height=True, double_width=True)
    device.text(f"{ticket['number']}\n")
    device.set(align="center", bold=False, normal_textsize=True)
    for line in ticket_lines(ticket, lang):
        device.text(line + "\n")
    device.cut()


def print_ticket(target: str, ticket: dict[str, Any], lang: str = "id") -> bool:
    """Print one ticket; never raises: False when nothing could be printed."""
    if not target:
        return False
    try:
        device = open_printer(target)
        try:
            render(device, ticket, lang)
        finally:
            device.close()
    except Exception as error:  # noqa: BLE001 (any printer fault must not reach the visitor)
        log.warning("ticket printer %s failed: %s", urlsplit(target).scheme, type(error).__name__)
        return False
    return True
