// Benchmark (not a test): parse + validate + score the HL7 Cardiology form (~140 items) with its
// published response, as the council tool and the app do for every form they open. Reported as
// median and p99 over many repetitions (docs/benchmarks.md; target <= 5 ms on the development machine).
#include "core/calculated.h"
#include "core/questionnaire_parser.h"
#include "core/response_json.h"
#include "core/response_validation.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kDir = SELFDIRECT_CONFORMANCE_DIR "/";

void parse_validate_score(benchmark::State& state, const std::string& form_file, const std::string& response_file) {
    const std::string form_text = read(kDir + form_file);
    const std::string response_text = read(kDir + response_file);
    for (auto _ : state) {
        // As the council's score command does: each document is parsed once and shared.
        const auto form_json = nlohmann::json::parse(form_text);
        const auto response_json = nlohmann::json::parse(response_text);
        auto q = selfdirect::core::parse_questionnaire_json(form_json, form_file);
        auto r = selfdirect::core::parse_questionnaire_response(response_text, response_file);
        if (!q || !r) {
            state.SkipWithError("input did not parse");
            break;
        }
        auto issues = selfdirect::core::validate_response(*q, *r);
        auto calculated = selfdirect::core::compute_calculated(*q, form_json, response_json);
        benchmark::DoNotOptimize(issues);
        benchmark::DoNotOptimize(calculated);
    }
}

// The same work split by stage, to see where the time goes.
void stage(benchmark::State& state, int which) {
    const std::string form_text = read(kDir + "Questionnaire-CardiologyForm.json");
    const std::string response_text = read(kDir + "QuestionnaireResponse-Cardiology-MariaSantos.json");
    auto q = selfdirect::core::parse_questionnaire(form_text, "form");
    auto r = selfdirect::core::parse_questionnaire_response(response_text, "response");
    const auto form_json = nlohmann::json::parse(form_text);
    const auto response_json = nlohmann::json::parse(response_text);
    for (auto _ : state) {
        switch (which) {
        case 0: benchmark::DoNotOptimize(nlohmann::json::parse(form_text)); break;
        case 1: benchmark::DoNotOptimize(selfdirect::core::parse_questionnaire(form_text, "form")); break;
        case 2: benchmark::DoNotOptimize(selfdirect::core::parse_questionnaire_response(response_text, "response")); break;
        case 3: benchmark::DoNotOptimize(selfdirect::core::validate_response(*q, *r)); break;
        case 4: benchmark::DoNotOptimize(selfdirect::core::compute_calculated(*q, form_json, response_json)); break;
        }
    }
}

double percentile(const std::vector<double>& v, double p) {
    std::vector<double> s(v);
    std::sort(s.begin(), s.end());
    return s.empty() ? 0.0 : s[std::min(s.size() - 1, static_cast<std::size_t>(p * static_cast<double>(s.size())))];
}

} // namespace

BENCHMARK_CAPTURE(parse_validate_score, cardiology, "Questionnaire-CardiologyForm.json", "QuestionnaireResponse-Cardiology-MariaSantos.json")
    ->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(500)->ReportAggregatesOnly(true)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) { return percentile(v, 0.99); })
    ->ComputeStatistics("max", [](const std::vector<double>& v) { return percentile(v, 1.0); });
BENCHMARK_CAPTURE(parse_validate_score, phq9, "questionnaire-sdc-profile-example-PHQ9.json", "questionnaireresponse-sdc-profile-example-PHQ9.json")
    ->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(500)->ReportAggregatesOnly(true)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) { return percentile(v, 0.99); });

BENCHMARK_CAPTURE(stage, cardiology_json_parse_only, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(stage, cardiology_parse_questionnaire, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(stage, cardiology_parse_response, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(stage, cardiology_validate, 3)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(stage, cardiology_calculated, 4)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
