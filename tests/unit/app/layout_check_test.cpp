// The registry layout check behind "expect-layout": overlapping controls, controls cut off by the
// window or their clip rectangle, and a page's primary action out of reach, each found from the
// registry's rectangles alone, with the content area's scrolling allowed for.
#include "app/layout_check.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace selfdirect;
using ui::Rect;

namespace {

constexpr float kW = 1280, kH = 800;
// A page like root_view's: a scrolling content area above a footer.
const Rect kContent{8, 120, 1272, 640};
const Rect kContentClip{8, 120, 1240, 640}; // minus its scrollbar
const Rect kWindowClip{8, 8, 1272, 792};

struct Page {
    ui::WidgetRegistry reg;
    Page() {
        reg.begin_frame();
        reg.add("page.content", "", kContent, false, true);
    }
    void in_content(const std::string& id, Rect r, bool visible = true) { reg.add(id, id, r, true, visible, kContentClip); }
    void in_footer(const std::string& id, Rect r) { reg.add(id, id, r, true, true, kWindowClip); }
    std::vector<std::string> problems() {
        reg.end_frame();
        return app::layout_problems(reg, kW, kH);
    }
};

bool mentions(const std::vector<std::string>& problems, const std::string& a, const std::string& b = "") {
    for (const std::string& p : problems)
        if (p.find(a) != std::string::npos && (b.empty() || p.find(b) != std::string::npos)) return true;
    return false;
}

std::string all(const std::vector<std::string>& problems) {
    std::string s;
    for (const auto& p : problems) s += p + "\n";
    return s;
}

} // namespace

TEST_CASE("a page whose controls sit apart inside the window has no layout problems") {
    Page page;
    page.in_content("option.1", {8, 300, 1240, 364});
    page.in_content("option.2", {8, 372, 1240, 436});
    page.in_footer("nav.back", {8, 680, 200, 744});
    page.in_footer("nav.next", {216, 680, 400, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(problems.empty(), all(problems));
}

TEST_CASE("two controls that overlap are reported with both their ids") {
    Page page;
    page.in_footer("nav.back", {8, 680, 700, 744});
    page.in_footer("nav.next", {650, 680, 1000, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "nav.back and nav.next overlap"), all(problems));
}

TEST_CASE("text that overlaps a button is not a control and is not reported") {
    Page page;
    page.reg.add("question.text", "A long question", {8, 130, 1240, 400}, false, true, kContentClip);
    page.in_content("option.1", {8, 300, 1240, 364});
    page.in_footer("nav.next", {216, 680, 400, 744});
    CHECK(page.problems().empty());
}

TEST_CASE("a button wider than the window is reported as cut off at the side") {
    Page page;
    page.in_footer("nav.next", {8, 680, 1500, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "nav.next is cut off at the side"), all(problems));
}

TEST_CASE("a control wider than its scrolling area is cut off even though the area scrolls") {
    Page page;
    page.in_content("option.1", {8, 300, 1270, 364}); // runs under the scrollbar
    page.in_footer("nav.next", {216, 680, 400, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "option.1 is cut off at the side"), all(problems));
}

TEST_CASE("a control scrolled partly below the content area is fine and does not overlap the footer") {
    Page page;
    page.in_content("option.3", {8, 600, 1240, 700}); // its lower part is behind the footer
    page.in_footer("nav.next", {216, 680, 400, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(problems.empty(), all(problems));
}

TEST_CASE("a footer button that runs off the bottom of the window is reported") {
    Page page;
    page.in_footer("nav.next", {216, 680, 400, 744});
    page.in_footer("receipt.carer.start", {8, 752, 900, 880});
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "receipt.carer.start is cut off at the top or bottom"), all(problems));
}

TEST_CASE("a page with no primary action is reported") {
    Page page;
    page.in_footer("nav.back", {8, 680, 200, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "no primary action", "nav.next"), all(problems));
}

TEST_CASE("a primary action in the footer that is half off the screen is reported") {
    Page page;
    ui::WidgetRegistry& reg = page.reg;
    // Drawn past the window's clip rectangle: ImGui still reports it visible.
    reg.add("nav.send", "Send", {8, 760, 400, 824}, true, true, kWindowClip);
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "the primary action nav.send is not wholly on screen"), all(problems));
}

TEST_CASE("a primary choice in the scrolling content counts as reachable when it is scrolled out of view") {
    Page page;
    page.in_content("start.resident", {8, 900, 1240, 964}, false);
    page.in_footer("nav.back", {8, 680, 200, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(problems.empty(), all(problems));
}

TEST_CASE("the first primary action the page has is the one checked") {
    Page page;
    page.in_footer("nav.finish", {8, 680, 400, 744});
    page.reg.add("nav.begin", "Start", {8, 900, 400, 964}, true, false, kWindowClip); // not this page's
    page.in_footer("nav.next", {500, 680, 700, 744});
    CHECK(page.problems().empty());
}

TEST_CASE("under the idle warning only the warning's own controls are checked") {
    Page page;
    page.in_footer("nav.back", {8, 680, 700, 744});
    page.in_footer("nav.next", {650, 680, 1000, 744}); // overlaps nav.back, but is covered
    page.reg.add("page.overlay", "", {0, 0, kW, kH}, false, true);
    page.reg.add("idle.more-time", "I need more time", {8, 400, 600, 464}, true, true, kWindowClip);
    page.reg.add("idle.save", "Save and get a code", {580, 400, 1000, 464}, true, true, kWindowClip);
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "idle.more-time and idle.save overlap"), all(problems));
    CHECK_FALSE(mentions(problems, "nav.back"));
}

TEST_CASE("text cut off at the side is reported, though text may overlap and scroll freely") {
    Page page;
    page.reg.add("resume.code", "7K3M-Q9XA-2BCD-EFGH", {8, 300, 1400, 420}, false, true, kContentClip);
    page.reg.add("resume.intro", "Write this code down", {8, 280, 1240, 900}, false, true, kContentClip);
    page.in_footer("nav.leave", {8, 680, 400, 744});
    const auto problems = page.problems();
    CHECK_MESSAGE(mentions(problems, "resume.code is cut off at the side"), all(problems));
    CHECK_MESSAGE(problems.size() == 1, all(problems));
}
