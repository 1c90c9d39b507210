#!/usr/bin/env python3
"""Checks the one-way layering rule on every #include in the source tree.

core <- vault <- sync <- ui <- app: a layer may include its own headers and those of layers to its
left, never to its right. Third-party headers are fenced too: sqlite3.h and sodium.h only in
src/vault, GLFW / GL / imgui_impl_* / X11 only in src/ui/platform, httplib only in sync/.
CMake target links enforce the same arrows at link time; this catches a header-only breach.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
include_re = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)

# layer -> project include prefixes it may use
allowed = {
    "core": {"core/"},
    "vault": {"core/", "vault/"},
    "sync": {"core/", "vault/", "sync/"},
    "ui": {"core/", "ui/"},
    "platform": {"core/", "ui/"},
    "app": {"core/", "vault/", "sync/", "ui/", "app/"},
}
project_prefixes = ("core/", "vault/", "sync/", "ui/", "app/")
fenced = [  # (regex on the include, layers allowed to use it)
    (re.compile(r"^sqlite3\.h$"), {"vault"}),
    (re.compile(r"^sodium(\.h|/)"), {"vault"}),
    (re.compile(r"^(GLFW/|GL/|backends/imgui_impl_|X11/)"), {"platform"}),
    (re.compile(r"^httplib\.h$"), {"sync"}),
    (re.compile(r"^gettext-po\.h$"), {"vault"}),
    (re.compile(r"^espeak-ng/"), {"app"}),
]


def layer_of(path: pathlib.Path) -> str | None:
    rel = path.relative_to(root).as_posix()
    if rel.startswith("src/ui/platform/"):
        return "platform"
    for name in ("core", "vault", "ui", "app"):
        if rel.startswith(f"src/{name}/"):
            return name
    if rel.startswith("sync/"):
        return "sync"
    return None


problems = []
files = [p for p in root.glob("src/**/*") if p.suffix in (".h", ".cpp")] + \
        [p for p in root.glob("sync/**/*") if p.suffix in (".h", ".cpp")]
for path in sorted(files):
    layer = layer_of(path)
    if layer is None:
        continue
    for inc in include_re.findall(path.read_text(encoding="utf-8", errors="replace")):
        if inc.startswith(project_prefixes):
            if not any(inc.startswith(p) for p in allowed[layer]):
                problems.append(f"{path.relative_to(root)}: layer '{layer}' must not include \"{inc}\"")
            if layer == "ui" and inc.startswith("ui/platform/") and path.parent.name != "platform":
                # screens and widgets get the platform only through the app
                problems.append(f"{path.relative_to(root)}: UI code must not include the platform \"{inc}\"")
        for pattern, layers in fenced:
            if pattern.search(inc) and layer not in layers:
                problems.append(f"{path.relative_to(root)}: <{inc}> belongs only in {', '.join(sorted(layers))}")

if not files:
    problems.append("no source files found: wrong root?")
for p in problems:
    print(p)
print(f"{len(files)} files checked, {len(problems)} layering problems")
sys.exit(1 if problems else 0)
