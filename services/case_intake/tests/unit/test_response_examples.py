"""The examples OpenAPI shows are real answers: each validates against its model and is written as the model writes
it (moments in +08:00), so a client generated from the document is never shown a shape it cannot read."""

import json

import pytest
from pydantic import BaseModel

from case_intake.api.case_schemas import CaseRead, CaseRow, RecordRead
from case_intake.api.clue_schemas import ClueRead
from case_intake.api.flexible_schemas import MeasureRead
from case_intake.api.publicity_schemas import PublicityRead, PublishedDecision

MODELS = (CaseRead, CaseRow, RecordRead, ClueRead, PublicityRead, PublishedDecision, MeasureRead)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_example_of_each_main_answer_is_an_answer_of_its_model(model: type[BaseModel]) -> None:
    [example] = model.model_config["json_schema_extra"]["examples"]
    # a clue is answered without the fields the caller may not see (K-7): its routes leave out what is not set
    written = json.loads(model.model_validate(example).model_dump_json(by_alias=True, exclude_unset=model is ClueRead))
    assert written == json.loads(json.dumps(example))


def test_every_moment_of_an_answer_is_written_in_china_standard_time() -> None:
    case = CaseRead.model_validate(CaseRead.model_config["json_schema_extra"]["examples"][0] | {
        "created_at": "2026-11-02T01:00:00Z"})
    assert json.loads(case.model_dump_json())["created_at"] == "2026-11-02T09:00:00+08:00"
