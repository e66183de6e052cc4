"""Open311 GeoReport v2 vocabulary mapped onto work orders and departments: pure functions, no I/O."""

import json
import math
import mimetypes
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

from pydantic import ValidationError

from hotline_ingestion.domain.confidentiality import redact_numbers
from hotline_ingestion.domain.vocabulary import RequestType, Status
from hotline_ingestion.domain.work_order import Channel, WorkOrderIntake
from platform_errors import FieldProblem, InvalidInput, NotFound

FORM = "application/x-www-form-urlencoded"
MAX_BODY_BYTES = 65_536
MAX_FIELDS = 200
MAX_DESCRIPTION = 4000  # GeoReport v2: description is "limited to 4,000 characters"
MAX_RESULTS = 1000  # GeoReport v2 "Response Volume": 90 days or the first 1000 requests, whichever is smaller
MAX_SPAN = timedelta(days=90)
CLOSED = frozenset(s.value for s in (Status.closed, Status.called_back, Status.evaluated, Status.not_accepted,
                                     Status.merged))
CHINA = timezone(timedelta(hours=8))  # Asia/Shanghai, fixed UTC+8 (CONVENTIONS.md: Times)
_KEY_NAMESPACE = uuid.UUID("5b0c3d4e-3c11-4f3e-9a51-0e3f11a5e311")  # Idempotency-Key -> order_no, stable forever
_PHONE_PUNCTUATION = str.maketrans("", "", " ().\u3000")
_PHONE = re.compile(r"^\+?[0-9\-]{5,20}$")
_CJK = re.compile(r"^[\u3400-\u9fff\u00b7]+$")


@dataclass(frozen=True)
class ServiceRequestForm:
    """POST requests.json, in GeoReport v2's own field names."""

    service_code: str
    lat: float | None = None
    long: float | None = None
    address_string: str | None = None
    description: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    device_id: str | None = None
    media_url: str | None = None
    request_type: RequestType = RequestType.complaint  # attribute[request_type]


