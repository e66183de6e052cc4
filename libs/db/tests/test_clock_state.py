"""The state every API shows of a clock (DOMAIN §11.1), decided from its stored lifecycle and times."""

from datetime import UTC, date, datetime, timedelta

import pytest

from platform_db.clocks import LATE, MET, RUNNING, SHANGHAI, STOPPED, ClockState, Schedule, clock_state

DUE = datetime(2027, 2, 16, 16, 0, tzinfo=UTC)  # 2027-02-17 00:00 in Shanghai
WARN = DUE - timedelta(days=2)


@pytest.mark.parametrize(("status", "paused", "now", "state"), [
    (RUNNING, None, WARN - timedelta(seconds=1), ClockState.running),
    (RUNNING, None, WARN, ClockState.approaching),
    (RUNNING, None, DUE, ClockState.breached),
    (RUNNING, WARN, DUE + timedelta(days=3), ClockState.paused),  # no signal, no breach while paused
    (MET, None, DUE + timedelta(days=30), ClockState.met),
    (LATE, None, DUE + timedelta(days=30), ClockState.breached),  # finished late stays breached
    (STOPPED, None, DUE + timedelta(days=30), ClockState.stopped),
])
def test_the_state_follows_the_lifecycle_then_the_time(status, paused, now, state):
    assert clock_state(status, paused, DUE, WARN, now) is state


def test_g1_a_day_clock_is_in_time_through_its_last_day_in_shanghai():
    schedule = Schedule.for_days(date(2027, 2, 16), date(2027, 2, 12), provisional=True,
                                 calendar_version="chinese-calendar 1.11.0", rule_ids=("H-7", "G-1", "G-1"))
    assert schedule.due_at == datetime(2027, 2, 17, tzinfo=SHANGHAI)
    assert schedule.warn_at == datetime(2027, 2, 12, tzinfo=SHANGHAI)
    assert schedule.rule_ids == ("H-7", "G-1")
    last_minute = datetime(2027, 2, 16, 23, 59, tzinfo=SHANGHAI)
    assert clock_state(RUNNING, None, schedule.due_at, schedule.warn_at, last_minute) is ClockState.approaching
    assert clock_state(RUNNING, None, schedule.due_at, schedule.warn_at,
                       last_minute + timedelta(minutes=1)) is ClockState.breached


def test_a_warning_day_after_the_due_day_warns_on_the_due_day():
    schedule = Schedule.for_days(date(2027, 2, 16), date(2027, 2, 20), provisional=False, calendar_version=None,
                                 rule_ids=())
    assert schedule.warn_at == datetime(2027, 2, 16, tzinfo=SHANGHAI)
