// GlyphSet: a set of characters, through ImGui's own range builder.
#include "app/glyph_set.h"

#include <nlohmann/json.hpp>

#include <string>

namespace selfdirect::app {

namespace {

void add_strings(const nlohmann::json& value, GlyphSet& set) {
    if (value.is_string()) {
        set.add_text(value.get_ref<const std::string&>());
    } else if (value.is_structured()) {
        for (const auto& child : value) add_strings(child, set);
    }
}

} // namespace

GlyphSet::GlyphSet() {
    // Printable ASCII and Latin-1 (£, é), Latin Extended-A (ł, ő, ş), the dashes, quotes, bullet
    // and ellipsis of General Punctuation, and the euro sign.
    static const ImWchar kBase[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027, 0x20AC, 0x20AC, 0}; // constant
    builder_.AddRanges(kBase);
}

void GlyphSet::add_text(std::string_view utf8) {
    if (utf8.empty()) return;
    builder_.AddText(utf8.data(), utf8.data() + utf8.size());
    built_ = false;
}

void GlyphSet::add_json_strings(std::string_view json_text) {
    auto doc = nlohmann::json::parse(json_text, nullptr, false);
    if (!doc.is_discarded()) add_strings(doc, *this);
}

const ImWchar* GlyphSet::ranges() {
    if (!built_) {
        ImVector<ImWchar> built;
        builder_.BuildRanges(&built);
        ranges_.assign(built.begin(), built.end());
        built_ = true;
    }
    return ranges_.data();
}

} // namespace selfdirect::app
