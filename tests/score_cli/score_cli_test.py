#!/usr/bin/env python3
"""Drives the real `selfdirect-council score` the way a council analyst would, on the committed default
forms, RAS tables and worked-example fixtures (brief section 8).

Usage: score_cli_test.py SCENARIO COUNCIL_BIN SOURCE_DIR
Scenarios: worked-examples, carer, young-carer, eligibility, flags, no-ras, invalid-answers, unusable-inputs,
broken-forms, safe-at-home, disabled-answers. Python standard library only.
"""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

scenario, council, source = sys.argv[1:4]
forms = os.path.join(source, "assets", "forms")
ras = os.path.join(source, "assets", "ras")
fixtures = os.path.join(source, "tests", "fixtures")
SAQ = os.path.join(forms, "SAQ-D1.json")
CSAQ = os.path.join(forms, "CSAQ-D1.json")
RAS = os.path.join(ras, "RAS-D1.json")
CRAS = os.path.join(ras, "CRAS-D1.json")
work = tempfile.mkdtemp(prefix="selfdirect-score-cli-")
atexit.register(shutil.rmtree, work, ignore_errors=True)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def score(*args, expect=0):
    p = subprocess.run([council, "score", *args], capture_output=True, text=True, timeout=60)
    if expect == 0:
        if p.returncode != 0:  # nothing further can be checked
            print(f"FAIL: score {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}", file=sys.stderr)
            sys.exit(1)
        check(p.stderr == "", f"score {' '.join(args)} wrote to stderr: {p.stderr}")
        return json.loads(p.stdout)
    check(p.returncode == expect, f"score {' '.join(args)} exited {p.returncode}, expected {expect}: {p.stderr.strip()}")
    return p


def fixture(name):
    return os.path.join(fixtures, name + ".json")


def write(name, doc):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def expect_unusable(args, *needles):
    """Exit 2, exactly one line on stderr, naming each needle (the file and the culprit)."""
    p = score(*args, expect=2)
    lines = p.stderr.splitlines()
    check(len(lines) == 1, f"score {' '.join(args)}: stderr should be one line, got {p.stderr!r}")
    check(p.stdout == "", f"score {' '.join(args)}: nothing on stdout when an input is unusable")
    for n in needles:
        check(n in p.stderr, f"score {' '.join(args)}: stderr {p.stderr.strip()!r} should name {n!r}")


def worked_examples():
    # Mrs A (brief 8.2): N 39, R 5.50, N_adj 33.5, 368.50/week, 19,162.00/year.
    d = score(SAQ, fixture("mrs-a"), "--ras", RAS)
    r = d["ras"]
    check(d["valid"] is True and d["errors"] == [], f"Mrs A valid: {d['errors']}")
    check(r["N"] == 39, f"N {r['N']}")
    check(r["R"] == 5.5, f"R {r['R']}")
    check(r["N_adj"] == 33.5, f"N_adj {r['N_adj']}")
    check(r["weekly"] == "368.50" and r["weeklyPence"] == 36850, f"weekly {r['weekly']}")
    check(r["annual"] == "19162.00" and r["annualPence"] == 1916200, f"annual {r['annual']}")
    check(r["pointsBySection"] == {"1": 10, "2": 5, "3": 5, "4": 3, "5": 2, "6": 5, "7": 0, "8": 0, "9": 2,
                                   "10": 3, "11": 4}, f"points by section {r['pointsBySection']}")
    check([l["reduction"] for l in r["reduction"]["lines"]] == [2.5, 1.875, 0.625, 0.5], f"lines {r['reduction']}")
    check(r["reduction"]["cap"] == 15.6 and r["reduction"]["capApplied"] is False, "cap 15.6 not reached")
    check(r["table"] == {"id": "RAS-D1", "version": "1", "effectiveFrom": "2025-04-01", "kind": "adult",
                         "questionnaire": "SAQ-D1"}, f"table stamp {r['table']}")
    check(r["flags"]["floorApplied"] is False and r["flags"]["ceilingApplied"] is False and r["flags"]["panel"] is False,
          f"flags {r['flags']}")
    # Sensitivity: Mr A willing and able (factor 1.0) -> R 11.0, N_adj 28.0, 308.00.
    r = score(SAQ, fixture("mrs-a-willing-and-able"), "--ras", RAS)["ras"]
    check((r["R"], r["N_adj"], r["weekly"]) == (11, 28, "308.00"), f"factor 1.0: {r['R']} {r['N_adj']} {r['weekly']}")
    # Sensitivity: no unpaid help -> N_adj 39, 429.00.
    r = score(SAQ, fixture("mrs-a-no-unpaid-help"), "--ras", RAS)["ras"]
    check((r["R"], r["N_adj"], r["weekly"]) == (0, 39, "429.00"), f"no help: {r['R']} {r['N_adj']} {r['weekly']}")


