"""Agencies: credits as written -> stable agency codes and display names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from service.models import Agency

FoundIn = Literal["dateline", "signoff", "headline", "envelope", "body"]


class AgencyTable:
    """Built once from package data (``service/data/agencies.json``) by ``service.reference``."""

    def find(self, credit: str) -> list[tuple[str, str, str]]:
        """Every agency named in ``credit`` as (code, display name, matched text), in order."""
        raise NotImplementedError


def agencies_from_credits(
    credits: Sequence[tuple[str, FoundIn]], table: AgencyTable
) -> list[Agency]:
    """One Agency per code, first credit wins, in credit order."""
    raise NotImplementedError
