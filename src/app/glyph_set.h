// Which characters the kiosk rasterises into its font atlas. Rasterising whole Unicode blocks "just
// in case" made the atlas (and its RGBA copy, and the GPU's copy) the largest thing in the process
// and the slowest part of start-up; the texts the kiosk can show are all known at start: the forms,
// the catalogues, the profile's council texts. Add those, and a base that covers what a person may
// type (Latin-1 and Latin Extended-A: names such as "Zoë" or "Łukasz").
#pragma once

#include <imgui.h>

#include <string_view>
#include <vector>

namespace selfdirect::app {

class GlyphSet {
public:
    GlyphSet();
    // Every character of a UTF-8 text (invalid sequences are skipped by ImGui's decoder).
    void add_text(std::string_view utf8);
    // Every string value anywhere in a JSON document (a FHIR Questionnaire, with its translations);
    // a document that does not parse adds nothing (the form loader has already refused it).
    void add_json_strings(std::string_view json_text);
    // Zero-terminated ranges for ImFontAtlas::AddFont*; valid until the next add_*() or destruction.
    const ImWchar* ranges();

private:
    ImFontGlyphRangesBuilder builder_;
    // A std::vector, not an ImVector: moving a GlyphSet (it travels back from the loading thread in a
    // Result) must not copy an empty ImVector, whose copy calls memcpy with a null pointer (UBSan).
    std::vector<ImWchar> ranges_;
    bool built_ = false;
};

} // namespace selfdirect::app
