#!/usr/bin/env python3
"""Checks that the tests, the build and the scripts read nothing outside the repository.

A clone in any folder must pass (CI clones into a fresh folder; a council's auditor clones wherever
they like), so no test, CMake file, preset or script may reach the shared folder beside the
checkout, or any other path outside it: every fixture lives in the repository (tests/fixtures, with its source and licence).
Documentation may still cite that folder as where a decision came from; it is not read at run time.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

# A path that climbs out of the checkout: the parent folder's "shared", or a source/binary dir
# followed by "/.." and a name. Both as written in Python, shell, CMake and C++ string literals.
outside = [
    re.compile(r"\.\./shared\b"),
    re.compile(r"""["'/]\.\.["']?\s*[,/]\s*["']shared["']"""),
    re.compile(r"SELFDIRECT_SHARED_DIR"),
]
scanned = ("tests", "toolchains", "src", "sync", "firmware-config", ".ci")
suffixes = {".py", ".sh", ".cmake", ".cpp", ".h", ".txt", ".json", ".toml", ""}
top_files = ["CMakeLists.txt", "CMakePresets.json"]

problems = []
files = [root / f for f in top_files]
for folder in scanned:
    files += [p for p in (root / folder).rglob("*") if p.is_file() and p.suffix in suffixes
              and "fixtures" not in p.parts and "corpus" not in p.parts]
this = pathlib.Path(__file__).resolve()
for path in files:
    if not path.exists() or path.resolve() == this:
        continue
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        continue
    for number, line in enumerate(text.splitlines(), 1):
        if any(r.search(line) for r in outside):
            problems.append(f"{path.relative_to(root)}:{number}: reads outside the repository: {line.strip()}")

# A fixture named by tests must exist in the repository.
if not (root / "tests" / "fixtures" / "fhir-sdc" / "Questionnaire-CardiologyForm.json").is_file():
    problems.append("tests/fixtures/fhir-sdc is missing: the HL7 conformance forms must be in the repository")

for p in problems:
    print(p)
print(f"{len(files)} files read, {len(problems)} reach outside the repository")
sys.exit(1 if problems else 0)