def carer():
    # Mr A as carer (brief 8.3): 23 -> 500.00 for 12 months; eligibility indicated.
    d = score(CSAQ, fixture("mr-a-carer"), "--ras", CRAS)
    r = d["ras"]
    check(d["valid"] is True, f"Mr A valid: {d['errors']}")
    check(r["N"] == 23, f"carer score {r['N']}")
    check(r["pointsBySection"] == {"C1": 10, "C2": 9, "C3": 2, "C4": 2}, f"carer sections {r['pointsBySection']}")
    check(r["annual"] == "500.00" and r["band"]["label"] == "18-25", f"carer band {r.get('band')}")
    check(r["weekly"] is None, "a carer's allocation has no weekly figure")
    check(r["table"]["id"] == "CRAS-D1" and r["table"]["version"] == "1", f"carer table stamp {r['table']}")
    e = d["eligibility"]
    check(e["indicator"] == "indicated", f"carer indicator {e['indicator']}")
    check(e["outcomesIndicated"] == ["e", "h"], f"carer outcomes {e['outcomesIndicated']}")
    check(e["condition2"]["healthAtRisk"]["met"] is True, "carer health at risk")
    check(d["flags"]["emergency-plan-offer"]["raised"] is True, "no emergency plan -> offer")


def young_carer():
    # Mr A's answers from a carer under 18 (C0.5 yes): the young carers' route, as the kiosk shows it.
    doc = load(fixture("mr-a-carer"))
    under_18 = next(i for g in doc["item"] for i in g.get("item", []) if i["linkId"] == "C0.5")
    under_18["answer"][0]["valueCoding"].update(code="yes", display="Yes")
    d = score(CSAQ, write("young-carer.json", doc), "--ras", CRAS)
    r, e = d["ras"], d["eligibility"]
    check(e["indicator"] == "young carer" and e["indicated"] is False, f"young carer indicator {e['indicator']}")
    check([b["linkId"] for b in e["youngCarer"]["because"]] == ["C0.5"], f"young carer because {e.get('youngCarer')}")
    check("withheld" in r and r["annualPence"] == 0 and r["band"] is None, f"young carer allocation {r}")


def eligibility():
    d = score(SAQ, fixture("mrs-a"), "--ras", RAS)
    e = d["eligibility"]
    check("indicator, not a decision" in e["notice"], f"notice {e['notice']}")
    check(e["indicator"] == "indicated" and e["indicated"] is True, f"indicator {e['indicator']}")
    check(e["outcomesIndicated"] == ["a", "b", "c", "d", "e", "f", "g", "i"], f"outcomes {e['outcomesIndicated']}")
    check(e["condition1"]["status"] == "met", f"condition 1 {e['condition1']}")
    check(e["condition3"]["status"] == "for the worker to decide", "condition 3 is the worker's")
    nutrition = next(o for o in e["outcomes"] if o["code"] == "a")
    check([b["linkId"] for b in nutrition["because"]] == ["2.1", "2.2"], f"(a) because {nutrition['because']}")
    # Family help is ignored for eligibility but counted in the budget: both visible.
    e2 = score(SAQ, fixture("mrs-a-no-unpaid-help"), "--ras", RAS)["eligibility"]
    check(e2 == e, "eligibility is the same with or without unpaid help")
    # --outcomes alone gives the indicator without a budget.
    d = score(SAQ, fixture("mrs-a"), "--outcomes", os.path.join(source, "assets", "eligibility", "SAQ-D1.json"))
    check("ras" not in d and d["eligibility"]["indicator"] == "indicated", "--outcomes without --ras")


