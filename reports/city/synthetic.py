"""Plausible synthetic figures and reports, for load tests and demonstrations at national scale.

Every set of figures respects the identities of ``reports.rules`` (no error, and no warning
either): TTHC công bố = công khai = một phần + toàn trình; hồ sơ tiếp nhận = trực tuyến + trực
tiếp + kỳ trước = đã giải quyết + đang giải quyết; parts never exceed their whole; Biểu 3 agrees
with section II; and so on. Figures that carry over (TTHC catalogue, biên chế, ĐVSN) stay the
same for a commune across periods; cumulative ones grow through the year.
"""

import random
from decimal import Decimal

from reports.periods import Period

# Share of the year's plan reached by the end of each period (cumulative figures).
PROGRESS = {"Q1": 0.2, "Q2": 0.45, "Q3": 0.7, "Q4": 0.95, "H1": 0.45, "Y": 0.95}

SYLLABLES = (
    "An Bình Hòa Tân Phú Thịnh Hưng Long Thanh Minh Đông Tây Nam Bắc Trung Quang Vĩnh Phúc "
    "Thuận Lợi Thành Đức Hải Sơn Hà Lâm Tiên Lãng Kiến Thụy Cát Hồng Lạc Yên Gia Xuân Thái "
    "Bảo Đại Cẩm"
).split()


def commune_names(count: int) -> list[str]:
    """``count`` distinct plausible names: "An Bình", "An Hòa", …, then "An Bình 2", …"""
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    return [
        pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "")
        for i in range(count)
    ]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 1000, high * 1000)) / 1000


