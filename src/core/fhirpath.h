// The FHIRPath subset that SDC forms use for scores and calculated items (docs/configuration.md,
// "Calculated items and the FHIRPath subset"). It works on FHIR JSON as nlohmann::json so it needs
// nothing from the Questionnaire model. Anything outside the subset is refused with an
// "unsupported expression: ..." error naming the function or token, never evaluated to a guess.
#pragma once

#include "core/result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace selfdirect::core::fhirpath {

// A FHIR element (object) inside a JSON document the caller owns.
struct Node {
    const nlohmann::json* json = nullptr;
};

// One item of a FHIRPath collection: Boolean, Integer, Decimal (double, see docs), String or a node.
struct Value {
    std::variant<bool, std::int64_t, double, std::string, Node> data;
    // The nearest enclosing object with a linkId (a response item or a questionnaire item) that this
    // value was reached through: ordinal()/weight() use it to find the question's answer options.
    const nlohmann::json* owner = nullptr;
};

// FHIRPath values are ordered collections; an empty one is "no value" and propagates.
using Collection = std::vector<Value>;

// Caps against hostile forms: the defaults are far above what real SDC forms need.
struct Limits {
    std::size_t max_length = 4096;      // bytes of expression text
    std::size_t max_depth = 128;        // nesting of the syntax tree (brackets, calls, operator chains)
    std::size_t max_items = 10000;      // items in any intermediate collection
    std::size_t max_steps = 200000;     // evaluation steps for one expression
    std::size_t max_string = 65536;     // bytes in a string built by + or &
};

namespace ast {
struct Node;
}

// A parsed expression, ready to evaluate any number of times. Cheap to copy (shared, immutable).
class ParsedExpression {
public:
    explicit ParsedExpression(std::shared_ptr<const ast::Node> root) : root_(std::move(root)) {}
    const ast::Node& root() const { return *root_; }

private:
    std::shared_ptr<const ast::Node> root_;
};

// Error codes: fhirpath.unsupported ("unsupported expression: function 'matches'"),
// fhirpath.syntax, fhirpath.too_long, fhirpath.too_deep.
Result<ParsedExpression> parse(std::string_view text, const Limits& limits = {});

// What %resource, %questionnaire and %name refer to. The JSON documents, any nodes inside the
// variables' collections and the `outer` environment must outlive every evaluation that uses this
// environment.
struct Environment {
    const nlohmann::json* resource = nullptr;       // %resource: the QuestionnaireResponse
    const nlohmann::json* questionnaire = nullptr;  // %questionnaire: also where ordinal()/weight() look
    std::map<std::string, Collection> variables;    // %name -> its already evaluated value
    std::map<std::string, std::string> failed;      // %name -> why it has no value (its own error)
    const Environment* outer = nullptr;             // enclosing scope, searched for names not found here
    Limits limits;

    // The variable's value in this scope or an enclosing one; nullptr when not defined.
    const Collection* find_variable(const std::string& name) const;
    // True when `name` failed in this scope or an enclosing one (and is not defined closer in).
    bool variable_failed(const std::string& name) const;
};

// Evaluates with `context` as %context and the initial focus ($this). Error codes: fhirpath.type,
// fhirpath.unknown_variable, fhirpath.variable_failed, fhirpath.overflow, fhirpath.limit.
Result<Collection> evaluate(const ParsedExpression& expression, const Collection& context, const Environment& env);

// parse() then evaluate().
Result<Collection> evaluate(std::string_view text, const Collection& context, const Environment& env);

// A collection holding `json` itself (e.g. the QuestionnaireResponse as the context).
Collection node_collection(const nlohmann::json& json);

// Deterministic text of a value / collection for tests and messages: 3, 2.5, true, 'text',
// {"code":...} for nodes, and "{ a, b }" for a collection. Decimals: 15 significant digits.
std::string render(const Value& value);
std::string render(const Collection& collection);

// The type name used in messages: Boolean, Integer, Decimal, String, or the node's kind.
std::string type_name(const Value& value);

// A decimal rounded to 15 significant digits, so 0.1 + 0.2 gives 0.3 on every platform.
double normalise_decimal(double d);

} // namespace selfdirect::core::fhirpath
