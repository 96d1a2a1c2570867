"""Scores read the same everywhere: points to two decimals at most, and a percentage."""

from __future__ import annotations

from django import template

register = template.Library()


def format_points(points: float | None) -> str:
    """2.67, 3.5, 8: two decimals at most, no trailing zeros (the CSV uses it too)."""
    return f"{round(points or 0.0, 2):g}"


def percent(points: float | None, out_of: float) -> int:
    return round(100 * (points or 0.0) / out_of) if out_of else 0


@register.filter
def points(value: float | None) -> str:
    return format_points(value)


@register.simple_tag
def percent_of(points: float | None, out_of: float) -> int:
    """{% percent_of score max_score as percent %}"""
    return percent(points, out_of)
