"""Errors about one input item: the run reports them and goes on."""

from __future__ import annotations


class InputError(Exception):
    """An item that cannot be turned into an `Article` (or analysed), with the reason why."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason
