"""Template filters that print numbers and dates the Vietnamese way."""

from django import template

from reports.numbers import format_number, format_percent, long_date

register = template.Library()


@register.filter
def vn_number(value):
    """5650 → 5.650; 53.6 → 53,6; None → ""."""
    return format_number(value)


@register.filter
def vn_percent(value):
    """99.33 → 99,33%; None → ""."""
    return format_percent(value)


@register.filter
def vn_long_date(value):
    """date(2026, 7, 15) → "ngày 15 tháng 7 năm 2026"."""
    return long_date(value) if value else ""
