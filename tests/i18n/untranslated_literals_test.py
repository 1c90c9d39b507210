#!/usr/bin/env python3
"""Every string a person reads on the kiosk comes from the UI catalogue (issue 5, "Languages").

Scans the C++ files that draw or word the screens for string literals that look like text a
person reads -- a letter and a space ("Check your answers"), or a capitalised word ("Continue") --
and fails, naming file, line and literal, on each one that is not the message argument of a
catalogue call. A literal is accepted when it is:

  * the first argument of tr(...), tr_noop(...) or view.tr(...), or the second of trc(ctx, ...)
    (what toolchains/update-i18n.sh extracts), or the context argument of trc;
  * a test id or key: lower case, digits and . _ - : / only ("nav.next", "change.9.1");
  * an ImGui id ("##answer", "label##id": the part after ## is never shown) or a format string
    with no words left once its conversions and {placeholders} are removed;
  * a log or error line for the operator on stderr, which always starts "selfdirect:" or sits in a
    std::cerr / fprintf(stderr, ...) statement;
  * in a comment or an #include line;
  * on the commented ALLOW_LIST below (file, literal): the few literals that look like words but
    are compared with data rather than shown.

Usage: untranslated_literals_test.py check ROOT       the check, on the checkout at ROOT
       untranslated_literals_test.py self-test ROOT   shows the check fails on a planted literal,
                                                      on a temporary copy of the scanned files
"""
import pathlib
import re
import shutil
import sys
import tempfile

SCANNED = [
    "src/ui/screens/*.cpp",
    "src/ui/root_view.cpp",
    "src/ui/widgets/*.cpp",
    "src/app/kiosk_flow.cpp",
    "src/app/journey.cpp",
    "src/app/vault_bridge.cpp",
    "src/app/result_explainer.cpp",
]

# (file, literal), the reason in a comment above each. Keep this short: every entry is a literal that looks like words but is
# never drawn on a screen.
ALLOW_LIST = [
    # The answer to "Does someone help you?" as core::display_answer words it, compared to decide
    # whether to offer the carer's assessment; the screen shows the answer from the form instead.
    ("src/app/kiosk_flow.cpp", "Yes"),
    # qr_matrix's error for an empty text: returned to qr_code(), which then draws the reference
    # as plain text and never shows the message.
    ("src/ui/widgets/qr_code.cpp", "nothing to encode"),
]

CATALOGUE_CALLS = {"tr", "tr_noop"}          # message is argument 1
CONTEXT_CALLS = {"trc"}                      # argument 1 is the context, argument 2 the message
LOG_MARKERS = ("std::cerr", "fprintf(stderr", "std::fprintf(stderr", "perror(")

LITERAL = re.compile(r'(?:u8|u|U|L)?R"([^(\s]*)\((.*?)\)\1"|(?:u8|u|U|L)?"((?:\\.|[^"\\\n])*)"|\'(?:\\.|[^\'\\\n])+\'|//[^\n]*|/\*.*?\*/',
                     re.S)


def looks_like_prose(text):
    if "##" in text:
        text = text.split("##", 1)[0]            # ImGui hides everything after ##
    # Remove printf conversions, {placeholders} and escapes: what is left is what a person reads.
    bare = re.sub(r"%[-+ #0-9.*]*[a-zA-Z%]|\{[a-z_0-9]*\}|\\[nrt\"\\]|\\x[0-9a-fA-F]+", " ", text)
    if re.fullmatch(r"[a-z0-9_.:/\-\s]*", bare) and " " not in bare.strip():
        return False                             # an id or key: "nav.next", "change.9.1"
    if re.search(r"[A-Za-z]{2,}", bare) is None:
        return False                             # no word at all: "%d", " / ", "{n}"
    return bool(re.search(r"[A-Za-z]\S*\s+\S*[A-Za-z]", bare) or re.search(r"\b[A-Z][a-z]+", bare))