def commune_base(rng: random.Random) -> dict:
    """What a commune keeps from one period to the next (its size, its catalogue, its staff)."""
    published = rng.randint(250, 420)
    full = rng.randint(120, min(260, published - 20))
    units_total = rng.randint(3, 30)
    full_funded = rng.randint(0, units_total // 6)
    recurrent = rng.randint(0, units_total // 5)
    partly = rng.randint(0, units_total - full_funded - recurrent)
    p70 = rng.randint(0, partly)
    p30 = rng.randint(0, partly - p70)
    civil_quota = rng.randint(20, 60)
    unit_quota = rng.randint(50, 500)
    fee = rng.randint(20, 60)
    return {
        "size": rng.uniform(0.3, 2.5),
        "ii.tthc_published": published,
        "ii.tthc_public": published,
        "ii.tthc_online_full": full,
        "ii.tthc_online_partial": published - full,
        "ii.tthc_at_centre": published - rng.randint(0, 10),
        "ii.unit_contracts": rng.randint(0, 50),
        "b3.non_territorial_procedures": rng.randint(int(published * 0.7), published),
        "b1.plan_tasks": rng.randint(20, 60),
        "b4.civil_quota": civil_quota,
        "b4.civil_present": civil_quota - rng.randint(0, 8),
        "b4.civil_contracts": rng.randint(0, 10),
        "b4.unit_quota": unit_quota,
        "b4.unit_present": unit_quota - rng.randint(0, unit_quota // 10),
        "b5.agencies_with_positions": rng.randint(1, 5),
        "b5.units_with_positions": rng.randint(0, units_total),
        "b6.investment_plan": _money(rng, 5_000, 60_000),
        "b6.units_total": units_total,
        "b6.units_self_funded_full": full_funded,
        "b6.units_self_funded_recurrent": recurrent,
        "b6.units_partly_funded": partly,
        "b6.units_partly_70": p70,
        "b6.units_partly_30": p30,
        "b6.units_partly_10": partly - p70 - p30,
        "b6.units_state_funded": units_total - full_funded - recurrent - partly,
        "b6.units_equitized": 0,
        "b7.full_online_eligible": full,
        "b7.full_online_provided": full - rng.randint(0, min(5, full)),
        "b7.fee_procedures": fee,
        "b7.fee_procedures_integrated": fee - rng.randint(0, 10),
    }


def synthetic_values(rng: random.Random, base: dict, period: Period) -> dict:
    """{ref: value} for every input row: the commune's base plus the period's flows."""
    v = {k: val for k, val in base.items() if k != "size"}
    size = base["size"]
    progress = PROGRESS[period.kind]

    # Applications (section II, Biểu 3 and Biểu 7 agree with each other).
    full_apps = int(rng.randint(300, 1500) * size)
    partial_apps = int(rng.randint(1500, 6000) * size)
    online = full_apps + partial_apps
    direct = int(rng.randint(0, 300) * size)
    carried = rng.randint(0, 40)
    received = online + direct + carried
    pending = rng.randint(0, min(60, received))
    resolved = received - pending
    late = rng.randint(0, resolved // 400)
    rejected = rng.randint(0, resolved // 200)
    withdrawn = rng.randint(0, resolved // 300)
    pending_late = rng.randint(0, pending // 10)
    supplement = rng.randint(0, (pending - pending_late) // 5)
    v.update(
        {
            "ii.apps_received": received,
            "ii.apps_online": online,
            "ii.apps_direct": direct,
            "ii.apps_carried": carried,
            "ii.apps_resolved": resolved,
            "ii.apps_on_time": resolved - late - rejected - withdrawn,
            "ii.apps_late": late,
            "ii.apps_rejected": rejected,
            "ii.apps_withdrawn": withdrawn,
            "ii.apps_pending": pending,
            "ii.apps_pending_in_time": pending - pending_late - supplement,
            "ii.apps_pending_late": pending_late,
            "ii.apps_pending_supplement": supplement,
            "b3.resolved_total": resolved,
            "b3.resolved_on_time": resolved - late - rejected - withdrawn,
            "b7.full_service_apps": full_apps,
            "b7.full_service_apps_online": full_apps - rng.randint(0, full_apps // 20),
            "b7.partial_service_apps": partial_apps,
            "b7.partial_service_apps_online": partial_apps - rng.randint(0, partial_apps // 4),
        }
    )
    hotline, portal, other = rng.randint(0, 5), rng.randint(0, 15), rng.randint(0, 3)
    pakn = hotline + portal + other
    services = rng.randint(30, 90)
    v.update(
        {
            "ii.pakn_hotline": hotline,
            "ii.pakn_national_portal": portal,
            "ii.pakn_other": other,
            "b3.pakn_received": pakn,
            "b3.pakn_resolved": pakn - rng.randint(0, min(2, pakn)),
            "b7.services_with_apps": services,
            "b7.services_with_online_apps": services - rng.randint(0, 10),
        }
    )

    # Biểu 1.
    tasks = base["b1.plan_tasks"]
    issues = rng.randint(0, 10)
    on_time, done_late, overdue = rng.randint(5, 40), rng.randint(0, 3), rng.randint(0, 2)
    v.update(
        {
            "b1.directive_documents": rng.randint(1, 15),
            "b1.plan_tasks_done": min(tasks, int(tasks * progress) + rng.randint(-2, 2)),
            "b1.inspected_units": rng.randint(0, 5),
            "b1.inspection_issues": issues,
            "b1.inspection_issues_resolved": issues - rng.randint(0, min(2, issues)),
            "b1.city_tasks": on_time + done_late + overdue + rng.randint(0, 10),
            "b1.city_tasks_on_time": on_time,
            "b1.city_tasks_done_late": done_late,
            "b1.city_tasks_overdue_open": overdue,
            "b1.survey_forms": rng.randint(0, 500),
            "b1.survey_method": rng.randint(0, 2),
            "b1.citizen_dialogue": rng.randint(0, 1),
        }
    )
    v["b1.plan_tasks_done"] = max(0, v["b1.plan_tasks_done"])
    legal = rng.randint(0, 5)
    commune_leaders, division_leaders, unit_staff = (
        rng.choice((0, 0, 0, 1)),
        rng.choice((0, 0, 1)),
        rng.choice((0, 0, 1, 2)),
    )
    plan = base["b6.investment_plan"]
    disbursed = plan * Decimal(str(min(1.0, max(0.0, progress + rng.uniform(-0.15, 0.05)))))
    v.update(
        {
            "b2.legal_documents": legal,
            "b2.legal_documents_commune": rng.randint(0, legal),
            "b4.civil_downsized": rng.choice((0, 0, 0, 1)),
            "b4.unit_downsized": rng.choice((0, 0, 1, 2)),
            "b5.position_violations": 0,
            "b5.civil_servants_recruited": rng.randint(0, 3),
            "b5.public_employees_recruited": rng.randint(0, 5),
            "b5.leaders_by_exam": rng.choice((0, 0, 0, 1)),
            "b5.disciplined_commune_leaders": commune_leaders,
            "b5.disciplined_division_leaders": division_leaders,
            "b5.disciplined_unit_staff": unit_staff,
            "b5.disciplined_total": commune_leaders + division_leaders + unit_staff,
            "b6.investment_disbursed": disbursed.quantize(Decimal("0.001")),
        }
    )
    return v
