from platform_errors import DomainError, FieldProblem


def test_a_refusal_carries_its_rule_id_and_field_reasons():
    err = DomainError("two officers needed", rule="P-1", errors=[FieldProblem("officers", "至少两名")])
    assert (err.rule, err.errors[0].field, str(err)) == ("P-1", "officers", "two officers needed")
