"""Demo cases for `make run`, made the way an integrator makes them: through the services' REST APIs.

Business content, so it lives here beside the demo data and not in libs/: `make run` (platform_devstack.run)
starts it as a child process once every service is ready —
`python demo/walkthrough.py <log file> <issuer> case_intake=<base url> list_management=<…> legality_review=<…>`.

After every service is ready, three cases of the demo market-regulation bureau (DG-SCJG) are walked through
case_intake, and a 案卷评查 campaign is set up in legality_review:

- a clue not filed, with its S-3 ground;
- a small fine on a food-label matter decided, served, paid and closed (结案) — what a 案卷评查 campaign samples;
- a fine on 无照经营, a matter of the demo 法制审核 catalog (L-5), sent for review: legality_review receives the
  round and assigns one of the bureau's 法制审核 staff, who can conclude it at :8003/docs (L-4).

It runs once per data directory (the clues carry `source_ref` DEMO-*; a second `make run` finds them) and never
stops the stack: a step that fails is logged in `.data/logs/walkthrough.log` and the walk ends there.
"""

import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from inspections import InspectionWalk

from platform_devstack.identity import client_credentials_token, exchange_token

DEPARTMENT = "DG-SCJG"
BANK = "中国农业银行东港支行（代收罚款）"


class Matter:
    """A demo catalog matter with the party, facts and legal basis of its demo case."""

    def __init__(self, code: str, party: str, credit_code: str, facts: str, basis: str) -> None:
        self.code, self.facts, self.basis = code, facts, basis
        self.party = {"type": "法人", "name": party, "credit_code": credit_code,
                      "address": "东港市大东街道新兴路 18 号", "legal_representative": "刘某"}


#: 无照经营 is in the demo 法制审核 catalog (L-5); the food-label matter is not
UNLICENSED = Matter("DG-SCJG-CF-003", "东港市新兴路某某服装有限公司", "91210681MA0DXH8Y1R",
                    "当事人未依法取得营业执照从事服装经营活动", "《无证无照经营查处办法》第十三条")
LABEL = Matter("DG-SCJG-CF-007", "东港市某某便民超市有限公司", "91210681MA0DXH9K2T",
               "当事人经营标签存在瑕疵的预包装食品，经责令改正拒不改正", "《中华人民共和国食品安全法》第一百二十五条第二款")


#: The demo clients the walk acts as (platform_devstack.identity; secrets `demo-<client id>`): the bureau's case
#: system, acting for its officer by token exchange (RFC 8693), and the 司法局 for the 案卷评查 campaign.
BUREAU, SUPERVISION = "dept-dg-scjg", "sfj-supervision"


