#!/usr/bin/env python3
"""End to end, issue 5's acceptance: on every kind of page (attract, start, a choice question, a text
question with the on-screen keyboard, the resume code, the idle warning, check your answers, the
budget explained, the confirmation), in the standard preset and again in the high-contrast preset,
the text of every visible control contrasts with its background by at least 4.5:1 (WCAG 2.x), as
measured from the pixels of the app's own screenshot; and every visible interactive control is at
least 44 x 44 px, as the widget registry of that same frame records it (the `screenshot` step writes
NAME.json beside NAME.png, src/app/script.h).

The measurement (measure_contrast) needs no knowledge of the theme: inside a control's rectangle
(clipped to the window and to its clip rectangle, and inset a few pixels so a button's frame border
is not taken for its text) the background is the most common colour, and the text colour is the
98th percentile, by contrast with the background, of the pixels that differ from it (the glyphs'
solid cores; the anti-aliased edges, which blend towards the background, fall below it)."""
import fnmatch
import json
import sys

import form_walk
import harness
from harness import check

try:
    from PIL import Image, ImageDraw
except ImportError:  # Debian: python3-pil (toolchains/setup-debian.sh)
    print("FAILED: this test needs Pillow (Debian package python3-pil)")
    sys.exit(1)

MIN_CONTRAST = 4.5
MIN_TARGET = 44.0
INSET = 4  # px: past a button's 2 px frame border and its rounded corners

# Controls that are not text on a background, so a text contrast ratio means nothing for them:
SKIP_CONTRAST = (
    "page.*",            # whole areas (content, footer, overlay): their "label" is not drawn text
    "*.qr",              # the QR code: black and white modules, a picture, not text
    "result.bar.*.fill", # a budget bar's coloured fill: a graphic whose value is written beside it
)


