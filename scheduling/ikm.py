"""The Indeks Kepuasan Masyarakat (IKM) of PermenPANRB No. 14/2017, computed exactly.

Each of the nine elements (unsur) is scored 1–4. An element's NRR (nilai rata-rata) is the sum
of its scores over the respondents who answered it; the IKM on the 1–4 scale is the sum of the
NRRs each weighted 1/9 — the exact fraction, because the printed 0.111 turns a perfect score
into 99.9 — and the converted IKM is that times 25 (25–100). Only the final value is rounded,
to 2 decimals (half up), and the quality category is read from the rounded value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SCALE = (1, 2, 3, 4)
CONVERSION = 25
# Lower bounds of the converted IKM (rounded to 2 decimals) for each quality category.
CATEGORY_BOUNDS = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))
LOWEST_CATEGORY = "D"
CATEGORY_LABELS = {
    "A": {"id": "Sangat Baik", "en": "Very good"},
    "B": {"id": "Baik", "en": "Good"},
    "C": {"id": "Kurang Baik", "en": "Poor"},
    "D": {"id": "Tidak Baik", "en": "Not good"},
}


@dataclass(frozen=True)
class Element:
    code: str
    name: dict[str, str]
    definition: dict[str, str]
    question: dict[str, str]
    scale: tuple[dict[str, str], ...]  # labels for 1, 2, 3, 4


def _scale(*pairs: tuple[str, str]) -> tuple[dict[str, str], ...]:
    return tuple({"id": id_, "en": en} for id_, en in pairs)


# The nine elements in the regulation's order (Lampiran, Bab II). Answers are stored by code,
# never by position, because other implementations swap elements 8 and 9.
ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        {"id": "Persyaratan", "en": "Requirements"},
        {
            "id": "Syarat yang harus dipenuhi dalam pengurusan suatu jenis pelayanan, baik "
            "persyaratan teknis maupun administratif.",
            "en": "What must be provided to obtain a service, technical or administrative.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
            "jenis pelayanannya?",
            "en": "How well do the requirements match the kind of service?",
        },
        _scale(
            ("Tidak sesuai", "Not appropriate"),
            ("Kurang sesuai", "Somewhat inappropriate"),
            ("Sesuai", "Appropriate"),
            ("Sangat sesuai", "Very appropriate"),
        ),
    ),
    Element(
        "u2",
        {"id": "Sistem, Mekanisme, dan Prosedur", "en": "Systems, mechanisms and procedures"},
        {
            "id": "Tata cara pelayanan yang dibakukan bagi pemberi dan penerima pelayanan, "
            "termasuk pengaduan.",
            "en": "The standard way the service is given and received, complaints included.",
        },
        {
            "id": "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "en": "How easy is the service procedure at this office?",
        },
        _scale(
            ("Tidak mudah", "Not easy"),
            ("Kurang mudah", "Somewhat difficult"),
            ("Mudah", "Easy"),
            ("Sangat mudah", "Very easy"),
        ),
    ),
    Element(
        "u3",
        {"id": "Waktu Penyelesaian", "en": "Completion time"},
        {
            "id": "Jangka waktu yang diperlukan untuk menyelesaikan seluruh proses pelayanan "
            "dari setiap jenis pelayanan.",
            "en": "The time needed to complete the whole service process.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            "en": "How fast was the service given?",
        },
        _scale(
            ("Tidak cepat", "Not fast"),
            ("Kurang cepat", "Somewhat slow"),
            ("Cepat", "Fast"),
            ("Sangat cepat", "Very fast"),
        ),
    ),
    Element(
        "u4",
        {"id": "Biaya/Tarif", "en": "Cost/tariff"},
        {
            "id": "Ongkos yang dikenakan kepada penerima layanan dalam mengurus dan/atau "
            "memperoleh pelayanan dari penyelenggara yang besarnya ditetapkan berdasarkan "
            "kesepakatan antara penyelenggara dan masyarakat.",
            "en": "The charge paid to obtain the service, set by agreement between the provider "
            "and the public.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            "en": "How reasonable is the cost of the service?",
        },
        _scale(
            ("Sangat mahal", "Very expensive"),
            ("Cukup mahal", "Rather expensive"),
            ("Murah", "Cheap"),
            ("Gratis", "Free"),
        ),
    ),
    Element(
        "u5",
        {"id": "Produk Spesifikasi Jenis Pelayanan", "en": "Product of the service specification"},
        {
            "id": "Hasil pelayanan yang diberikan dan diterima sesuai dengan ketentuan yang telah "
            "ditetapkan.",
            "en": "The result of the service, given and received as the standard sets out.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            "en": "How well does the result match what the service standard promises?",
        },
        _scale(
            ("Tidak sesuai", "Not matching"),
            ("Kurang sesuai", "Partly matching"),
            ("Sesuai", "Matching"),
            ("Sangat sesuai", "Fully matching"),
        ),
    ),
    Element(
        "u6",
        {"id": "Kompetensi Pelaksana", "en": "Competence of the staff"},
        {
            "id": "Kemampuan yang harus dimiliki oleh pelaksana meliputi pengetahuan, keahlian, "
            "keterampilan, dan pengalaman.",
            "en": "The knowledge, expertise, skills and experience the staff must have.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam "
            "pelayanan?",
            "en": "How competent were the staff who served you?",
        },
        _scale(
            ("Tidak kompeten", "Not competent"),
            ("Kurang kompeten", "Somewhat incompetent"),
            ("Kompeten", "Competent"),
            ("Sangat kompeten", "Very competent"),
        ),
    ),
    Element(
        "u7",
        {"id": "Perilaku Pelaksana", "en": "Behaviour of the staff"},
        {
            "id": "Sikap petugas dalam memberikan pelayanan.",
            "en": "The attitude of the staff while serving.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?",
            "en": "How polite and friendly were the staff?",
        },
        _scale(
            ("Tidak sopan dan ramah", "Not polite and friendly"),
            ("Kurang sopan dan ramah", "Somewhat impolite and unfriendly"),
            ("Sopan dan ramah", "Polite and friendly"),
            ("Sangat sopan dan ramah", "Very polite and friendly"),
        ),
    ),
    Element(
        "u8",
        {
            "id": "Penanganan Pengaduan, Saran dan Masukan",
            "en": "Handling of complaints, suggestions and feedback",
        },
        {
            "id": "Tata cara pelaksanaan penanganan pengaduan dan tindak lanjut.",
            "en": "How complaints are handled and followed up.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            "en": "How are complaints from service users handled?",
        },
        _scale(
            ("Tidak ada", "There is none"),
            ("Ada tetapi tidak berfungsi", "There is one, but it does not work"),
            ("Berfungsi kurang maksimal", "It works, but not fully"),
            ("Dikelola dengan baik", "It is well managed"),
        ),
    ),
    Element(
        "u9",
        {"id": "Sarana dan Prasarana", "en": "Facilities and infrastructure"},
        {
            "id": "Segala sesuatu yang dapat dipakai sebagai alat dalam mencapai maksud dan "
            "tujuan (sarana) dan penunjang utama terselenggaranya suatu proses (prasarana).",
            "en": "The equipment used to deliver the service and the premises that support it.",
        },
        {
            "id": "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            "en": "How good are the facilities and premises?",
        },
        _scale(
            ("Buruk", "Poor"),
            ("Cukup", "Fair"),
            ("Baik", "Good"),
            ("Sangat baik", "Very good"),
        ),
    ),
)

ELEMENT_CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)
WEIGHT = Fraction(1, len(ELEMENTS))


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: tuple[Fraction | None, ...]  # per element, in ELEMENT_CODES order
    ikm: Decimal | None  # converted (25–100), rounded to 2 decimals
    category: str | None


def is_valid_score(value: object) -> bool:
    """1–4 as a true integer: booleans are ints in Python but not answers."""
    return isinstance(value, int) and not isinstance(value, bool) and value in SCALE


def element_averages(answers: Iterable[Mapping[str, int | None]]) -> tuple[Fraction | None, ...]:
    """NRR per element: its sum over the respondents who answered it, divided by their count."""
    sums = dict.fromkeys(ELEMENT_CODES, 0)
    counts = dict.fromkeys(ELEMENT_CODES, 0)
    for response in answers:
        for code in ELEMENT_CODES:
            score = response.get(code)
            if score is not None:
                sums[code] += score
                counts[code] += 1
    return tuple(
        Fraction(sums[code], counts[code]) if counts[code] else None for code in ELEMENT_CODES
    )


def weighted_index(nrr: Iterable[Fraction]) -> Fraction:
    """The IKM on the 1–4 scale: Σ NRR × 1/9, exactly."""
    return sum((value * WEIGHT for value in nrr), Fraction(0))


def round2(value: Fraction) -> Decimal:
    """Half up to 2 decimals, on the exact fraction (no intermediate rounding at all)."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(hundredths).scaleb(-2)


def converted(nrr: Iterable[Fraction]) -> Decimal:
    return round2(weighted_index(nrr) * CONVERSION)


def category(converted_ikm: Decimal) -> str:
    for bound, letter in CATEGORY_BOUNDS:
        if converted_ikm >= bound:
            return letter
    return LOWEST_CATEGORY


def compute_ikm(answers: Iterable[Mapping[str, int | None]]) -> IkmResult:
    """The IKM of a set of responses; with no respondents, no index and no category."""
    responses = list(answers)
    nrr = element_averages(responses)
    if not responses or any(value is None for value in nrr):
        return IkmResult(len(responses), nrr, None, None)
    ikm = converted(value for value in nrr if value is not None)
    return IkmResult(len(responses), nrr, ikm, category(ikm))
