"""tools/verify_draw.py, the outsider's verifier: standard library only, run isolated (-I), agrees with the package."""

import ast
import copy
import csv
import json
import subprocess
import sys
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from inspection_scheduling.domain.canonical import canonical_json
from inspection_scheduling.domain.verification import verify, why

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "verify_draw.py"


def run_script(tmp_path: Path, proof: dict, roster, *args: str) -> tuple[int, dict]:
    (tmp_path / "proof.json").write_bytes(canonical_json(proof))
    with (tmp_path / "roster.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["credit_code", "stratum"])
        writer.writerows((r.credit_code, r.stratum) for r in roster)
    done = subprocess.run([sys.executable, "-I", str(SCRIPT), str(tmp_path / "proof.json"),
                           str(tmp_path / "roster.csv"), *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_r4_the_offline_verifier_imports_only_the_standard_library():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert modules and modules <= set(sys.stdlib_module_names)


def test_r4_the_offline_verifier_reproduces_a_published_proof_byte_for_byte(ceremony, tmp_path):
    proof = ceremony.run()
    code, report = run_script(tmp_path, proof, reversed(ceremony.roster), "--commitment", proof["commitment"])
    assert (code, report["ok"], report["byte_identical"]) == (0, True, True)
    assert report["proof_sha256"] == verify(proof, ceremony.roster).proof_sha256


def tamper_reveal(proof, roster):
    proof["reveals"][1]["secret"] = proof["reveals"][1]["secret"][:-1] + "0"
    return proof, roster


def tamper_roster(proof, roster):
    return proof, [*roster[:3], replace(roster[3], credit_code=roster[3].credit_code[:-1] + "Y"), *roster[4:]]


def tamper_count(proof, roster):
    proof["strata"][0]["count"] -= 1
    return proof, roster


def tamper_pool(proof, roster):
    proof["inspectors"][0]["auxiliary"] = True
    return proof, roster


@pytest.mark.parametrize("tamper", [tamper_reveal, tamper_roster, tamper_count, tamper_pool],
                         ids=lambda f: f.__name__)
def test_r4_the_offline_verifier_and_the_package_name_the_same_differences(ceremony, tmp_path, tamper):
    proof, roster = tamper(copy.deepcopy(ceremony.run()), list(ceremony.roster))
    code, report = run_script(tmp_path, proof, roster)
    expected = verify(proof, roster)
    assert code == 1 and not report["ok"]
    assert report["differences"] == [asdict(d) for d in expected.differences]
    assert report["proof_sha256"] == expected.proof_sha256


def test_r4_e4_the_offline_verifier_answers_why_like_the_package(ceremony, tmp_path):
    proof = ceremony.run()
    drawn = proof["selected"][0]["credit_code"]
    for code in (drawn, ceremony.roster[5].credit_code, ceremony.exclusions[0].credit_code, "91330200MA2AAAAAA1"):
        _, report = run_script(tmp_path, proof, ceremony.roster, "--why", code)
        expected = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(e).items() if v is not None
                     or k in ("rule",)} for e in why(code, proof, ceremony.roster)]
        assert [{k: v for k, v in answer.items() if v is not None or k == "rule"} for answer in report["why"]] == [
            {k: v for k, v in e.items() if k in answer} for e, answer in zip(expected, report["why"], strict=True)]
