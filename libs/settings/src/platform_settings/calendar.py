"""Where a service reads the State Council's yearly holiday notices (DOMAIN §1.2), and how often it looks again."""

from pathlib import Path

from pydantic import BaseModel, Field

#: The documented default: mount the notices here (a ConfigMap in Helm); a missing directory holds none.
DEFAULT_NOTICES_DIR = Path("/etc/platform/holiday-notices")


class CalendarSettings(BaseModel):
    """`<SERVICE>_CALENDAR__NOTICES_DIR`, `<SERVICE>_CALENDAR__REFRESH_INTERVAL_S`."""

    notices_dir: Path = Field(DEFAULT_NOTICES_DIR, description="one `<year>.json` per 国务院办公厅 放假安排 notice, "
                              "read with the 2025–2026 notices the platform ships; the same directory for every service")
    refresh_interval_s: float = Field(300.0, gt=0, description="a process rereads the directory at most this often; "
                                      "the deadline watcher rereads it every round")
