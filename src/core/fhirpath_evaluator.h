// Internal declarations shared by the FHIRPath evaluator's files: value helpers, JSON navigation,
// the operators, option scores, and the Evaluator that walks the syntax tree. Not for use outside
// src/core/fhirpath*; the public API is core/fhirpath.h.
#pragma once

#include "core/fhirpath.h"
#include "core/fhirpath_ast.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace selfdirect::core::fhirpath {

// --- values (fhirpath_value.cpp) ---
bool is_number(const Value& v);
double as_double(const Value& v);               // Integer or Decimal
bool items_equal(const Value& a, const Value& b); // FHIRPath '=' on two single items
// A JSON value as a FHIRPath item (objects become nodes); nothing for null. `owner` as in Value.
std::optional<Value> from_json(const nlohmann::json& j, const nlohmann::json* owner);
// A computed decimal: normalised, or nothing when it is not finite (ln(0), exp(1000) ...).
std::optional<Value> decimal_value(double d);

Error type_error(const std::string& message);
Error overflow_error(const std::string& what);

// --- navigation over FHIR JSON (fhirpath_navigation.cpp) ---
// input.name: the member's values (arrays flattened); "value" also finds value[x] (valueCoding ...).
void navigate(const Value& input, std::string_view name, Collection& out);
// Every member value of a node (children()).
void children(const Value& input, Collection& out);
// answers(): every QuestionnaireResponse answer element under `input`, nested answers included, in
// document order. Stops with false when more than `max_items` would be produced.
bool answers(const Value& input, Collection& out, std::size_t max_items);

// --- option scores (fhirpath_scores.cpp) ---
// Finds the ordinalValue / itemWeight of an answer: on the Coding itself, on the matching
// answerOption (or its Coding) of the question it belongs to, or on the concept of the contained
// ValueSet its answerValueSet names.
class ScoreIndex {
public:
    explicit ScoreIndex(const nlohmann::json* questionnaire);
    // `prefer_weight`: weight() looks for itemWeight first, ordinal() for ordinalValue first.
    std::optional<Value> score(const Value& answer, bool prefer_weight) const;

private:
    const nlohmann::json* questionnaire_;
    std::map<std::string, const nlohmann::json*> items_;      // linkId -> questionnaire item
    std::map<std::string, const nlohmann::json*> value_sets_; // contained ValueSet id -> resource
};

// --- operators (fhirpath_operators.cpp) ---
// Each takes the already evaluated operands and applies FHIRPath's collection rules.
Result<Collection> apply_binary(ast::Op op, const Collection& left, const Collection& right, const Limits& limits);
Result<Collection> apply_unary(ast::Op op, const Collection& operand);
// Singleton evaluation as a Boolean: empty -> nullopt, one Boolean -> it, one other item -> true.
Result<std::optional<bool>> to_boolean(const Collection& c, const std::string& what);
// The single item of `c`, nullopt when empty, an error naming `what` when there are several.
Result<std::optional<Value>> singleton(const Collection& c, const std::string& what);

// --- the tree walker (fhirpath_eval.cpp, functions in fhirpath_functions.cpp) ---
class Evaluator {
public:
    Evaluator(const Environment& env, const Collection& context) : env_(env), context_(context) {}
    Result<Collection> eval(const ast::Node& node, const Collection& focus);

private:
    Result<Collection> eval_variable(const ast::Node& node);
    Result<Collection> eval_function(const ast::Node& node, const Collection& focus);
    Result<Collection> call(const ast::Node& node, const Collection& input, const Collection& focus);
    Result<Collection> math(const ast::Node& node, const Collection& input, const Collection& focus);
    Result<Collection> convert(const ast::Node& node, const Collection& input);
    Result<Collection> repeat(const ast::Node& node, const Collection& input, bool all_children);
    Result<Collection> scores(const Collection& input, bool prefer_weight);
    Result<void> step();
    Result<Collection> capped(Collection c) const;

    const Environment& env_;
    const Collection& context_;
    std::size_t steps_ = 0;
    std::optional<ScoreIndex> scores_; // built on the first ordinal()/weight()
};

} // namespace selfdirect::core::fhirpath