@dataclass(frozen=True)
class RequestsQuery:
    """GET requests.json: ids override every other argument (GeoReport v2)."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    closed: bool | None = None  # None = open and closed


def check_jurisdiction(given: str | None, served: str) -> None:
    """One jurisdiction is served: jurisdiction_id is optional, and a different one does not exist here."""
    if given and given.strip() and given.strip().lower() != served.lower():
        raise NotFound((f"未找到 jurisdiction_id {given.strip()!r}；本接口服务的辖区为 {served!r}",
                        f"jurisdiction_id {given.strip()!r} was not found; this endpoint serves {served!r}"))


def service_of(department: Mapping) -> dict:
    """A department of the catalog copy as a GeoReport service: citizens choose who should handle it."""
    duties = [str(d) for d in department["responsibilities"] or []]
    return {"service_code": department["code"], "service_name": department["name"],
            "description": "；".join(duties) or department["name"], "metadata": False, "type": "realtime",
            "keywords": ",".join(duties), "group": department["sector"]}


def read_fields(body: bytes, content_type: str | None) -> dict[str, str]:
    """The POSTed fields, form-encoded (the standard) or a JSON object; empty values count as absent."""
    if len(body) > MAX_BODY_BYTES:
        raise InvalidInput((f"请求体超过 {MAX_BODY_BYTES} 字节", f"the request body is larger than {MAX_BODY_BYTES} bytes"))
    media = (content_type or FORM).split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        pairs = _json_pairs(body)
    elif media == FORM:
        pairs = _form_pairs(body)
    else:
        raise InvalidInput((f"请以 {FORM}（GeoReport v2）或 JSON 对象提交，不支持 {media!r}",
                            f"send {FORM} (GeoReport v2) or a JSON object, not {media!r}"),
                           errors=[FieldProblem("content-type", "unsupported media type")])
    fields: dict[str, str] = {}
    for key, value in pairs:
        if "\x00" in key or "\x00" in value:
            raise InvalidInput(("不接受 NUL 字符（U+0000）", "NUL characters (U+0000) are not accepted"),
                               errors=[FieldProblem(key.replace("\x00", ""), "contains U+0000")])
        key = key.removesuffix("[]")  # attribute[code][]=v: a multivaluelist; the first value is kept
        if value.strip():
            fields.setdefault(key, value.strip())
    return fields


def _form_pairs(body: bytes) -> list[tuple[str, str]]:
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except UnicodeDecodeError as exc:
        raise InvalidInput(("表单不是 UTF-8 编码（GeoReport v2 要求一律使用 UTF-8）",
                            "the form is not UTF-8 (GeoReport v2: UTF-8 is required everywhere)")) from exc
    except ValueError as exc:  # too many fields
        raise InvalidInput((f"一个服务请求最多 {MAX_FIELDS} 个字段",
                            f"a service request has at most {MAX_FIELDS} fields")) from exc


def _json_pairs(body: bytes) -> list[tuple[str, str]]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise InvalidInput(("请求体不是有效的 UTF-8 JSON", "the body is not valid UTF-8 JSON")) from exc
    if not isinstance(data, dict) or len(data) > MAX_FIELDS:
        raise InvalidInput((f"JSON 请求体须为一个对象，且最多 {MAX_FIELDS} 个字段",
                            f"the JSON body must be one object of at most {MAX_FIELDS} fields"))
    pairs = []
    for key, value in data.items():
        if key == "attribute" and isinstance(value, dict):
            pairs += [(f"attribute[{k}]", _scalar(f"attribute[{k}]", v)) for k, v in value.items()]
        else:
            pairs.append((key, _scalar(key, value)))
    return pairs


def _scalar(key: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise InvalidInput((f"{key} 须为字符串或数字", f"{key} must be a string or a number"),
                       errors=[FieldProblem(key, "not a scalar")])


def read_request(fields: Mapping[str, str]) -> ServiceRequestForm:
    """Validate a POST against GeoReport v2; every problem is reported at once, by the spec's field name."""
    if not fields.get("service_code"):
        raise InvalidInput(("未提供 service_code", "service_code was not provided"),
                           errors=[FieldProblem("service_code", "required")])
    problems: list[FieldProblem] = []
    lat, long = _location(fields, problems)
    description = fields.get("description")
    if description and len(description) > MAX_DESCRIPTION:
        problems.append(FieldProblem("description", f"at most {MAX_DESCRIPTION} characters"))
    media_url = fields.get("media_url")
    if media_url and (len(media_url) > 2000 or urlsplit(media_url).scheme not in ("http", "https")):
        problems.append(FieldProblem("media_url", "an http(s) URL of at most 2000 characters"))
    phone = fields.get("phone", "").translate(_PHONE_PUNCTUATION) or None
    if phone and not _PHONE.match(phone):
        problems.append(FieldProblem("phone", "digits, '-' and an optional leading '+', 5 to 20 of them"))
    request_type = fields.get("attribute[request_type]", RequestType.complaint.value)
    if request_type not in {t.value for t in RequestType}:
        problems.append(FieldProblem("attribute[request_type]", "one of " + "/".join(RequestType)))
    if problems:
        raise InvalidInput(("服务请求中有无效字段", "the service request has invalid fields"), errors=problems)
    return ServiceRequestForm(
        service_code=fields["service_code"], lat=lat, long=long, address_string=fields.get("address_string"),
        description=description, first_name=fields.get("first_name"), last_name=fields.get("last_name"),
        phone=phone, device_id=fields.get("device_id"), media_url=media_url, request_type=RequestType(request_type))


def _location(fields: Mapping[str, str], problems: list[FieldProblem]) -> tuple[float | None, float | None]:
    """GeoReport v2: lat & long together, or address_string (address_id needs a master address repository)."""
    lat = _coordinate(fields, "lat", 90, problems)
    long = _coordinate(fields, "long", 180, problems)
    if (lat is None) != (long is None) and not any(p.field in ("lat", "long") for p in problems):
        problems.append(FieldProblem("lat" if lat is None else "long", "lat and long are sent together"))
    if lat is None and long is None and not fields.get("address_string") and not problems:
        problems.append(FieldProblem("address_id", "not supported here; send lat & long or address_string")
                        if fields.get("address_id") else
                        FieldProblem("location", "one of lat & long or address_string is required"))
    return lat, long


