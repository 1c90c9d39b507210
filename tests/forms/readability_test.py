#!/usr/bin/env python3
"""The assessment forms are written to be read by as many residents as possible (issue 5).

Formula (documented in docs/testing.md, "Readability of the forms"): the Flesch-Kincaid grade level,
    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59,
as computed by Debian's Lingua::EN::Fathom (package liblingua-en-fathom-perl: words, sentences and
the Kincaid grade; syllables by Lingua::EN::Syllable's vowel-group heuristic with its exception
list). Reading age = grade + 5 (US grade 1 is age 6-7).

What is measured, per item and for the whole form: the English `text` of every item a person reads
(questions, group headings, display texts) and the `display` of each answer option. Each piece is
one sentence: a piece that does not end in . ? or ! gets a full stop, because an answer button
("Not sure") or a heading is read on its own. The Easy Read wording is the `translation` extension
with lang en-x-easyread on the same elements (the English is used where an element has none).

Holds: for each of SAQ-D1 and CSAQ-D1,
  * the whole form's reading age is at most FORM_TARGET_AGE (9);
  * no single item (question with its options) of ITEM_MIN_WORDS (10) words or more has a reading
    age above ITEM_CEILING_AGE (12), except the ones named in KNOWN_ABOVE_CEILING;
  * the Easy Read wording has a lower average sentence length and a lower grade than the English.
It prints every figure and the five hardest items, so a failure says where to rewrite.
Usage: readability_test.py SOURCE_DIR [--self-test]
"""
import json
import pathlib
import subprocess
import sys

FORMS = ["assets/forms/SAQ-D1.json", "assets/forms/CSAQ-D1.json"]
FORM_TARGET_AGE = 9.0
ITEM_CEILING_AGE = 12.0
# Flesch-Kincaid means nothing on a three-word heading or checkbox label ("Money." scores age 13,
# "Relationships." age 37), so the per-item ceiling applies to items of at least this many words.
ITEM_MIN_WORDS = 10
# Items whose English is known to read above the ceiling today (issue 5): named here, not hidden by
# a higher ceiling. The test fails if any other item goes above it, and also when one of these
# comes down to the ceiling, so that it is taken off this list. Rewrite them, then delete them here.
KNOWN_ABOVE_CEILING = {
    "SAQ-D1.json": {
        "0.3.2",   # "If someone is allowed to act for you (for example a lasting power of attorney, ...": 17.0
        "0.4.3",   # "Do you use a communication aid, or need anything else to communicate with us?": 14.3
        "10.2",    # "Does anything you do sometimes put other people at risk?" + options: 12.5
        "14.4",    # "Control over your day-to-day life, including your care and support.": 13.4
        "14.6",    # "Your social and economic wellbeing (money, friends, feeling part of things).": 13.0
    },
}
EASY_READ = "en-x-easyread"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"

# Lingua::EN::Fathom does the counting; this only moves blocks in and figures out as JSON.
FATHOM = r'''
use strict; use warnings; use JSON::PP; use Lingua::EN::Fathom;
local $/; my $blocks = decode_json(<STDIN>); my @out;
for my $b (@$blocks) {
  my $t = Lingua::EN::Fathom->new(); $t->analyse_block($b);
  my $w = $t->num_words; my $s = $t->num_sentences;
  push @out, { words => $w + 0, sentences => $s + 0,
               syllables => $w ? $t->syllables_per_word * $w : 0, grade => $t->kincaid + 0 };
}
print encode_json(\@out);
'''


