"""Demo data for 东港市 (行政区划代码 210681): departments, matter catalog, published lists and officers.

Files in ``DEMO_DIR`` (UTF-8 JSON):

- ``departments.json``: ``Department`` objects;
- ``matters.json``: ``Matter`` objects (执法事项目录);
- ``lists/*.json``: one published list each, ``{"department_code", "title", "effective_from", "body"}`` where
  ``body`` is one of the ``ListBody`` kinds (四张清单, 裁量基准, risk points, review matters, random inspection
  matters, compliance guidance);
- officers come from ``officers.demo_officers()`` (deterministic, seeded).
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
