"""The 双随机、一公开 demo for `make run`, made through inspection_scheduling's REST API as the bureau would:

1. the object pool of 东港市 (about 50,000 entities, demo/inspection_pool.py) imported as one CSV file;
2. an annual joint plan of the market-regulation bureau (发起, DG-SCJG) with the health commission (配合, DG-WSJK):
   one task on 餐饮 entities of the city, both departments' published matters, the configured ratios per credit
   class — approved by a second officer (E-9), filed with the level above and published (E-13);
3. a draw of that task committed with two parties, the bureau and the 司法局 (R-4), each revealing its own secret
   with its own token; the last reveal derives the proof and schedules the visits (综合查一次).

Started by demo/walkthrough.py beside the demo cases; once per data directory (a plan with the demo title found:
nothing to do). The proof is then at `GET :8004/api/v1/public/draws/{id}/proof`, checked by `…/verify` or offline
with services/inspection_scheduling/tools/verify_draw.py.
"""

import hashlib
import secrets
import time
from datetime import date, timedelta

import httpx
from inspection_pool import as_csv, entities

from platform_devstack.identity import client_credentials_token, exchange_token

INITIATING, COOPERATING, SUPERVISING = "DG-SCJG", "DG-WSJK", "DG-SFJ"
BUREAU, HEALTH, SUPERVISION = "dept-dg-scjg", "dept-dg-wsjk", "sfj-supervision"
MATTERS = ["DG-SCJG-JC-001", "DG-WSJK-JC-001"]


class InspectionWalk:
    def __init__(self, bases: dict[str, str], issuer: str, say) -> None:  # noqa: ANN001 - the walk's logger
        self.base, self.lists, self.issuer, self.say = (f"{bases['inspection_scheduling']}/api/v1",
                                                        bases["list_management"], issuer, say)
        self.http = httpx.Client(timeout=120)
        self.today = date.today()
        self.title = f"{self.today.year}年度东港市餐饮服务单位部门联合双随机抽查计划（演示）"

    def token(self, client_id: str, person: str | None = None) -> dict[str, str]:
        token = (exchange_token(self.issuer, client_id, f"demo-{client_id}", person) if person
                 else client_credentials_token(self.issuer, client_id, f"demo-{client_id}"))
        return {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, headers: dict[str, str], ok: tuple[int, ...] = (200, 201),
             **kwargs: object) -> dict:
        response = self.http.request(method, f"{self.base}{path}", headers=headers, **kwargs)
        if response.status_code not in ok:
            raise RuntimeError(f"{method} {path} → {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else {}

    def run(self) -> None:
        bureau = self.token(BUREAU)
        plans = self.call("GET", "/plans", bureau, params={"year": self.today.year, "limit": 500})["items"]
        if any(p["title"] == self.title for p in plans):
            self.say("inspection demo present: nothing to do")
            return
        started = time.monotonic()
        pool = self.call("POST", "/entities/imports", {**bureau, "Content-Type": "text/csv"},
                         content=as_csv(entities()), params={"filename": "东港市检查对象名录库（演示）.csv"})
        self.say(f"object pool: {pool['rows']} entities imported in {time.monotonic() - started:.1f} s")
        self.wait_for_matters(bureau)
        plan = self.published_plan()
        self.draw(plan)
        self.say("inspection demo done")

    def wait_for_matters(self, headers: dict[str, str], timeout_s: float = 120) -> None:
        """The matter lists reach inspection_scheduling as list_management's events: until then planning waits."""
        deadline = time.monotonic() + timeout_s
        while True:
            listed = {m["matter_code"] for m in self.call("GET", "/inspection-matters", headers,
                                                          params={"limit": 500})["items"]}
            if set(MATTERS) <= listed:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"matter lists not copied yet: {sorted(set(MATTERS) - listed)}")
            time.sleep(2)

    def officers(self, headers: dict[str, str]) -> list[str]:
        people = self.http.get(f"{self.lists}/api/v1/personnel", headers=headers,
                               params={"department_code": INITIATING, "limit": 100}).json()["items"]
        return [p["person_no"] for p in people if not p["auxiliary"] and p["status"] == "valid"][:2]

    def published_plan(self) -> dict:
        drafter, approver = self.officers(self.token(BUREAU))
        as_drafter, as_approver = self.token(BUREAU, drafter), self.token(BUREAU, approver)
        window_to = min(self.today + timedelta(days=60), date(self.today.year, 12, 31))
        plan = self.call("POST", "/plans", as_drafter, json={
            "kind": "joint", "title": self.title, "year": self.today.year, "initiating_department": INITIATING,
            "cooperating_departments": [COOPERATING], "tasks": [{
                "title": "餐饮服务单位食品安全与卫生监督联合检查", "departments": [INITIATING, COOPERATING],
                "matter_codes": MATTERS, "region_codes": ["210681"], "industries": ["H"],
                "window_from": self.today.isoformat(), "window_to": window_to.isoformat()}]})
        self.call("POST", f"/plans/{plan['id']}/approval", as_approver)  # a second officer approves (E-9)
        self.call("POST", f"/plans/{plan['id']}/filing", as_drafter, json={"filed_with": "丹东市市场监督管理局"})
        plan = self.call("POST", f"/plans/{plan['id']}/publication", as_drafter)
        self.say(f"plan {plan['id']}: {plan['status']} (E-9, E-13)")
        return plan

    def draw(self, plan: dict) -> None:
        secrets_of = {INITIATING: secrets.token_hex(32), SUPERVISING: secrets.token_hex(32)}
        parties = [{"party": "东港市市场监督管理局", "department_code": INITIATING},
                   {"party": "东港市司法局", "department_code": SUPERVISING}]
        for party in parties:
            party["commitment"] = hashlib.sha256(secrets_of[party["department_code"]].encode()).hexdigest()
        bureau = self.token(BUREAU)
        task = self.call("GET", f"/plans/{plan['id']}", bureau)["tasks"][0]
        draw = self.call("POST", "/draws", bureau, json={"task_id": task["id"], "parties": parties})
        self.say(f"draw {draw['id']}: committed {draw['commitment']} (R-4)")
        for party, client in ((parties[0], BUREAU), (parties[1], SUPERVISION)):  # each with its own token
            draw = self.call("POST", f"/draws/{draw['id']}/reveals", self.token(client), json={
                "party": party["party"], "secret": secrets_of[party["department_code"]]})
        self.say(f"draw {draw['id']}: {draw['status']}, proof at /api/v1/public/draws/{draw['id']}/proof, "
                 f"verify at /api/v1/public/draws/{draw['id']}/verify")
