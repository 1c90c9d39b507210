// Shared by the form-engine tests: reading the conformance files and parsing small inline forms.
#pragma once

#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace form_fixtures {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline const std::string kConformanceDir = SELFDIRECT_CONFORMANCE_DIR "/";

inline std::string conformance(const std::string& name) {
    std::string text = read_file(kConformanceDir + name);
    REQUIRE_MESSAGE(!text.empty(), "missing conformance file " << name);
    return text;
}

// A Questionnaire from the `items` JSON array (and optional extra top-level members), which must parse.
inline selfdirect::core::Questionnaire form(const std::string& items, const std::string& extra = "") {
    auto q = selfdirect::core::parse_questionnaire(
        R"({"resourceType":"Questionnaire","id":"T","url":"https://example.org/Q/T","version":"1",)" + extra +
            R"("item":)" + items + "}",
        "test.json");
    REQUIRE_MESSAGE(q.ok(), (q.ok() ? std::string() : q.error().message));
    return std::move(q).value();
}

// The error for a form that must be refused.
inline selfdirect::Error refused(const std::string& items, const std::string& extra = "") {
    auto q = selfdirect::core::parse_questionnaire(
        R"({"resourceType":"Questionnaire","id":"T",)" + extra + R"("item":)" + items + "}", "broken.json");
    REQUIRE_FALSE(q.ok());
    return q.error();
}

} // namespace form_fixtures
