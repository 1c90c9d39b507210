// A small form and response for the FHIRPath tests, and helpers that evaluate an expression and
// show its result (or its error) as text, so each check reads as expression -> expected.
#pragma once

#include "core/fhirpath.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace fhirpath_test {

namespace fp = selfdirect::core::fhirpath;
using nlohmann::json;

// Scores in all three places SDC puts them: on the answerOption (q4), on the option's Coding (q1)
// and on a contained ValueSet concept (q2, which also carries an itemWeight).
inline json small_questionnaire() {
    return json::parse(R"({
      "resourceType": "Questionnaire", "id": "small",
      "contained": [{"resourceType": "ValueSet", "id": "vs",
        "compose": {"include": [{"system": "http://example.org/cs", "concept": [
          {"code": "x", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 3}]},
          {"code": "y", "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 4},
            {"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 40}]}]}]}}],
      "item": [{"linkId": "g1", "type": "group", "item": [
        {"linkId": "q1", "type": "choice", "answerOption": [
          {"valueCoding": {"system": "http://example.org/s", "code": "a"},
           "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 1}]},
          {"valueCoding": {"system": "http://example.org/s", "code": "b",
           "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 2.5}]}}]},
        {"linkId": "q2", "type": "choice", "answerValueSet": "#vs"},
        {"linkId": "q3", "type": "integer", "item": [{"linkId": "q6", "type": "boolean"}]},
        {"linkId": "q4", "type": "choice", "answerOption": [
          {"valueString": "low", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueInteger": 1}]},
          {"valueString": "high", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueInteger": 5}]}]},
        {"linkId": "q5", "type": "string"}]}]
    })");
}

inline json small_response() {
    return json::parse(R"({
      "resourceType": "QuestionnaireResponse", "status": "completed",
      "item": [{"linkId": "g1", "item": [
        {"linkId": "q1", "answer": [{"valueCoding": {"system": "http://example.org/s", "code": "b"}}]},
        {"linkId": "q2", "answer": [{"valueCoding": {"code": "y"}}]},
        {"linkId": "q3", "answer": [{"valueInteger": 7, "item": [{"linkId": "q6", "answer": [{"valueBoolean": true}]}]}]},
        {"linkId": "q4", "answer": [{"valueString": "high"}]},
        {"linkId": "q5", "answer": [{"valueString": "hello"}]}]}]
    })");
}

// Owns the documents the environment points into; not copyable for that reason.
struct Fixture {
    json questionnaire = small_questionnaire();
    json response = small_response();
    fp::Environment env;

    Fixture() {
        env.resource = &response;
        env.questionnaire = &questionnaire;
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    selfdirect::Result<fp::Collection> eval(std::string_view text) const {
        return fp::evaluate(text, fp::node_collection(response), env);
    }
    // "3", "{ 1, 2 }", "{}", or "error fhirpath.type: ..." — what the checks compare against.
    std::string show(std::string_view text) const {
        auto r = eval(text);
        if (!r) return "error " + r.error().code + ": " + r.error().message;
        return fp::render(*r);
    }
    std::string error_code(std::string_view text) const {
        auto r = eval(text);
        return r ? std::string("(no error: ") + fp::render(*r) + ")" : r.error().code;
    }
    std::string error_message(std::string_view text) const {
        auto r = eval(text);
        return r ? std::string("(no error: ") + fp::render(*r) + ")" : r.error().message;
    }
};

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline json read_json(const std::string& path) { return json::parse(read_text(path)); }

inline std::string conformance(const std::string& file) {
    return std::string(SELFDIRECT_CONFORMANCE_DIR) + "/" + file;
}

} // namespace fhirpath_test
