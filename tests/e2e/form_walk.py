"""Walks a FHIR Questionnaire the way the kiosk does, for end-to-end scripts: which questions are
asked, in order, given the answers chosen so far (enableWhen with =, != and exists on codings and
booleans, behaviour all/any, a disabled group disables its children). The test uses it to write the
script for a whole journey and to know exactly which answers the council must receive."""
import json

EXT_HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
EXT_CALC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"


def _asked(item):
    if item["type"] in ("group", "display"):
        return False
    exts = {e.get("url") for e in item.get("extension", [])}
    return EXT_HIDDEN not in exts and EXT_CALC not in exts


def _value(answer):
    if "valueCoding" in answer:
        return ("coding", answer["valueCoding"].get("code"))
    if "valueBoolean" in answer:
        return ("bool", answer["valueBoolean"])
    return ("other", json.dumps(answer, sort_keys=True))


def _holds(cond, answers):
    given = answers.get(cond["question"])
    if cond["operator"] == "exists":
        return cond["answerBoolean"] == (given is not None)
    expected = next(_value({k.replace("answer", "value"): v}) for k, v in cond.items() if k.startswith("answer"))
    equal = given is not None and _value(given) == expected
    return (not equal) if cond["operator"] == "!=" else equal


def _enabled(item, answers):
    conds = item.get("enableWhen", [])
    if not conds:
        return True
    results = [_holds(c, answers) for c in conds]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def asked_items(form):
    """Every item the kiosk would ever ask, in document order (what "Question N of M" counts)."""
    out = []

    def walk(items):
        for it in items:
            if _asked(it):
                out.append(it)
            walk(it.get("item", []))
    walk(form["item"])
    return out


def walk(form, choose):
    """Returns [(index_in_asked, item, answer_or_None)] for the pages shown, choosing each answer with
    choose(item) -> FHIR answer dict or None (left empty). Items under a disabled parent are skipped."""
    asked = asked_items(form)
    position = {id(it): i for i, it in enumerate(asked)}
    answers, pages = {}, []

    def visit(items, parent_on):
        for it in items:
            on = parent_on and _enabled(it, answers)
            if on and _asked(it):
                answer = choose(it)
                if answer is not None:
                    answers[it["linkId"]] = answer
                pages.append((position[id(it)], it, answer))
            visit(it.get("item", []), on)
    visit(form["item"], True)
    return pages, len(asked)


def first_option(item):
    """The kiosk test's choice: the first option of every choice, Yes for booleans, nothing typed."""
    if item["type"] == "choice" and item.get("answerOption"):
        return dict(item["answerOption"][0])
    if item["type"] == "boolean":
        return {"valueBoolean": True}
    return None


def answers_of(record):
    """A decrypted QuestionnaireResponse's answers by linkId, nested ones included."""
    out = {}

    def walk(items):
        for it in items:
            for a in it.get("answer", []):
                out[it["linkId"]] = {k: v for k, v in a.items() if k != "item"}
                walk(a.get("item", []))
            walk(it.get("item", []))
    walk(record.get("item", []))
    return out


def same_answer(got, want):
    if "valueCoding" in want:
        return got.get("valueCoding", {}).get("code") == want["valueCoding"].get("code")
    return got == want


def check_records(records, expected_by_form, check):
    """Exactly one record per form, each holding exactly the answers expected:
    expected_by_form is [(form_json, {linkId: answer})]."""
    check(len(records) == len(expected_by_form),
          f"expected exactly {len(expected_by_form)} records at the council, found {len(records)}")
    by_form = {r["questionnaire"].split("|")[0].rsplit("/", 1)[-1]: r for r in records}
    for form, expected in expected_by_form:
        key = form["url"].rsplit("/", 1)[-1]
        check(key in by_form, f"no record for {key}; got {sorted(by_form)}")
        got = answers_of(by_form[key])
        check(set(got) == set(expected), f"{key}: answered {sorted(set(got) ^ set(expected))} differently")
        for link, want in expected.items():
            check(same_answer(got[link], want), f"{key} {link}: {got[link]} != {want}")
