"""Issue 12 item 5: the bulk route's body limit takes its documented maximum (1,000 realistic orders) with
headroom, while other routes keep the 1 MiB default."""

import json

from hotline_ingestion.api.app import create_app
from hotline_ingestion.api.work_order_routes import BULK_MAX_BODY_BYTES
from hotline_ingestion.domain.work_order import WorkOrderIntake
from hotline_ingestion.settings import Settings
from platform_http import MIB, BodyLimitMiddleware

CONTENT = ("小区楼下烧烤店油烟扰民，晚上噪音很大，多次反映未解决，请相关部门尽快处理。" * 14)[:500]


def _realistic_order(n: int) -> dict:
    order = {"order_no": f"12345-20261203-{n:06d}", "received_at": "2026-12-03T09:15:00+08:00", "channel": "电话",
             "request_type": "投诉", "content": CONTENT, "address": f"东港市大东街道新兴路 {n} 号 3 单元 502 室",
             "region_code": "210681001", "urgency": "一般", "requester": {"name": "张先生", "phone": "13812345678"},
             "reported_party": {"name": f"老李烧烤店（{n}）"},
             "attachments": [{"file_name": f"现场照片{i}.jpg", "media_type": "image/jpeg", "size_bytes": 482_113,
                              "url": f"https://files.hotline.example/12345/{n}/{i}.jpg"} for i in range(3)]}
    WorkOrderIntake.model_validate(order)  # a valid order, as the hotline platform sends them
    return order


def test_the_bulk_route_takes_1000_realistic_orders_with_fourfold_headroom_and_others_keep_the_default():
    app = create_app(Settings())
    limits = BodyLimitMiddleware(app, default_limit=Settings().http.max_body_bytes, routes=lambda: app.routes)
    escaped = len(json.dumps([_realistic_order(n) for n in range(1000)]).encode())  # the largest common encoding
    assert limits.limit_for("POST", "/api/v1/work-orders/bulk") == BULK_MAX_BODY_BYTES >= 4 * escaped
    assert limits.limit_for("POST", "/api/v1/work-orders") == MIB