def enclosing_call(code, pos):
    """(function name, index of this argument) of the innermost call whose parentheses hold pos."""
    depth, arg = 0, 0
    i = pos - 1
    while i >= 0:
        c = code[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                if c != "(":
                    return None, arg
                m = re.search(r"([A-Za-z_][A-Za-z_0-9]*)\s*$", code[:i])
                return (m.group(1) if m else None), arg
            depth -= 1
        elif c == "," and depth == 0:
            arg += 1
        elif c == ";" and depth == 0:
            return None, arg
        i -= 1
    return None, arg


def statement_start(code, pos):
    i = max(code.rfind(";", 0, pos), code.rfind("{", 0, pos), code.rfind("}", 0, pos))
    return code[i + 1:pos]


def scan(root):
    root = pathlib.Path(root)
    problems = []
    files = sorted({p for pattern in SCANNED for p in root.glob(pattern)})
    if not files:
        return [f"no file matched {SCANNED} under {root}"], 0
    allowed = set(ALLOW_LIST)
    count = 0
    for path in files:
        rel = path.relative_to(root).as_posix()
        src = path.read_text(encoding="utf-8")
        # Blank the literals and comments out of a copy, so paren matching never sees their text.
        blanked = list(src)
        found = []
        for m in LITERAL.finditer(src):
            tok = m.group(0)
            if tok.startswith(("//", "/*", "'")):
                for k in range(m.start(), m.end()):
                    if blanked[k] != "\n":
                        blanked[k] = " "
                continue
            text = m.group(2) if m.group(2) is not None else m.group(3)
            found.append((m.start(), m.end(), text))
            for k in range(m.start() + 1, m.end() - 1):
                if blanked[k] != "\n":
                    blanked[k] = " "
        code = "".join(blanked)
        for start, _end, text in found:
            count += 1
            line_no = src.count("\n", 0, start) + 1
            line = src.splitlines()[line_no - 1]
            if line.lstrip().startswith("#"):
                continue                          # #include, #define of a key, #error
            if not looks_like_prose(text):
                continue
            if text.startswith("selfdirect:") or any(m in statement_start(code, start) for m in LOG_MARKERS):
                continue
            name, arg = enclosing_call(code, start)
            if name in CATALOGUE_CALLS and arg == 0:
                continue
            if name in CONTEXT_CALLS and arg in (0, 1):
                continue
            if (rel, text) in allowed:
                continue
            problems.append(f'{rel}:{line_no}: "{text}" is shown untranslated: wrap it in tr("...") '
                            f"and run toolchains/update-i18n.sh (or, if it is never shown, add it to "
                            f"ALLOW_LIST in {pathlib.Path(__file__).name} with the reason)")
    return problems, count


def check(root):
    problems, count = scan(root)
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    if problems:
        return 1
    print(f"ok: {count} literals scanned, every one a person reads goes through the catalogue")
    return 0


def copy_scanned(root, tmp):
    for pattern in SCANNED:
        for p in root.glob(pattern):
            dest = tmp / p.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest)


def self_test(root):
    root = pathlib.Path(root)
    failures = []
    cases = [
        ("a plain English label", 'ImGui::TextUnformatted("Check your answers");'),
        ("a capitalised word", 'kiosk_button("Continue", "nav.extra");'),
        ("a label with a hidden ImGui id", 'ImGui::Button("Go back##back");'),
        ("a literal beside a tr() call", 'draw(view.tr("Next"), "Skip this question");'),
    ]
    target = "src/ui/screens/check_screen.cpp"
    for what, planted in cases:
        with tempfile.TemporaryDirectory(prefix="sd-literals-") as tmp:
            tmp = pathlib.Path(tmp)
            copy_scanned(root, tmp)
            f = tmp / target
            f.write_text(f.read_text(encoding="utf-8") + "\nvoid planted_for_self_test() {\n    " + planted + "\n}\n",
                         encoding="utf-8")
            problems, _ = scan(tmp)
            if not any(target in p for p in problems):
                failures.append(f"the check did not fail on {what}: {planted}")
            else:
                print(f"ok: fails on {what}: " + next(p for p in problems if target in p).split(" is shown")[0])
    # A copy with only accepted literals planted gives exactly the problems the checkout gives, so
    # the failures above come from the planted literal and not from the copying.
    baseline = len(scan(root)[0])
    for what, good in [("tr()", 'ImGui::TextUnformatted(view.tr("Check your answers").data());'),
                       ("trc()", 'auto s = trc("button", "Continue");'),
                       ("a test id", 'kiosk_button(view.tr("Next"), "nav.next");'),
                       ("a log line", 'std::fprintf(stderr, "selfdirect: Cannot open %s\\n", p);'),
                       ("a comment", '// "Check your answers" is the heading')]:
        with tempfile.TemporaryDirectory(prefix="sd-literals-") as tmp:
            tmp = pathlib.Path(tmp)
            copy_scanned(root, tmp)
            f = tmp / target
            f.write_text(f.read_text(encoding="utf-8") + "\nvoid planted_for_self_test() {\n    " + good + "\n}\n",
                         encoding="utf-8")
            if len(scan(tmp)[0]) != baseline:
                failures.append(f"the check wrongly failed on {what}: {good}")
            else:
                print(f"ok: accepts {what}")
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "self-test"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[2]) if sys.argv[1] == "check" else self_test(sys.argv[2]))
