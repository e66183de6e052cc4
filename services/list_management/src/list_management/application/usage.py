"""Usage of catalog matters, fed by case-intake events, for the five-year clean-up report (policy 001 item 14)."""

from datetime import date

from list_management.adapters.repository import Repository
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts.case_intake import CaseFiled


class UnknownMatter(LookupError):
    """A case cites a matter our catalog does not hold: retried, then dead-lettered for a human to look at."""


async def on_case_filed(uow: UnitOfWork, env: Envelope) -> None:
    event = CaseFiled.model_validate_json(env.data)
    repo = Repository(uow.session)
    if await repo.matter(event.matter_code) is None:
        raise UnknownMatter(f"case {event.case_id} cites matter {event.matter_code}, which is not in the catalog")
    await repo.record_usage(event.matter_code, event.case_id, event.filed_on, env.id)


def usage_window_start(as_of: date, years: int) -> date:
    """G-5 style: the same calendar date `years` earlier (29 Feb falls back to 28 Feb)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)