def _coordinate(fields: Mapping[str, str], name: str, bound: float, problems: list[FieldProblem]) -> float | None:
    raw = fields.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > bound:
        problems.append(FieldProblem(name, f"a WGS84 decimal degree between -{bound:g} and {bound:g}"))
        return None
    return value


def requester_name(first_name: str | None, last_name: str | None) -> str | None:
    """A Chinese name is written family name first (张 + 三); others as given name, space, family name."""
    parts = [p for p in (first_name, last_name) if p]
    if len(parts) == 2 and all(_CJK.match(p) for p in parts):
        return last_name + first_name
    return " ".join(parts) or None


def order_no_for(idempotency_key: str | None) -> str:
    """The work order's own number: random, or derived from Idempotency-Key so a retried POST finds its order."""
    key = (idempotency_key or "").strip()
    if not key:
        return "OPEN311-" + uuid.uuid4().hex
    if len(key) > 255 or not key.isprintable():
        raise InvalidInput(("Idempotency-Key 须为不超过 255 个的可打印字符",
                            "Idempotency-Key must be at most 255 printable characters"),
                           errors=[FieldProblem("Idempotency-Key", "invalid")])
    return "OPEN311-" + uuid.uuid5(_KEY_NAMESPACE, key).hex


def intake_for(form: ServiceRequestForm, department: Mapping, order_no: str, now: datetime) -> WorkOrderIntake:
    """The same work order the hotline would send, so H-8, clocks, linkage and feedback all apply."""
    name = requester_name(form.first_name, form.last_name)
    data = {"order_no": order_no, "received_at": now, "channel": Channel.app if form.device_id else Channel.web,
            "request_type": form.request_type,
            "content": form.description or f"（Open311 来件，未填写描述）{department['name']}",
            "address": form.address_string, "region_code": department["region_code"],
            "requester": {"name": name, "phone": form.phone, "anonymous": not (name or form.phone)},
            "attachments": [attachment_of(form.media_url)] if form.media_url else []}
    try:
        return WorkOrderIntake.model_validate(data)
    except ValidationError as exc:
        errors = [FieldProblem(_georeport_field(e["loc"]), e["msg"]) for e in exc.errors()]
        raise InvalidInput(("服务请求中有无效字段", "the service request has invalid fields"), errors=errors) from exc


_INTAKE_TO_GEOREPORT = {"content": "description", "address": "address_string", "attachments": "media_url",
                        "name": "first_name/last_name", "phone": "phone", "region_code": "service_code"}


def _georeport_field(loc: tuple) -> str:
    return next((_INTAKE_TO_GEOREPORT[p] for p in reversed(loc) if p in _INTAKE_TO_GEOREPORT), str(loc[0]))


def attachment_of(media_url: str) -> dict:
    """media_url as attachment metadata; its size is unknown until someone fetches it."""
    name = urlsplit(media_url).path.rstrip("/").rsplit("/", 1)[-1][:255] or "media"
    return {"file_name": name, "media_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "size_bytes": 0, "url": media_url}


def read_query(ids: str | None, service_codes: list[str], start_date: str | None, end_date: str | None,
               statuses: list[str], now: datetime) -> RequestsQuery:
    """GET requests.json's arguments; lists may be comma-delimited or repeated (GeoReport v2)."""
    wanted = _listed([ids] if ids else [])
    if wanted:
        if len(wanted) > MAX_RESULTS:
            raise InvalidInput((f"service_request_id 最多 {MAX_RESULTS} 个",
                                f"at most {MAX_RESULTS} service_request_id values"))
        return RequestsQuery(ids=wanted)
    status = set(_listed(statuses))
    if status - {"open", "closed"}:
        raise InvalidInput(("status 只能为 open 和/或 closed", "status is open and/or closed"),
                           errors=[FieldProblem("status", "open or closed")])
    start, end = window(_instant("start_date", start_date), _instant("end_date", end_date), now)
    closed = None if len(status) != 1 else status == {"closed"}
    return RequestsQuery(service_codes=_listed(service_codes), start=start, end=end, closed=closed)


def _listed(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))