def flags():
    d = score(SAQ, fixture("mrs-a"), "--ras", RAS)
    f = d["flags"]
    check(f["carer-offer"]["raised"] is True, "Mrs A: Mr A is offered a carer's assessment")
    check([b["linkId"] for b in f["carer-offer"]["because"]] == ["12.1", "12.4"], f"carer-offer {f['carer-offer']}")
    check(f["safeguarding"]["raised"] is False and f["advocacy"]["raised"] is False, f"flags {f}")
    # A safeguarding answer raises the flag and names the answer.
    r = load(fixture("mrs-a"))
    for g in r["item"]:
        if g["linkId"] == "10":
            for sub in g["item"]:
                if sub["linkId"] == "10.3":
                    for q in sub["item"]:
                        if q["linkId"] == "10.3.a":
                            q["answer"] = [{"valueCoding": {"system": "https://selfdirect.example/fhir/CodeSystem/harm-screen",
                                                            "code": "talk"}}]
        if g["linkId"] == "9":
            for sub in g["item"]:
                if sub["linkId"] == "9.2":
                    for q in sub["item"]:
                        if q["linkId"] == "9.2.e":  # Mrs A finds remembering hard (9.2.b); now nobody can help
                            q["answer"] = [{"valueCoding": {"system": "https://selfdirect.example/fhir/CodeSystem/yes-no-not-sure",
                                                            "code": "no"}}]
    d = score(SAQ, write("safeguarding.json", r), "--ras", RAS)
    check(d["flags"]["safeguarding"]["raised"] is True, "10.3.a talk -> safeguarding")
    check(d["flags"]["safeguarding"]["because"][0]["linkId"] == "10.3.a", "safeguarding names 10.3.a")
    check(d["flags"]["advocacy"]["raised"] is True, "9.2.b yes and 9.2.e no -> advocacy")
    check(d["flags"]["advocacy"]["because"][0]["linkId"] == "9.2.e", "advocacy names 9.2.e")
    check(d["ras"]["weekly"] == "368.50", "a flag never changes the budget")


def no_ras():
    d = score(SAQ, fixture("mrs-a"))
    check(set(d) == {"questionnaire", "valid", "errors", "calculated", "flags"}, f"keys without --ras: {sorted(d)}")
    check(d["calculated"] == {}, "SAQ-D1 has no calculated items")
    # Calculated items come from the FHIRPath engine: the PHQ-9 total is recomputed (10).
    phq = os.path.join(source, "tests", "fixtures", "fhir-sdc")
    d = score(os.path.join(phq, "questionnaire-sdc-profile-example-PHQ9.json"),
              os.path.join(phq, "questionnaireresponse-sdc-profile-example-PHQ9.json"))
    check(d["calculated"] == {"H1/TS": 10}, f"PHQ-9 total {d['calculated']}")


