"""The supervision of `make run`: restarts with a doubling delay that resets, hung parts killed, nothing else touched."""

import time

from platform_devstack.supervision import Part, Policy, Supervision

POLICY = Policy(first_delay_s=1, max_delay_s=4, reset_after_s=60, probe_every_s=1, probe_timeout_s=1, hung_after=3)


class FakeProcess:
    def __init__(self) -> None:
        self.returncode: int | None = None

    def poll(self) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.returncode = -9

    def wait(self, _timeout: float | None = None) -> int | None:
        return self.returncode


class FakePart:
    def __init__(self, name: str) -> None:
        self.name, self.current, self.starts, self.answering = name, FakeProcess(), 0, True

    def start(self) -> None:
        self.starts += 1
        self.current = FakeProcess()

    def part(self) -> Part:
        return Part(self.name, self.start, lambda: self.current, f"{self.name}.log",
                    answers=lambda _timeout: self.answering, probe_name="GET /healthz")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _supervise(*fakes: FakePart) -> tuple[Supervision, Clock, list[str]]:
    clock, said = Clock(), []
    return Supervision([f.part() for f in fakes], POLICY, said.append, clock=clock), clock, said


def _tick(supervision: Supervision) -> None:
    supervision.tick()
    for watch in supervision.watches:  # let the probes the tick sent answer
        while watch.probe is not None and not watch.probe.done():
            time.sleep(0.001)


def test_an_exited_part_is_restarted_after_a_delay_that_doubles_to_the_limit_and_resets_once_it_stayed_up():
    service, other = FakePart("case_intake"), FakePart("list_management")
    supervision, clock, said = _supervise(service, other)
    waits = []
    for _ in range(4):
        service.current.returncode = 1
        _tick(supervision)
        started_at = clock.now
        while service.starts == len(waits):
            clock.now += 0.5
            _tick(supervision)
        waits.append(clock.now - started_at)
    assert waits == [1, 2, 4, 4]
    assert "case_intake exited with code 1; restarting it in 1 s (log case_intake.log)" in said
    assert any(line.startswith("case_intake is back and ready") for line in said)
    clock.now += 60  # up a minute: the next failure waits the first delay again
    _tick(supervision)
    service.current.kill()
    _tick(supervision)
    assert said[-1] == "case_intake exited with SIGKILL; restarting it in 1 s (log case_intake.log)"
    assert other.starts == 0


def test_a_part_that_misses_three_probes_in_a_row_is_reported_hung_killed_and_restarted():
    service, other = FakePart("hotline_ingestion"), FakePart("legality_review")
    supervision, clock, said = _supervise(service, other)
    service.answering = False
    hung = service.current
    while hung.returncode is None:
        clock.now += 1
        _tick(supervision)
    assert clock.now - 1000 == 4  # probes at +1, +2 and +3 unanswered, found at +4
    assert hung.returncode == -9
    assert any(line.startswith("!!! hotline_ingestion is HUNG: GET /healthz unanswered within 1 s, 3 times in a row")
               for line in said)
    service.answering = True
    for _ in range(3):
        clock.now += 1
        _tick(supervision)
    assert service.starts == 1 and service.current.poll() is None
    assert other.starts == 0 and other.current.poll() is None


def test_one_missed_probe_among_answered_ones_is_no_hang():
    service = FakePart("case_intake")
    supervision, clock, said = _supervise(service)
    for answering in [False, False, True, False, False, True, False, False]:
        service.answering = answering
        clock.now += 1
        _tick(supervision)
    assert service.current.poll() is None and said == []


def test_a_part_that_fails_to_start_is_tried_again_later_without_stopping_the_watch():
    service = FakePart("legality_review")
    failures = iter([RuntimeError("port 8003 is still held"), None])

    def start() -> None:
        if (failure := next(failures)) is not None:
            raise failure
        service.start()

    clock, said = Clock(), []
    part = service.part()
    part.start = start
    supervision = Supervision([part], POLICY, said.append, clock=clock)
    service.current.returncode = 1
    for _ in range(10):
        clock.now += 1
        _tick(supervision)
    assert "legality_review did not start (RuntimeError: port 8003 is still held); restarting it in 2 s " \
           "(log legality_review.log)" in said
    assert service.starts == 1 and service.current.poll() is None


def test_the_policy_is_read_from_platform_supervise_env_vars_with_documented_defaults():
    env = {"PLATFORM_SUPERVISE_MAX_DELAY_S": "60", "PLATFORM_SUPERVISE_HUNG_AFTER": "5", "PATH": "/bin"}
    assert Policy.from_env(env) == Policy(max_delay_s=60, hung_after=5)
    assert Policy.from_env({}) == Policy(first_delay_s=1, max_delay_s=30, reset_after_s=60, probe_every_s=5,
                                         probe_timeout_s=5, hung_after=3)