class Walk:
    def __init__(self, bases: dict[str, str], log, issuer: str) -> None:  # noqa: ANN001 - a text file
        self.issuer = issuer
        self.http = httpx.Client(timeout=15, headers=self.as_client(BUREAU))
        self.case_intake, self.lists, self.review = (bases["case_intake"], bases["list_management"],
                                                     bases["legality_review"])
        self.log = log
        self.start = date.today() - timedelta(days=80)

    def as_client(self, client_id: str) -> dict[str, str]:
        token = client_credentials_token(self.issuer, client_id, f"demo-{client_id}")
        return {"Authorization": f"Bearer {token}"}

    def act_as(self, person: str) -> None:
        """From now on the bureau's system acts for `person` (the case's lead officer): the verified actor."""
        token = exchange_token(self.issuer, BUREAU, f"demo-{BUREAU}", person)
        self.http.headers["Authorization"] = f"Bearer {token}"

    def day(self, n: int) -> str:
        return (self.start + timedelta(days=n)).isoformat()

    def post(self, url: str, body: dict | None = None, ok: tuple[int, ...] = (200, 201)) -> dict:
        response = self.http.post(url, json=body)
        if response.status_code not in ok:
            raise RuntimeError(f"POST {url} → {response.status_code}: {response.text[:500]}")
        return response.json()

    def step(self, case_id: str, path: str, body: dict) -> dict:
        return self.post(f"{self.case_intake}/api/v1/cases/{case_id}/{path}", body)

    def say(self, message: str) -> None:
        print(f"{datetime.now(UTC):%H:%M:%S} {message}", file=self.log, flush=True)

    # -- the walk -------------------------------------------------------------------------------------------

    def run(self) -> None:
        found = self.http.get(f"{self.case_intake}/api/v1/clues", params={"source_ref": "DEMO-1"}).json()
        if found.get("items"):
            self.say("demo cases present: nothing to do")
            return
        officers = self.officers()
        self.act_as(officers[0])
        self.not_filed()
        self.closed(officers)
        self.sent_for_review(officers)
        self.campaign()
        self.say("done")

    def officers(self) -> list[str]:
        """Two certified officers of the bureau (not its 法制审核 staff, who review)."""
        people = self.http.get(f"{self.lists}/api/v1/personnel", params={"department_code": DEPARTMENT,
                                                                        "limit": 100}).json()["items"]
        return [p["person_no"] for p in people if not p["auxiliary"] and p["status"] == "valid"
                and "法制审核" not in p["enforcement_areas"] and (p["valid_to"] or "") > self.day(80)][:2]

    def clue(self, ref: str, matter: Matter, **overrides: object) -> dict:
        return {"source": "执法人员发现", "source_ref": ref, "received_at": f"{self.day(0)}T09:30:00+08:00",
                "department_code": DEPARTMENT, "matter_code": matter.code, "party": matter.party,
                "description": f"日常检查发现{matter.facts[3:]}"} | overrides

    def filing(self, officers: list[str], matter: Matter) -> dict:
        return {"filed_on": self.day(1), "matter_code": matter.code, "party": matter.party, "act_date": self.day(-10),
                "preliminary_evidence": "现场检查笔录、照片", "jurisdiction": True, "penalty_due": True,
                "lead_officer": officers[0], "officers": [officers[1]], "approved_by": "局长 李某"}

    def filed(self, ref: str, officers: list[str], matter: Matter, timeout_s: float = 120) -> dict:
        """Filed with its evidence: the case as the evidence step answers it."""
        clue = self.post(f"{self.case_intake}/api/v1/clues", self.clue(ref, matter))
        deadline = time.monotonic() + timeout_s
        while True:  # the catalog and personnel reach case_intake as events: until then filing is refused
            response = self.http.post(f"{self.case_intake}/api/v1/clues/{clue['id']}/case", json=self.filing(officers, matter))
            if response.status_code == 201 or time.monotonic() > deadline:
                break
            self.say(f"filing refused for now ({response.json().get('rule')}): waiting for the copies")
            time.sleep(2)
        if response.status_code != 201:
            raise RuntimeError(f"filing {ref} → {response.status_code}: {response.text[:500]}")
        return self.step(response.json()["id"], "evidence", {"type": "勘验笔录、现场笔录", "title": "现场检查笔录",
                                                             "collected_on": self.day(3), "content_sha256": "5e" * 32})

    def not_filed(self) -> None:
        clue = self.post(f"{self.case_intake}/api/v1/clues", self.clue(
            "DEMO-1", UNLICENSED, description="群众反映某店无照经营，经核查已于检查前办理营业执照"))
        self.post(f"{self.case_intake}/api/v1/clues/{clue['id']}/not-filed", {
            "ground": "违法行为轻微并及时改正，没有造成危害后果", "reason": "检查时已取得营业执照，未造成危害后果",
            "decided_on": self.day(5)})  # approved by the verified person acting (S-3)
        self.say(f"clue {clue['id']}: not filed (S-3)")

    def closed(self, officers: list[str]) -> None:
        case = self.filed("DEMO-2", officers, LABEL)
        self.step(case["id"], "notice", {"notified_on": self.day(10), "proposal": self.proposal(LABEL, "1500")})
        self.step(case["id"], "waivers", {"on": self.day(11), "statement": True})
        case = self.step(case["id"], "decision", self.decision(case, LABEL, 20, "1500"))
        self.step(case["id"], "service", {"method": "直接送达", "issued_on": self.day(21), "documents": [
            "行政处罚决定书", "信用修复告知书", "合规指导书", "公示告知"]})
        self.step(case["id"], "payments", {"paid_on": self.day(25), "amount_cny": "1500", "receipt_ref": "东港农行 0001",
                                           "payee": BANK})
        closed = self.step(case["id"], "closure", {"closed_on": self.day(26), "ground": "执行完毕"})
        self.say(f"case {closed['case_no']}: {closed['stage']}")

    def sent_for_review(self, officers: list[str]) -> None:
        self.start = date.today() - timedelta(days=12)  # a recent case: its review period is still running
        case = self.filed("DEMO-3", officers, UNLICENSED)
        self.step(case["id"], "notice", {"notified_on": self.day(5), "proposal": self.proposal(UNLICENSED, "8000")})
        self.step(case["id"], "waivers", {"on": self.day(6), "statement": True})
        self.step(case["id"], "collective-discussion", {
            "held_on": self.day(7), "participants": ["局长 李某", "副局长 张某", "法制科长 王某"],
            "conclusion": "拟按告知内容作出处罚决定，送法制审核"})
        case = self.step(case["id"], "review-requests", {"requested_on": self.day(9)})
        self.say(f"case {case['case_no']}: {case['stage']} (L-1)")

    def campaign(self) -> None:
        self.http.headers.update(self.as_client(SUPERVISION))  # 案卷评查 is the 司法局's act
        self.post(f"{self.review}/api/v1/file-review-campaigns", {
            "title": f"{date.today().year}年度行政执法案卷评查（演示）", "organiser": "东港市司法局",
            "closed_from": (date.today() - timedelta(days=365)).isoformat(), "closed_to": date.today().isoformat(), "department_codes": [DEPARTMENT],
            "random_count": 3, "seed": 2026})
        self.say("案卷评查 campaign planned: draw it at :8003/docs once the closed case has arrived")

    @staticmethod
    def proposal(matter: Matter, fine: str) -> dict:
        return {"outcome": "给予行政处罚", "penalties": [{"kind": "罚款", "amount_cny": fine}],
                "facts": matter.facts, "reasons": "事实清楚，证据确凿", "legal_basis": matter.basis}

    def decision(self, case: dict, matter: Matter, on: int, fine: str) -> dict:
        return {"decided_on": self.day(on), "decision_no": f"东市监罚〔{self.day(on)[:4]}〕{on}号",
                "outcome": "给予行政处罚", "penalties": [{"kind": "罚款", "amount_cny": fine}],
                "facts": matter.facts, "legal_basis": matter.basis, "evidence_ids": [e["id"] for e in case["evidence"]],
                "performance": "自收到本决定书之日起十五日内缴至指定银行",
                "remedies": "可自收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼",
                "agency": "东港市市场监督管理局"}


def walk(bases: dict[str, str], log_path: Path, issuer: str) -> None:
    with open(log_path, "a", encoding="utf-8") as log:
        cases = Walk(bases, log, issuer)
        try:
            cases.run()
        except Exception as exc:  # noqa: BLE001 - a demo step that fails never stops the stack
            cases.say(f"walkthrough stopped: {exc}")
        try:  # the 双随机、一公开 demo (demo/inspections.py), on its own: one failing leaves the other done
            InspectionWalk(bases, issuer, cases.say).run()
        except Exception as exc:  # noqa: BLE001 - likewise
            cases.say(f"inspection demo stopped: {exc}")


if __name__ == "__main__":
    log_file, issuer_url, *services = sys.argv[1:]
    walk(dict(service.split("=", 1) for service in services), Path(log_file), issuer_url)
