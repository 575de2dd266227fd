"""`kb` commands of the analysis room (owner: the analysis developer)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this room's commands to the `kb` group."""
