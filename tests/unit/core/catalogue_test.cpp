// The UI string catalogue: English fallback, contexts, placeholders, the pseudo-locale and NFC.
// A missing translation must show English (never an empty button), and the pseudo-locale must
// change every letter a person would read while leaving what code fills in alone.
#include "core/catalogue.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using namespace selfdirect::core;

namespace {

std::map<std::string, std::string, std::less<>> easyread_sample() {
    return {{"Submit my answers", "Send my answers"},
            {"Not answered", ""},
            {Catalogue::context_key("heading", "Change"), "Change an answer"}};
}

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// The text with every placeholder and a trailing "##id" taken out.
std::string without_placeholders(std::string text) {
    if (auto hashes = text.find("##"); hashes != std::string::npos) text.erase(hashes);
    std::vector<std::string> found;
    for (auto p : placeholders(text)) found.emplace_back(p);  // copies: erasing below moves the text
    for (const std::string& ph : found) {
        for (auto at = text.find(ph); at != std::string::npos; at = text.find(ph)) text.erase(at, ph.size());
    }
    return text;
}

} // namespace

TEST_CASE("english returns every string as given and has the tag en") {
    Catalogue en = Catalogue::english();
    CHECK(en.language() == "en");
    CHECK(en.tr("Check your answers") == "Check your answers");
    CHECK(en.trc("heading", "Change") == "Change");
    CHECK(en.size() == 0);
}

TEST_CASE("a translated string comes back translated and a missing or empty one falls back to the English") {
    Catalogue c("en-x-easyread", easyread_sample());
    CHECK(c.language() == "en-x-easyread");
    CHECK(c.tr("Submit my answers") == "Send my answers");
    CHECK(c.tr("Not answered") == "Not answered");            // empty msgstr: not translated yet
    CHECK(c.tr("A string nobody translated") == "A string nobody translated");
    CHECK(c.size() == 2);
}

TEST_CASE("a context picks its own translation and the same English without that context is separate") {
    Catalogue c("en-x-easyread", easyread_sample());
    CHECK(c.trc("heading", "Change") == "Change an answer");
    CHECK(c.tr("Change") == "Change");
    CHECK(c.trc("button", "Change") == "Change");
}

TEST_CASE("placeholders are found in order and literal percent signs in prose are not placeholders") {
    auto found = placeholders("Question {0} of {1}: %d left, %s, %1$s, %.2f, 100%% and {name}");
    REQUIRE(found.size() == 8);
    CHECK(found[0] == "{0}");
    CHECK(found[1] == "{1}");
    CHECK(found[2] == "%d");
    CHECK(found[3] == "%s");
    CHECK(found[4] == "%1$s");
    CHECK(found[5] == "%.2f");
    CHECK(found[6] == "%%");
    CHECK(found[7] == "{name}");
    CHECK(placeholders("50% of people { not one }").empty());
}

TEST_CASE("fill puts values into named placeholders wherever the translation moved them") {
    CHECK(fill("Question {number} of {total}", {{"number", "3"}, {"total", "20"}}) == "Question 3 of 20");
    CHECK(fill("Of {total}, question {number}", {{"number", "3"}, {"total", "20"}}) == "Of 20, question 3");
    CHECK(fill("{amount} a week, {amount} each time", {{"amount", "£368.50"}}) == "£368.50 a week, £368.50 each time");
    CHECK(fill("Your number is {0}. {other} stays", {{"0", "SD-1A2B"}}) == "Your number is SD-1A2B. {other} stays");
    CHECK(fill("{a}", {{"a", "{b}"}, {"b", "not scanned again"}}) == "{b}");
}

TEST_CASE("pseudo-localising replaces every ASCII letter with an accented look-alike") {
    std::string out = pseudo_localise("Submit my answers. Check your answers, ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz");
    for (char c : out) CHECK_FALSE(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
    CHECK(out.find("á") != std::string::npos);
    CHECK(out.find("ë") != std::string::npos);
    CHECK(out.find("ö") != std::string::npos);
    CHECK(out.front() == '[');
    CHECK(out.back() == ']');
}

TEST_CASE("pseudo-localising keeps placeholders and an ImGui id byte for byte and leaves no other ASCII letter") {
    const std::string msgid = "Question {0} of {1}: %d left, %s done, 100%% sure##nav.next";
    std::string out = pseudo_localise(msgid);
    for (const char* kept : {"{0}", "{1}", "%d", "%s", "%%"}) CHECK(out.find(kept) != std::string::npos);
    CHECK(out.size() > 10);
    CHECK(out.substr(out.size() - 10) == "##nav.next");
    for (char c : without_placeholders(out)) CHECK_FALSE(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
    // The placeholders come out in the same order, so fill() still works on the pseudo text.
    const std::string shown_msgid = msgid.substr(0, msgid.find("##"));
    const std::string shown_out = out.substr(0, out.find("##"));
    CHECK(placeholders(shown_out) == placeholders(shown_msgid));
}

TEST_CASE("pseudo-localised text is at least 40 percent longer for short and long strings and is deterministic") {
    for (std::string msgid : {std::string("No"), std::string("Next"), std::string("Check your answers"),
                              std::string("Your answers are awaiting council verification. A worker from the council "
                                          "will contact you to check them with you.")}) {
        CAPTURE(msgid);
        std::string out = pseudo_localise(msgid);
        CHECK(code_points(out) * 10 >= code_points(msgid) * 14);
        CHECK(pseudo_localise(msgid) == out);
    }
    CHECK(pseudo_localise("").empty());
}

TEST_CASE("the pseudo catalogue pseudo-localises every string, translated or not, under the tag en-x-pseudo") {
    Catalogue p = Catalogue::pseudo();
    CHECK(p.language() == "en-x-pseudo");
    CHECK(p.is_pseudo());
    CHECK(p.tr("Next") == pseudo_localise("Next"));
    CHECK(p.trc("heading", "Change") == pseudo_localise("Change"));
    // The view stays valid for later lookups and copies share it.
    std::string_view first = p.tr("Back");
    Catalogue copy = p;
    for (int i = 0; i < 100; ++i) {
        std::string other = "String " + std::to_string(i);
        (void)copy.tr(other);
    }
    CHECK(first == pseudo_localise("Back"));
    CHECK(copy.tr("Back").data() == first.data());
}

TEST_CASE("nfc composes e and a combining acute accent into one e-acute") {
    CHECK(nfc("Caf\x65\xCC\x81") == "Caf\xC3\xA9");
    CHECK(nfc("Zo\xC3\xAB") == "Zo\xC3\xAB");  // already NFC: unchanged
    CHECK(nfc("") == "");
    CHECK(nfc("plain ASCII") == "plain ASCII");
}

TEST_CASE("nfc returns text that is not valid UTF-8 unchanged and valid_utf8 says so") {
    const std::string bad = "caf\xC3";
    CHECK(nfc(bad) == bad);
    CHECK_FALSE(valid_utf8(bad));
    CHECK_FALSE(valid_utf8("\xED\xA0\x80"));  // a UTF-16 surrogate
    CHECK(valid_utf8("Caf\xC3\xA9 \xE2\x82\xAC"));
}
