// Parsing JSON that arrives from outside (HTTP bodies, bundle manifests, sealed records, files a
// council officer is handed): nlohmann::json builds any depth it is given, and the code that walks
// or prints a tree (dump, the exports' item walkers) recurses, so a document nested 100,000 deep
// crashed the council tool. Every parse of such bytes goes through here: a linear pre-scan refuses
// anything nested deeper than a cap before a tree is built.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace selfdirect::sync {

// Deeper than any real document: a FHIR QuestionnaireResponse gains 2 levels per group and 4 per
// answer with nested items, and the deepest shipped form reaches about 20.
inline constexpr std::size_t kMaxJsonDepth = 128;

// True when no array or object in `text` is nested deeper than `max_depth` (the outermost container
// is depth 1). Brackets inside strings, with their escapes, do not count. Linear, no recursion, no
// allocation; says nothing about whether the text is otherwise valid JSON.
bool json_depth_within(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

// nlohmann::json::parse without exceptions, after json_depth_within: a discarded value when the text
// is not JSON or is nested too deep.
nlohmann::json parse_untrusted_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

} // namespace selfdirect::sync