def invalid_answers():
    r = load(fixture("mrs-a"))
    # An answer that is not an option, and a required question left out: exit 0, valid false.
    for g in r["item"]:
        if g["linkId"] == "1":
            g["item"][0]["answer"] = [{"valueCoding": {"system": "https://selfdirect.example/fhir/CodeSystem/saq-s5",
                                                       "code": "Z"}}]
        if g["linkId"] == "5":
            g["item"] = [i for i in g["item"] if i["linkId"] != "5.1"]
    d = score(SAQ, write("invalid.json", r), "--ras", RAS)
    check(d["valid"] is False, "invalid answers give valid false")
    ids = [e["linkId"] for e in d["errors"]]
    check("1.1" in ids and "5.1" in ids, f"errors name 1.1 and 5.1: {d['errors']}")
    check(all(e["message"] for e in d["errors"]), "every error has a message")
    check(d["ras"]["unanswered"] == ["1.1", "5.1"], f"unscored questions are listed: {d['ras']['unanswered']}")
    check(d["ras"]["N"] == 33, f"only valid answers are scored: N {d['ras']['N']}")


def unusable_inputs():
    missing = os.path.join(work, "nope.json")
    expect_unusable([missing, fixture("mrs-a")], "questionnaire", missing)
    expect_unusable([SAQ, missing], "response", missing)
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", missing], "RAS table", missing)
    expect_unusable([SAQ, write("notjson.json", "{\"resourceType\": \"QuestionnaireResponse\", ")], "notjson.json", "byte")
    expect_unusable([SAQ, write("patient.json", {"resourceType": "Patient"})], "patient.json")
    expect_unusable([SAQ, fixture("mr-a-carer")], "mr-a-carer.json", "CSAQ-D1", "SAQ-D1")
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", CRAS], "CRAS-D1.json", "'CSAQ-D1'")
    t = load(RAS)
    t["money"]["pricePerPiont"] = t["money"].pop("pricePerPoint")
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", write("typo.json", t)], "typo.json", "money.pricePerPiont")
    t = load(RAS)
    t["money"]["pricePerPoint"] = 11.0
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", write("float.json", t)], "float.json", "money.pricePerPoint")
    t = load(RAS)
    t["sections"][2]["items"].append("3.3")
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", write("noitem.json", t)], "noitem.json", "'3.3'")
    t = load(RAS)
    t["outcomeMap"] = "missing-map.json"
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", write("nomap.json", t)], "outcome map", "missing-map.json")
    m = load(os.path.join(source, "assets", "eligibility", "SAQ-D1.json"))
    m["outcomes"][0]["indicators"][0]["linkId"] = "2.7"
    expect_unusable([SAQ, fixture("mrs-a"), "--ras", RAS, "--outcomes", write("badmap.json", m)], "badmap.json", "'2.7'")
    # Bad arguments: one line too.
    p = subprocess.run([council, "score", SAQ], capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and len(p.stderr.splitlines()) == 1, f"missing RESPONSE argument: {p.returncode} {p.stderr!r}")


def broken_forms():
    q = load(SAQ)

    def variant(name, edit):
        doc = json.loads(json.dumps(q))
        edit(doc)
        return write(name, doc)

    def first_question(doc):
        return doc["item"][1]["item"][0]  # 0.1

    # Duplicate linkId.
    path = variant("dup.json", lambda d: d["item"][2]["item"].append(dict(d["item"][2]["item"][0])))
    expect_unusable([path, fixture("mrs-a")], "dup.json", "'1.1'")
    # enableWhen naming a missing item.
    path = variant("ew.json", lambda d: first_question(d).update(
        enableWhen=[{"question": "99.9", "operator": "exists", "answerBoolean": True}]))
    expect_unusable([path, fixture("mrs-a")], "ew.json", "99.9")

    # A cycle: 0.1 enabled by 0.2, 0.2 enabled by 0.1.
    def cycle(d):
        first_question(d)["enableWhen"] = [{"question": "0.2", "operator": "exists", "answerBoolean": True}]
        d["item"][1]["item"][2]["enableWhen"] = [{"question": "0.1", "operator": "exists", "answerBoolean": True}]
    path = variant("cycle.json", cycle)
    expect_unusable([path, fixture("mrs-a")], "cycle.json", "0.1")
    # An option without a code.
    path = variant("nocode.json", lambda d: first_question(d)["answerOption"][0]["valueCoding"].pop("code"))
    expect_unusable([path, fixture("mrs-a")], "nocode.json", "0.1")
    # Malformed JSON, with the position.
    path = write("malformed.json", json.dumps(q)[:500])
    expect_unusable([path, fixture("mrs-a")], "malformed.json", "byte")


