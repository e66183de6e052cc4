"""Clues other services' events open, as an act of the service itself: a 12345 投诉/举报 (hotline_ingestion) and a
problem found on an inspection (inspection_scheduling). Each event's natural key is the clue's (source, source_ref),
so a redelivered or repeated event opens no second clue."""

import re
from datetime import datetime, time

from case_intake.application import actors
from case_intake.application.clues import ClueCreate, insert
from case_intake.application.services import Services
from case_intake.domain.model import Party
from case_intake.domain.vocabulary import ClueSource, PartyType
from platform_db import UnitOfWork
from platform_events import Envelope
from platform_events.contracts.hotline_ingestion import EnforcementLeadReported
from platform_events.contracts.inspection_scheduling import InspectionProblemFound
from platform_events.wire import CHINA_TIME

CREDIT_CODE = re.compile(Party.model_fields["credit_code"].metadata[0].pattern)  # the party's own check


def on_lead_reported(svc: Services):  # noqa: ANN201 - a consumer handler bound to the services
    """A 12345 投诉/举报 about a penalty or inspection matter becomes a clue, its clock from receipt (S-1, K-5)."""

    async def handle(uow: UnitOfWork, env: Envelope) -> None:
        lead = EnforcementLeadReported.model_validate_json(env.data)
        if not lead.department_code:
            return  # no department matched: the hotline dispatcher routes it by hand
        party = None
        if lead.reported_party_name:
            party = Party(type=PartyType.legal_person if lead.reported_party_credit_code else PartyType.other_organisation,
                          name=lead.reported_party_name, credit_code=lead.reported_party_credit_code,
                          address=lead.address)
        source = ClueSource.report if lead.request_type == "举报" else ClueSource.hotline
        await insert(uow, svc, ClueCreate(
            source=source, source_ref=lead.work_order_id, received_at=lead.received_at,
            department_code=lead.department_code, matter_code=lead.matter_code, party=party,
            description=f"12345 工单 {lead.order_no}：{lead.content}", real_name_reporter=lead.real_name_reporter),
            actors.SERVICE)

    return handle


def on_problem_found(svc: Services):  # noqa: ANN201 - a consumer handler bound to the services
    """A problem found on an inspection becomes a clue of the matter's department, its clock from the visit day
    (S-1); the visit and task ids are the natural key, so a redelivered or repeated event opens no second clue."""

    async def handle(uow: UnitOfWork, env: Envelope) -> None:
        found = InspectionProblemFound.model_validate_json(env.data)
        code = found.credit_code if CREDIT_CODE.fullmatch(found.credit_code) else None  # else in the description
        party = Party(type=PartyType.legal_person, name=found.entity_name, credit_code=code)
        await insert(uow, svc, ClueCreate(
            source=ClueSource.inspection, source_ref=f"{found.visit_id}:{found.task_id}",
            received_at=datetime.combine(found.found_on, time(0), CHINA_TIME), department_code=found.department_code,
            matter_code=found.matter_code, party=party,
            description=f"行政检查（检查码 {found.visit_code}，{found.credit_code}）发现问题：{found.finding}"),
            actors.SERVICE)

    return handle
