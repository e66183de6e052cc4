"""A department's 行政区划 is its county's (6 digits) or, for a township's or street's office, the township's (9)."""

import pytest
from pydantic import ValidationError

from list_management.domain.catalog import Department

BASE = {"code": "DG-DDJD", "name": "东港市大东街道办事处", "sector": "综合执法", "responsibilities": ["市容环境"]}


@pytest.mark.parametrize("code", ["210681", "210681001", "210681001002"])
def test_a_department_names_its_county_township_or_village(code):
    assert Department(**BASE, region_code=code).region_code == code


@pytest.mark.parametrize("code", ["2106", "2106810", "21068100", "21068a"])
def test_other_region_codes_are_refused(code):
    with pytest.raises(ValidationError):
        Department(**BASE, region_code=code)