def _instant(name: str, raw: str | None) -> datetime | None:
    if not raw or not raw.strip():
        return None
    try:
        if len(raw.strip()) == 10:  # a w3 "complete date": that day in Asia/Shanghai
            return datetime.combine(date.fromisoformat(raw.strip()), time(), CHINA)
        value = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise InvalidInput((f"{name} 不是 W3C 日期时间格式（例如 2010-01-01T00:00:00Z）",
                            f"{name} is not a w3 datetime such as 2010-01-01T00:00:00Z"),
                           errors=[FieldProblem(name, "not ISO 8601")]) from exc
    if value.tzinfo is None:
        raise InvalidInput((f"{name} 须带时区（Z 或 +08:00）", f"{name} needs a timezone (Z or +08:00)"),
                           errors=[FieldProblem(name, "no offset")])
    return value


def window(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """The requested_datetime range: the most recent 90 days by default, never more than 90 days."""
    if start is None and end is None:
        return now - MAX_SPAN, now
    if start is None:
        return end - MAX_SPAN, end
    if end is None:
        return start, start + MAX_SPAN
    if end < start:
        raise InvalidInput(("end_date 早于 start_date", "end_date is before start_date"),
                           errors=[FieldProblem("end_date", "before start_date")])
    if end - start > MAX_SPAN:
        raise InvalidInput(("start_date 至 end_date 的跨度不得超过 90 天",
                            "start_date and end_date may not span more than 90 days"),
                           errors=[FieldProblem("end_date", "more than 90 days after start_date")])
    return start, end


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED else "open"


def w3(instant: datetime | None) -> str | None:
    """GeoReport's w3 datetime, with its offset, in Beijing time."""
    return instant.astimezone(CHINA).isoformat(timespec="seconds") if instant else None


def service_notice(status: str, reason: str | None, channel: str | None, due_at: datetime | None,
                   provisional: bool = False) -> str | None:
    """The note beside `expected_datetime`: a provisional date says so (its year's holiday notice is not out, §1.2)."""
    if status == Status.not_accepted:  # rule H-8: the requester is told the proper channel
        return f"不予受理：{reason}。请{channel}。"
    if status not in CLOSED and due_at is not None:
        note = f"已受理，预计 {due_at.astimezone(CHINA):%Y-%m-%d %H:%M}（北京时间）前答复。"
        return note + ("该时间为暂定：所涉年度的节假日安排尚未公布，公布后可能调整。" if provisional else "")
    return None


def request_view(row: Mapping) -> dict:
    """A work order as a GeoReport service request; the requester is never part of it (rules K-7, H-4)."""
    status = row["status"]
    notes = (f"{row['not_accepted_reason']}；{row['proper_channel']}" if status == Status.not_accepted
             else row["last_reason"] or None)
    media = next((a.get("url") for a in row["attachments"] or [] if a.get("url")), None)
    return {
        "service_request_id": row["id"], "status": open311_status(status), "status_notes": redact_numbers(notes),
        "service_name": row["service_name"], "service_code": row["service_code"],
        "description": redact_numbers(row["content"]), "agency_responsible": row["agency_name"] or row["lead_unit"],
        "service_notice": service_notice(status, row["not_accepted_reason"], row["proper_channel"], row["due_at"],
                                         row["due_provisional"]),
        "requested_datetime": w3(row["received_at"]), "updated_datetime": w3(row["updated_at"]),
        "expected_datetime": w3(row["due_at"]), "address": row["address"], "address_id": None, "zipcode": None,
        "lat": row["latitude"], "long": row["longitude"], "media_url": media,
    }
