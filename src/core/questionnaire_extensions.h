// Readers for the FHIR extensions the form engine understands (docs/configuration.md lists them).
// Internal to the Questionnaire parser; separate so the item parser reads as a list of fields.
#pragma once

#include "core/questionnaire.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace selfdirect::core::ext {

inline constexpr std::string_view kMinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
inline constexpr std::string_view kMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
inline constexpr std::string_view kHidden = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
inline constexpr std::string_view kItemControl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
inline constexpr std::string_view kEntryFormat = "http://hl7.org/fhir/StructureDefinition/entryFormat";
inline constexpr std::string_view kUnit = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
inline constexpr std::string_view kTranslation = "http://hl7.org/fhir/StructureDefinition/translation";
inline constexpr std::string_view kCalculated = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
inline constexpr std::string_view kVariable = "http://hl7.org/fhir/StructureDefinition/variable";

// The first extension of `element` with this URL, or nullptr.
const nlohmann::json* find(const nlohmann::json& element, std::string_view url);

// Every `translation` extension on a primitive's companion element (`_text`, `_display`, ...) of `owner`.
Translations translations(const nlohmann::json& owner, const char* primitive_key);

// ordinalValue / itemWeight (and the older valueset-ordinalValue / iso21090-CO-value names).
std::optional<double> score(const nlohmann::json& element);

// The valueExpression of an extension with `url`, when it has an expression text.
std::optional<Expression> expression(const nlohmann::json& extension);
std::vector<Expression> variables(const nlohmann::json& element);

std::string string_member(const nlohmann::json& j, const char* key);

} // namespace selfdirect::core::ext
