"""`every`: the loop of periodic workers — a database outage skips a round, a stop ends the pause, a bug ends it."""

import asyncio

import pytest

from platform_runtime import every


async def test_a_round_that_finds_the_database_away_is_retried_next_round():
    stop, calls = asyncio.Event(), []

    async def round_() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise ConnectionRefusedError("database away")
        if len(calls) == 3:
            stop.set()

    await asyncio.wait_for(every(0.01, stop, round_, name="test_round"), 5)
    assert calls == [0, 1, 2]


async def test_a_stop_ends_the_pause_at_once():
    stop = asyncio.Event()

    async def round_() -> None:
        stop.set()

    started = asyncio.get_running_loop().time()
    await asyncio.wait_for(every(3600, stop, round_, name="test_round"), 5)
    assert asyncio.get_running_loop().time() - started < 1


async def test_any_other_error_ends_the_worker():
    async def round_() -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        await every(0.01, asyncio.Event(), round_, name="test_round")
