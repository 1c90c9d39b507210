// The font atlas gets exactly the characters the kiosk can show: a typing base plus what the forms
// and catalogues use (GlyphSet), and the set survives the move back from the loading thread.
#include "app/glyph_set.h"

#include <doctest/doctest.h>

#include <utility>

namespace {

bool has(const ImWchar* ranges, unsigned c) {
    for (; ranges[0] != 0; ranges += 2)
        if (c >= ranges[0] && c <= ranges[1]) return true;
    return false;
}

} // namespace

TEST_CASE("the glyph set holds the typing base and every character of the texts added, and nothing else") {
    selfdirect::app::GlyphSet set;
    set.add_json_strings(R"({"item":[{"text":"Ḿöre ẋ"},{"answerOption":[{"display":"€5 – “quoted”"}]}],"n":3})");
    set.add_text("Cymraeg ŵ");
    const ImWchar* r = set.ranges();
    for (unsigned c : {unsigned('A'), 0xA3u /* £ */, 0xE9u /* é */, 0x141u /* Ł */, 0x2013u /* – */, 0x20ACu /* € */})
        CHECK(has(r, c));
    CHECK(has(r, 0x1E3Eu)); // Ḿ, from the form text
    CHECK(has(r, 0x1E8Bu)); // ẋ
    CHECK(has(r, 0x175u));  // ŵ, from the catalogue text
    CHECK_FALSE(has(r, 0x1E00u)); // the rest of Latin Extended Additional is not rasterised
    CHECK_FALSE(has(r, 0x0400u)); // nor Cyrillic, which no text used
}

TEST_CASE("a glyph set moved before its ranges were built still builds them") {
    selfdirect::app::GlyphSet a;
    a.add_text("ẋ");
    selfdirect::app::GlyphSet b = std::move(a);
    CHECK(has(b.ranges(), 0x1E8Bu));
    selfdirect::app::GlyphSet c = std::move(b); // and after
    CHECK(has(c.ranges(), 0x1E8Bu));
}
