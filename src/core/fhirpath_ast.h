// The syntax tree the FHIRPath parser builds and the evaluator walks. Internal to src/core/fhirpath*.
// Functions and operators are resolved to enums while parsing, so an unsupported one is refused
// before anything is evaluated (even in an iif() branch that would never run).
#pragma once

#include "core/fhirpath.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace selfdirect::core::fhirpath::ast {

enum class Kind {
    Literal,   // true, 42, 1.5, 'text'
    Empty,     // {}
    Variable,  // %resource, %questionnaire, %context, %name
    This,      // $this
    Member,    // name, or input.name
    Function,  // fn(args), or input.fn(args)
    Index,     // input[index]
    Unary,     // -x, +x
    Binary,    // x op y
};

enum class Op {
    None,
    Multiply, Divide, Div, Mod,
    Add, Subtract, Concat,
    Union,
    Less, Greater, LessOrEqual, GreaterOrEqual,
    Equal, NotEqual,
    In, Contains,
    And, Or, Xor, Implies,
    Negate, Plus,
};

enum class Fn {
    None,
    // existence and filtering
    Empty, Exists, All, Count, First, Last, Where, Select, Repeat, Children, Descendants, Combine, Not, Iif,
    // SDC
    Answers, Ordinal, Weight,
    // aggregates and arithmetic
    Sum, Abs, Ceiling, Floor, Round, Ln, Exp, Power, Sqrt,
    // conversions
    ToString, ToInteger, ToDecimal,
};

struct Node {
    Kind kind = Kind::Literal;
    Op op = Op::None;
    Fn fn = Fn::None;
    std::string name;                        // member, function or variable name
    Value literal;                           // Kind::Literal
    std::unique_ptr<Node> input;             // Member/Function/Index: what it applies to (null: the focus)
    std::vector<std::unique_ptr<Node>> args; // Function arguments; Binary: left, right; Unary/Index: one
    std::size_t depth = 1;                   // height of this subtree
    std::size_t position = 0;                // byte offset in the expression, for messages
};

} // namespace selfdirect::core::fhirpath::ast
