// The JSON a worker's tools read for a scored response (`selfdirect-council score` prints it; the
// field list is in docs/configuration.md "The score report"). Key order is fixed (ordered_json) so
// reports diff cleanly; points are exact decimals, money is pence plus "368.50" text.
#pragma once

#include "core/eligibility.h"
#include "core/ras_calculator.h"
#include "core/ras_flags.h"

#include <nlohmann/json.hpp>

namespace selfdirect::core {

// Points as a JSON number: an integer when whole, else the exact decimal (at most 4 places).
nlohmann::ordered_json points_json(const Rational& points);
nlohmann::ordered_json scored_answer_json(const ScoredAnswer& answer);

nlohmann::ordered_json ras_result_json(const RasResult& result);
nlohmann::ordered_json flags_json(const std::vector<FlagResult>& flags);
nlohmann::ordered_json eligibility_json(const EligibilityResult& result);

} // namespace selfdirect::core
