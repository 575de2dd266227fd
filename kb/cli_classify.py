"""`kb` commands of the classify area (one owner per module)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this module's commands to the `kb` group."""