def _channel(c):
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb):
    """WCAG 2.x relative luminance of an sRGB colour (0..255 channels)."""
    r, g, b = (_channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def measure_contrast(image, box):
    """(ratio, background, text colour) of the text drawn in box=(x0, y0, x1, y1) of an RGB image;
    None when every pixel there is one colour (nothing drawn to measure)."""
    counts = image.crop(box).getcolors(maxcolors=1 << 24)
    if not counts:
        return None
    counts.sort(reverse=True)
    background = counts[0][1]
    others = sorted((ratio(colour, background), n, colour) for n, colour in counts[1:])
    total = sum(n for _, n, _ in others)
    if total == 0:
        return None
    wanted, seen = 0.98 * total, 0
    for r, n, colour in others:
        seen += n
        if seen >= wanted:
            return r, background, colour
    return others[-1][0], background, others[-1][2]


def measure_self_test():
    """The measurement can fail: light grey text on white is measured below 4.5:1, and the theme's
    near-black text on white above it. If this ever passes the grey, the page checks prove nothing."""
    def sample(text_colour):
        img = Image.new("RGB", (240, 60), (255, 255, 255))
        ImageDraw.Draw(img).text((10, 20), "Tell us about you", fill=text_colour)
        img = img.resize((720, 180), Image.BILINEAR)  # thicker glyphs with anti-aliased edges
        return measure_contrast(img, (0, 0, img.width, img.height))
    grey = sample((150, 150, 150))       # #969696 on white is 2.96:1
    dark = sample((11, 12, 12))          # #0b0c0c on white is 19.4:1
    check(grey is not None and grey[0] < MIN_CONTRAST, f"self-test: grey on white measured {grey}, not < {MIN_CONTRAST}")
    check(abs(grey[0] - ratio((150, 150, 150), (255, 255, 255))) < 0.3, f"self-test: grey measured {grey[0]:.2f}, not 2.96")
    check(dark is not None and dark[0] >= 18.0, f"self-test: near-black on white measured {dark}")


def skipped(control_id):
    return any(fnmatch.fnmatchcase(control_id, pattern) for pattern in SKIP_CONTRAST)


def check_page(shots, name, problems, measured):
    image = Image.open(shots / f"{name}.png").convert("RGB")
    registry = json.loads((shots / f"{name}.json").read_text())
    win_w, win_h = registry["window"]["w"], registry["window"]["h"]
    check(image.size == (round(win_w), round(win_h)),
          f"{name}: screenshot is {image.size}, the registry's window {win_w} x {win_h}")
    controls = [c for c in registry["controls"] if c["visible"]]
    ids = [c["id"] for c in controls]
    if "page.overlay" in ids:
        # A modal (the idle warning) is drawn opaque over the whole window after the page: the page's
        # controls, registered before it, are hidden from a person, so only the modal's are judged.
        controls = controls[ids.index("page.overlay"):]
    check(controls, f"{name}: the registry holds no visible control")
    for c in controls:
        w, h = c["x1"] - c["x0"], c["y1"] - c["y0"]
        if c["interactive"] and (w < MIN_TARGET or h < MIN_TARGET):
            problems.append(f"{name}: {c['id']} is {w:.0f} x {h:.0f} px, under {MIN_TARGET:.0f} x {MIN_TARGET:.0f}")
        if not c["label"].strip() or skipped(c["id"]):
            continue
        x0, y0, x1, y1 = c["x0"], c["y0"], c["x1"], c["y1"]
        clip = c.get("clip")
        if clip:
            x0, y0, x1, y1 = max(x0, clip["x0"]), max(y0, clip["y0"]), min(x1, clip["x1"]), min(y1, clip["y1"])
        x0, y0 = max(0, int(x0) + INSET), max(0, int(y0) + INSET)
        x1, y1 = min(image.width, int(x1 + 0.999) - INSET), min(image.height, int(y1 + 0.999) - INSET)
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue  # scrolled almost out of its area: nothing of it to measure on this frame
        m = measure_contrast(image, (x0, y0, x1, y1))
        if m is None:
            problems.append(f"{name}: {c['id']} (\"{c['label'][:40]}\") shows no text at all (text the colour of its background?)")
            continue
        measured.append((m[0], name, c["id"]))
        if m[0] < MIN_CONTRAST:
            problems.append(f"{name}: {c['id']} (\"{c['label'][:40]}\") text #{m[2][0]:02x}{m[2][1]:02x}{m[2][2]:02x} on "
                            f"#{m[1][0]:02x}{m[1][1]:02x}{m[1][2]:02x} is {m[0]:.2f}:1, under {MIN_CONTRAST}:1")


def pass_steps(form, preset):
    """One visit in one preset, a screenshot of each kind of page; returns (steps, screenshot names)."""
    shots = []

    def shot(page):
        shots.append(f"{preset}-{page}")
        return f"screenshot {preset}-{page}"

    pages, total = form_walk.walk(form, form_walk.first_option)
    check(pages[0][1]["type"] == "choice" and pages[1][1]["type"] == "text", "SAQ-D1 no longer opens choice, text")
    steps = ['expect "Tell us about the help you need"']
    if preset == "hc":
        # Below the fold at 1280 x 800: scroll first, or the tap lands on the footer.
        steps += ["scroll-to contrast.toggle", "tap contrast.toggle", 'expect "High contrast: on"', "wait 3"]
    steps += [
        shot("attract"),
        "tap nav.begin", 'expect "Before you start"', shot("start"),
        "tap start.resident", f'expect "Question 1 of {total}"', "tap option.1", shot("choice"),
        "tap nav.next", f'expect "Question 2 of {total}"', "tap answer.text",
        'type "Ada"', "scroll-to osk.key.space", "wait 2", shot("text-keyboard"),
        "tap nav.save", "expect-id resume.code", shot("resume-code"),
        "tap nav.back", f'expect "Question 2 of {total}"',
        # idle_timeout_seconds = 15 (the profile): the warning shows after 15 s without input.
        'wait-ms 15500', 'expect "Are you still there?"', shot("idle-warning"),
        "tap idle.more-time", f'expect "Question 2 of {total}"', "tap nav.next",
    ]
    for index, item, answer in pages[2:]:
        steps.append(f'expect "Question {index + 1} of {total}"')
        if item["type"] == "choice" and answer is not None:
            steps.append("tap option.1")
        elif item["type"] == "boolean":
            steps.append("tap option.yes")
        steps.append("tap nav.next")
    steps += [
        'expect "Check your answers"', shot("check"), "tap nav.submit",
        'expect "Nothing is decided yet"', shot("result"), "tap nav.send",
        'expect "Your reference is SD-"', shot("confirmation"),
        "tap nav.finish", 'expect "Tell us about the help you need"',
    ]
    return steps, shots


def test(env):
    measure_self_test()
    env.start_xvfb()
    env.start_sync()
    key_id, public_key = env.keygen()
    profile = env.write_profile(key_id, public_key, extra_device="idle_timeout_seconds = 15\nidle_warning_seconds = 10")
    form = json.loads((env.src / "assets/forms/SAQ-D1.json").read_text())
    standard, standard_shots = pass_steps(form, "std")
    contrast, contrast_shots = pass_steps(form, "hc")
    script = "\n".join([*standard, *contrast, "quit", ""])
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", script, timeout=280,
                         extra_args=("--ras", str(env.src / "assets/ras/RAS-D1.json")))
    check(result["returncode"] == 0, f"app exited {result['returncode']}")

    problems, measured = [], []
    for name in standard_shots + contrast_shots:
        check_page(env.shots, name, problems, measured)
    for preset in ("std", "hc"):
        ours = [m for m in measured if m[1].startswith(preset + "-")]
        check(len(ours) > 40, f"{preset}: only {len(ours)} text controls measured")
        low = min(ours)
        print(f"{preset}: {len(ours)} text controls measured; lowest {low[0]:.2f}:1 ({low[1]} {low[2]})")
    check(not problems, f"{len(problems)} problem(s):\n  " + "\n  ".join(problems))


if __name__ == "__main__":
    harness.main(test, "contrast-and-targets")