def set_answer(response, link_id, answer):
    """Sets `link_id`'s answer wherever it sits in the response's item tree."""
    def walk(items):
        for item in items:
            if item.get("linkId") == link_id:
                item["answer"] = [answer]
                return True
            if walk(item.get("item", [])) or any(walk(a.get("item", [])) for a in item.get("answer", [])):
                return True
        return False
    check(walk(response["item"]), f"the response has an item {link_id}")


def safe_at_home():
    # Decision (issue 12, item 19): "Sometimes" to "Do you feel safe at home?" raises safeguarding.
    for code, raised in (("sometimes", True), ("no", True), ("yes", False)):
        r = load(fixture("mrs-a"))
        set_answer(r, "10.3.b", {"valueCoding": {"system": "https://selfdirect.example/fhir/CodeSystem/feel-safe",
                                                 "code": code}})
        d = score(SAQ, write(f"feel-safe-{code}.json", r), "--ras", RAS)
        check(d["valid"] is True, f"10.3.b {code}: valid {d['errors']}")
        f = d["flags"]["safeguarding"]
        check(f["raised"] is raised, f"10.3.b {code}: safeguarding raised should be {raised}: {f}")
        if raised:
            check([b["linkId"] for b in f["because"]] == ["10.3.b"], f"10.3.b {code}: names 10.3.b: {f}")
        check(d["ras"]["weekly"] == "368.50", f"10.3.b {code}: a flag never changes the budget")


def disabled_answers():
    # An independent form (tests/fixtures): a weighted total over %resource and a night-time group
    # enabled by a yes/no. "No" with a stale "most nights" under the night group totals 11.5, not 18.5,
    # and the stale answer is reported.
    form = fixture("independent-night-help")
    d = score(form, fixture("independent-night-help-stale"))
    check(d["calculated"] == {"total": 11.5}, f"the stale 'most nights' is not counted: {d['calculated']}")
    check(d["valid"] is False, "a response carrying an answer under a disabled item is not valid")
    check(d["errors"] == [{"linkId": "night.often", "code": "response.answer_under_disabled_item",
                           "message": "This question is not asked after the other answers given, so its answer was not counted."}],
          f"the stale answer is reported, and nothing else: {d['errors']}")
    # Control: with "yes" the night group is asked, "most nights" counts and nothing is wrong.
    r = load(fixture("independent-night-help-stale"))
    set_answer(r, "night.any", {"valueBoolean": True})
    d = score(form, write("night-yes.json", r))
    check(d["calculated"] == {"total": 18.5}, f"an enabled 'most nights' counts: {d['calculated']}")
    check(d["valid"] is True and d["errors"] == [], f"night help answered yes is valid: {d['errors']}")
    # Without the stale answer: the same 11.5, and valid.
    r = load(fixture("independent-night-help-stale"))
    r["item"] = [i for i in r["item"] if i["linkId"] != "night"]
    d = score(form, write("night-no.json", r))
    check(d["calculated"] == {"total": 11.5} and d["valid"] is True, f"no night help: {d}")


{
    "safe-at-home": safe_at_home,
    "disabled-answers": disabled_answers,
    "worked-examples": worked_examples,
    "carer": carer,
    "young-carer": young_carer,
    "eligibility": eligibility,
    "flags": flags,
    "no-ras": no_ras,
    "invalid-answers": invalid_answers,
    "unusable-inputs": unusable_inputs,
    "broken-forms": broken_forms,
}[scenario]()

if failures:
    print(f"{len(failures)} check(s) failed in scenario {scenario}", file=sys.stderr)
    sys.exit(1)
print(f"scenario {scenario}: ok")
