// EligibilityResult -> report JSON (declared in ras_report.h with the other parts of the report).
#include "core/ras_report.h"

namespace selfdirect::core {
namespace {

using ojson = nlohmann::ordered_json;

ojson answers_json(const std::vector<ScoredAnswer>& answers) {
    ojson out = ojson::array();
    for (const ScoredAnswer& a : answers) out.push_back(scored_answer_json(a));
    return out;
}

} // namespace

ojson eligibility_json(const EligibilityResult& r) {
    const bool adult = r.regulation == Regulation::Adult;
    ojson out = ojson::object();
    out["notice"] = kIndicatorNotice;
    out["indicator"] = indicator_name(r);
    out["indicated"] = r.indicated;
    out["regulation"] = adult ? "Care and Support (Eligibility Criteria) Regulations 2015, regulation 2 (adults)"
                              : "Care and Support (Eligibility Criteria) Regulations 2015, regulation 3 (carers)";
    if (r.young_carer) {
        out["youngCarer"] = ojson{{"because", answers_json(r.young_carer_because)},
                                  {"route", "young carers' needs assessment, Children Act 1989 s.17ZA (inserted by the "
                                            "Children and Families Act 2014); regulation 3 is for adult carers"}};
    }
    out["outcomeMap"] = ojson{{"id", r.map_id}, {"version", r.map_version}};

    ojson c1{{"status", condition_status_name(r.condition1)}};
    if (!r.condition1_worker.empty()) c1["workerConfirms"] = r.condition1_worker;
    else c1["because"] = answers_json(r.condition1_because);
    out["condition1"] = std::move(c1);

    ojson c2{{"met", r.condition2}, {"outcomesIndicated", r.outcomes_indicated}, {"outcomesNeeded", r.outcomes_needed}};
    if (!adult) c2["healthAtRisk"] = ojson{{"met", !r.health_because.empty()}, {"because", answers_json(r.health_because)}};
    out["condition2"] = std::move(c2);
    out["condition3"] = ojson{{"status", "for the worker to decide"}, {"note", r.condition3}};

    ojson indicated = ojson::array();
    ojson outcomes = ojson::array();
    for (const OutcomeResult& o : r.outcomes) {
        if (o.indicated) indicated.push_back(o.code);
        ojson j{{"code", o.code}, {"text", o.text}, {"indicated", o.indicated}, {"because", answers_json(o.because)}};
        if (!o.possible.empty()) j["possible"] = answers_json(o.possible);
        outcomes.push_back(std::move(j));
    }
    out["outcomesIndicated"] = std::move(indicated);
    out["outcomes"] = std::move(outcomes);
    return out;
}

} // namespace selfdirect::core
