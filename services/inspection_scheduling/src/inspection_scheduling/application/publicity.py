"""Results publicity (R-7): being built in this issue."""

ENDPOINT = "publicity"


class PublicityClockRules:
    def __init__(self, svc) -> None:  # noqa: ANN001
        self.svc = svc
