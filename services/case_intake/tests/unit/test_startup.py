"""What case_intake says at start-up about §10 keys a deployment should set."""

from decimal import Decimal

from structlog.testing import capture_logs

from case_intake.bootstrap import build
from case_intake.domain.credit import CreditPolicy
from case_intake.settings import Settings


def test_cr1_an_unset_lower_amount_fine_is_warned_about_at_start_up_and_a_set_one_is_not():
    with capture_logs() as unset:
        build(Settings(environment="test"))
    with capture_logs() as set_:
        build(Settings(environment="test", credit=CreditPolicy(lower_amount_fine_cny=Decimal(1000))))
    warned = [e for e in unset if e["event"] == "configuration_incomplete"]
    assert len(warned) == 1 and "CR-1" in warned[0]["detail"] and warned[0]["log_level"] == "warning"
    assert [e for e in set_ if e["event"] == "configuration_incomplete"] == []
