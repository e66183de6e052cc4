"""Who sees a work order and who acts on it (application/access.py): the data scope and rule H-9."""

import pytest

from hotline_ingestion.application.access import acting_unit, outside_region, scope_for, sees
from hotline_ingestion.domain.lifecycle import Action
from platform_errors import NotPermitted
from platform_identity import Caller

MARKET, ECOLOGY, HOUSING = "DG-SCJG", "DG-STHJ", "DG-ZJJ"


def _caller(*agencies: str, region: str = "210681", data_scope: str = "agency") -> Caller:
    return Caller(client_id="c", subject="c", scopes=frozenset(), agencies=agencies, region=region,
                  data_scope=data_scope, clearance="internal")


def _order(region: str = "210681", lead: str | None = MARKET, co: tuple[str, ...] = ()) -> dict:
    return {"region_code": region, "lifecycle": {"lead_unit": lead, "co_units": list(co)} if lead else {}}


def test_a_unit_sees_the_orders_dispatched_to_it_as_lead_or_co_unit_and_no_other():
    assert sees(_caller(MARKET), _order(lead=MARKET))
    assert sees(_caller(ECOLOGY), _order(lead=MARKET, co=(ECOLOGY,)))
    assert not sees(_caller(HOUSING), _order(lead=MARKET, co=(ECOLOGY,)))
    assert not sees(_caller(MARKET), _order(lead=None))  # not dispatched yet: the centre's alone


def test_a_region_wide_caller_sees_every_order_of_its_region_only():
    platform = _caller(region="210681", data_scope="region")
    assert sees(platform, _order(lead=None)) and sees(platform, _order(lead=HOUSING))
    assert not sees(platform, _order(region="210682"))
    assert sees(_caller(region="", data_scope="region"), _order(region="110101"))  # national


def test_h9_a_unit_acts_only_as_one_of_its_own_agencies():
    assert acting_unit(_caller(MARKET), None, MARKET) == MARKET  # the lead unit, when the caller acts for it
    assert acting_unit(_caller(MARKET, ECOLOGY), ECOLOGY, MARKET) == ECOLOGY  # the domain then says: not the lead
    with pytest.raises(NotPermitted) as refused:
        acting_unit(_caller(ECOLOGY), MARKET, MARKET)
    assert refused.value.rule == "H-9"
    with pytest.raises(NotPermitted):
        acting_unit(_caller(ECOLOGY), None, MARKET)
    with pytest.raises(NotPermitted):
        acting_unit(_caller(region="210681", data_scope="region"), None, MARKET)  # the centre is no unit


def test_h9_a_units_acts_need_the_handle_scope_and_the_centres_the_dispatch_scope():
    assert {scope_for(a) for a in (Action.sign, Action.return_order, Action.handle, Action.reply,
                                   Action.request_extension)} == {"workorders:handle"}
    assert {scope_for(a) for a in (Action.dispatch, Action.close, Action.approve_extension, Action.supervise,
                                   Action.merge, Action.evaluate)} == {"workorders:dispatch"}


def test_orders_are_received_by_a_region_wide_caller_for_its_own_region():
    platform = _caller(region="210681", data_scope="region")
    assert outside_region(platform, "210681") is None
    assert "outside" in outside_region(platform, "210682")[1] and "不在" in outside_region(platform, "210682")[0]
    assert all("派单" in text for text in outside_region(_caller(MARKET), "210681"))
