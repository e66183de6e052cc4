"""Who is calling, as the verified access token says: client, acting person, permissions and data scope.

A token carries the caller's agencies (部门编码) and 行政区划 prefix. Its `data_scope` says how far they reach:
`agency` — the records of the caller's own agencies, inside its region (a department's case system); `region` —
every record of the region (the supervising 司法局, the 12345 platform, the provincial platform); an empty
region is the whole country (national systems). What a caller
may *do* there is decided by its scopes, not by its data scope: the 司法局 reads the whole region but holds no
`cases:write`.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

DataScope = Literal["agency", "region"]
#: The clearance that lets a caller see confidential fields: requester and reporter identities (K-7, H-4).
CONFIDENTIAL = "confidential"


@dataclass(frozen=True)
class Caller:
    client_id: str
    subject: str  # the token's `sub`: a person (officer or staff id) or, for client credentials, the client itself
    scopes: frozenset[str]
    agencies: tuple[str, ...]
    region: str
    data_scope: DataScope
    clearance: str
    acting_client: str | None = None  # RFC 8693 `act.sub`: the system acting for the person
    token_id: str | None = None

    @cached_property  # a verified caller is remembered with its token: sorted once
    def sorted_scopes(self) -> tuple[str, ...]:
        return tuple(sorted(self.scopes))

    @property
    def person(self) -> str | None:
        """The person acting, when the token names one (a login or an RFC 8693 exchange); None for a system."""
        return None if self.subject == self.client_id else self.subject

    @property
    def cleared(self) -> bool:
        """May this caller see confidential fields (requester/reporter identity, K-7/H-4)?"""
        return self.clearance == CONFIDENTIAL

    @property
    def region_wide(self) -> bool:
        return self.data_scope == "region"

    def in_region(self, region_code: str | None) -> bool:
        """Do the record's 行政区划 and the caller's nest, either way? (Reference data of a higher level — a
        province's list — binds and is read below it.) A record without a region is bounded by its agency alone."""
        return region_code is None or region_code.startswith(self.region) or self.region.startswith(region_code)

    def within(self, region_code: str | None) -> bool:
        """Does the record lie inside the caller's region (a county's 司法局 supervises the county, not the province)?"""
        return region_code is None or region_code.startswith(self.region)

    def sees(self, agency: str | None, region_code: str | None = None) -> bool:
        """May this caller read (and, with the scope for it, change) a record of `agency` in `region_code`?

        A region-wide caller: every record inside its region. Any other: the records of its own agencies."""
        if self.region_wide:
            return self.within(region_code)
        return agency is not None and agency in self.agencies and self.in_region(region_code)

    def acts_for(self, agency: str | None) -> bool:
        """Is `agency` one of the caller's own (what a unit may act as, e.g. 签收 a work order, H-9)?"""
        return agency is not None and agency in self.agencies

    @property
    def actor(self) -> str:
        """The name recorded as who acted: the person when there is one, else the client."""
        return self.person or self.client_id

    def describe(self) -> dict[str, object]:
        """The verified identity as recorded in audit rows and record chains (no secrets, no token)."""
        return {"client_id": self.client_id, "subject": self.subject, "acting_client": self.acting_client,
                "scopes": sorted(self.scopes), "agencies": list(self.agencies), "region": self.region}


#: The identity of work a service does on its own (consumers, watchers, the demo loader): never an HTTP caller.
def system_caller(service: str) -> Caller:
    return Caller(client_id=service, subject=service, scopes=frozenset(), agencies=(), region="",
                  data_scope="region", clearance=CONFIDENTIAL)