def fathom(blocks):
    out = subprocess.run(["perl", "-e", FATHOM], input=json.dumps(blocks), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("FAIL: Lingua::EN::Fathom is needed (apt-get install liblingua-en-fathom-perl): " + out.stderr)
    return json.loads(out.stdout)


def easy_read(element, english):
    for ext in (element or {}).get("extension", []):
        if ext.get("url") != TRANSLATION:
            continue
        parts = {e.get("url"): e for e in ext.get("extension", [])}
        if parts.get("lang", {}).get("valueCode") == EASY_READ and "content" in parts:
            return parts["content"]["valueString"]
    return english


def sentence(piece):
    piece = " ".join(piece.split())
    return piece if piece.endswith((".", "?", "!")) else piece + "."


def items(form):
    """(linkId, English pieces, Easy Read pieces) for every item with text a person reads."""
    def walk(its):
        for it in its:
            en, er = [], []
            if it.get("text"):
                en.append(it["text"])
                er.append(easy_read(it.get("_text"), it["text"]))
            for opt in it.get("answerOption", []):
                coding = opt.get("valueCoding")
                if coding and coding.get("display"):
                    en.append(coding["display"])
                    er.append(easy_read(coding.get("_display"), coding["display"]))
                elif "valueString" in opt:
                    en.append(opt["valueString"])
                    er.append(easy_read(opt.get("_valueString"), opt["valueString"]))
            if en:
                yield it["linkId"], [sentence(p) for p in en], [sentence(p) for p in er]
            yield from walk(it.get("item", []))
    return list(walk(form.get("item", [])))


def grade(words, sentences, syllables):
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def measure(form):
    its = items(form)
    en = fathom([" ".join(e) for _, e, _ in its])
    er = fathom([" ".join(r) for _, _, r in its])
    def total(figs):
        w = sum(f["words"] for f in figs)
        s = sum(f["sentences"] for f in figs)
        y = sum(f["syllables"] for f in figs)
        return {"words": w, "sentences": s, "syllables": y, "words_per_sentence": w / s, "grade": grade(w, s, y)}
    per_item = [(link, e["grade"] + 5, r["grade"] + 5, " ".join(pieces), e["words"])
                for (link, pieces, _), e, r in zip(its, en, er)]
    return total(en), total(er), per_item


def check_form(path, form_target=FORM_TARGET_AGE, item_ceiling=ITEM_CEILING_AGE):
    form = json.loads(path.read_text(encoding="utf-8"))
    en, er, per_item = measure(form)
    problems = []
    print(f"{path.name}: {len(per_item)} items; English {en['words']} words, {en['sentences']} sentences, "
          f"{en['words_per_sentence']:.1f} words/sentence, {en['syllables'] / en['words']:.2f} syllables/word, "
          f"grade {en['grade']:.1f}, reading age {en['grade'] + 5:.1f}; Easy Read {er['words_per_sentence']:.1f} "
          f"words/sentence, grade {er['grade']:.1f}, reading age {er['grade'] + 5:.1f}")
    worst = sorted(per_item, key=lambda t: -t[1])
    known = KNOWN_ABOVE_CEILING.get(path.name, set())
    for link, age, er_age, text, words in [w for w in worst if w[4] >= ITEM_MIN_WORDS][:5]:
        print(f"  hardest: {link}: reading age {age:.1f} (Easy Read {er_age:.1f}), {words} words"
              f"{' (known, listed)' if link in known else ''}: {text[:100]}")
    if en["grade"] + 5 > form_target:
        problems.append(f"{path.name}: the form's reading age is {en['grade'] + 5:.1f}, above the target {form_target}")
    for link, age, _er_age, text, words in worst:
        if words < ITEM_MIN_WORDS:
            continue
        if age > item_ceiling and link not in known:
            problems.append(f"{path.name}: item {link} has reading age {age:.1f}, above the ceiling {item_ceiling}: {text}")
        if age <= item_ceiling and link in known:
            problems.append(f"{path.name}: item {link} now reads at age {age:.1f}: take it off KNOWN_ABOVE_CEILING")
    if not er["words_per_sentence"] < en["words_per_sentence"]:
        problems.append(f"{path.name}: Easy Read sentences ({er['words_per_sentence']:.1f} words) are not shorter "
                        f"than the English ({en['words_per_sentence']:.1f})")
    if not er["grade"] < en["grade"]:
        problems.append(f"{path.name}: Easy Read grade {er['grade']:.1f} is not below the English {en['grade']:.1f}")
    return problems


def self_test(src):
    """The check can fail: a form given a long, many-syllabled question fails the item ceiling and the
    form target, and a form whose Easy Read is the English fails the Easy Read comparison."""
    import copy
    import tempfile
    failures = []
    form = json.loads((src / FORMS[0]).read_text(encoding="utf-8"))
    hard = copy.deepcopy(form)
    q = next(it for it in hard["item"][1:] if it.get("item"))["item"][0]
    q["text"] = ("Notwithstanding considerations regarding institutional accommodation, characterise the "
                 "comprehensive organisational arrangements facilitating your individualised "
                 "multidisciplinary rehabilitation, administered intermittently by professional practitioners") * 1
    for it in hard["item"]:
        it["text"] = q["text"]
    same = copy.deepcopy(form)
    def strip(node):
        if isinstance(node, dict):
            for k in [k for k in node if k.startswith("_")]:
                del node[k]
            for v in node.values():
                strip(v)
        elif isinstance(node, list):
            for v in node:
                strip(v)
    strip(same)
    with tempfile.TemporaryDirectory(prefix="sd-readability-") as tmp:
        for name, f, expect in [("hard", hard, "above the ceiling"), ("hard", hard, "above the target"),
                                ("no-easy-read", same, "Easy Read")]:
            p = pathlib.Path(tmp) / f"{name}.json"
            p.write_text(json.dumps(f), encoding="utf-8")
            problems = check_form(p)  # the file name is not SAQ-D1.json: no known exceptions
            if any(expect in x for x in problems):
                print(f"ok: the check fails on the {name} form ({expect})")
            else:
                failures.append(f"the check did not fail on the {name} form with '{expect}': {problems}")
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


def main():
    src = pathlib.Path(sys.argv[1])
    if "--self-test" in sys.argv[2:]:
        return self_test(src)
    problems = []
    for rel in FORMS:
        problems += check_form(src / rel)
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    if not problems:
        print(f"ok: each form reads at age {FORM_TARGET_AGE:g} or below, no item above {ITEM_CEILING_AGE:g} but the "
              f"{sum(map(len, KNOWN_ABOVE_CEILING.values()))} listed in KNOWN_ABOVE_CEILING, Easy Read plainer still")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
