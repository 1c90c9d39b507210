// The response as the form enables it, in FHIR JSON: what every calculated item's expression
// (%resource, %context) sees. An answer left under an item the form no longer asks (a "most
// nights" kept after the question above it became "no") must never reach a score, and the
// expressions work on JSON, not on the model, so the model's enableWhen decisions are carried back
// onto the JSON here rather than judged a second time.
#pragma once

#include "core/questionnaire.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace selfdirect::core {

// `response` (a QuestionnaireResponse as given, read leniently: nothing here fails) without every
// item instance the form does not enable (enable_when.h, not_enabled_items), answers and nested
// items and all. Everything else is kept as it is, in its order: unsupported answer kinds
// (valueQuantity), extensions, items that are not of the form (validation reports those), and
// entries that are not items. Items nested deeper than any readable response are left out.
nlohmann::json enabled_response_json(const Questionnaire& q, const nlohmann::json& response);

// What enabled_response_json removes, as JSON pointers into `response` in document order: the
// top-most item entries the form does not enable ("/item/3"), and an "item" member nested too deep.
// For a caller that judges one copy of a response and removes from another of the same shape (the
// council tool keeps decimals as written, which the judging copy holds as numbers).
std::vector<nlohmann::json::json_pointer> not_enabled_item_pointers(const Questionnaire& q, const nlohmann::json& response);

// Removes what `pointers` (from not_enabled_item_pointers on a response of the same shape) name.
void remove_json_items(nlohmann::json& response, const std::vector<nlohmann::json::json_pointer>& pointers);

} // namespace selfdirect::core
