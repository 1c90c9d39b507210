// Recursive-descent FHIRPath parser with the operator precedence of the FHIRPath specification
// (section "Operator precedence"). Functions and operators outside the subset are refused here,
// naming them, so a form that uses them fails when it is loaded rather than when a branch runs.
#include "core/fhirpath.h"
#include "core/fhirpath_ast.h"
#include "core/fhirpath_lexer.h"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace selfdirect::core::fhirpath {

namespace {

using ast::Fn;
using ast::Kind;
using ast::Op;
using NodePtr = std::unique_ptr<ast::Node>;

struct FunctionSpec {
    std::string_view name;
    Fn fn;
    std::size_t min_args;
    std::size_t max_args;
};

constexpr FunctionSpec kFunctions[] = {
    {"empty", Fn::Empty, 0, 0},       {"exists", Fn::Exists, 0, 1},   {"all", Fn::All, 1, 1},
    {"count", Fn::Count, 0, 0},       {"first", Fn::First, 0, 0},     {"last", Fn::Last, 0, 0},
    {"where", Fn::Where, 1, 1},       {"select", Fn::Select, 1, 1},   {"repeat", Fn::Repeat, 1, 1},
    {"children", Fn::Children, 0, 0}, {"descendants", Fn::Descendants, 0, 0},
    {"combine", Fn::Combine, 1, 1},   {"not", Fn::Not, 0, 0},         {"iif", Fn::Iif, 2, 3},
    {"answers", Fn::Answers, 0, 0},   {"ordinal", Fn::Ordinal, 0, 0}, {"weight", Fn::Weight, 0, 0},
    {"sum", Fn::Sum, 0, 0},           {"abs", Fn::Abs, 0, 0},         {"ceiling", Fn::Ceiling, 0, 0},
    {"floor", Fn::Floor, 0, 0},       {"round", Fn::Round, 0, 1},     {"ln", Fn::Ln, 0, 0},
    {"exp", Fn::Exp, 0, 0},           {"power", Fn::Power, 1, 1},     {"sqrt", Fn::Sqrt, 0, 0},
    {"toString", Fn::ToString, 0, 0}, {"toInteger", Fn::ToInteger, 0, 0}, {"toDecimal", Fn::ToDecimal, 0, 0},
};

struct OperatorSpec {
    std::string_view text;
    Op op;
};

// Calendar-duration words that turn a number into a quantity literal (refused).
constexpr std::string_view kUnitWords[] = {"year",    "years",  "month",   "months",  "week",
                                          "weeks",   "day",    "days",    "hour",    "hours",
                                          "minute",  "minutes", "second", "seconds", "millisecond",
                                          "milliseconds"};

// Words that are operators or literals, never the start of a path (unless `delimited`).
constexpr std::string_view kReserved[] = {"and", "or", "xor", "implies", "div", "mod", "in",
                                          "contains", "is", "as"};

Error unsupported(const std::string& what) {
    return make_error("fhirpath.unsupported", "unsupported expression: " + what);
}

class Parser {
public:
    Parser(const std::vector<Token>& tokens, const Limits& limits) : t_(tokens), limits_(limits) {
        // Binary operators, loosest first; each inner list is one precedence level. Op::None marks
        // an operator of FHIRPath that the subset refuses.
        levels_ = {
            {{"implies", Op::Implies}},
            {{"or", Op::Or}, {"xor", Op::Xor}},
            {{"and", Op::And}},
            {{"in", Op::In}, {"contains", Op::Contains}},
            {{"=", Op::Equal}, {"!=", Op::NotEqual}, {"~", Op::None}, {"!~", Op::None}},
            {{"<=", Op::LessOrEqual}, {">=", Op::GreaterOrEqual}, {"<", Op::Less}, {">", Op::Greater}},
            {{"|", Op::Union}},
            {{"is", Op::None}, {"as", Op::None}},
            {{"+", Op::Add}, {"-", Op::Subtract}, {"&", Op::Concat}},
            {{"*", Op::Multiply}, {"/", Op::Divide}, {"div", Op::Div}, {"mod", Op::Mod}},
        };
    }

    Result<NodePtr> parse_all() {
        if (peek().kind == TokenKind::End) return syntax(peek(), "empty expression");
        auto e = binary(0);
        if (!e) return e;
        if (peek().kind != TokenKind::End) return syntax(peek(), "unexpected " + describe(peek()));
        return e;
    }

private:
    const Token& peek(std::size_t ahead = 0) const { return t_[std::min(pos_ + ahead, t_.size() - 1)]; }
    const Token& next() {
        const Token& tok = t_[pos_];
        if (pos_ + 1 < t_.size()) ++pos_;
        return tok;
    }
    bool is_symbol(const char* s, std::size_t ahead = 0) const {
        return peek(ahead).kind == TokenKind::Symbol && peek(ahead).text == s;
    }
    static bool is_word(const Token& tok, std::string_view w) {
        return tok.kind == TokenKind::Identifier && !tok.delimited && tok.text == w;
    }

    static std::string describe(const Token& tok) {
        switch (tok.kind) {
        case TokenKind::End: return "end of expression";
        case TokenKind::String: return "string '" + printable(tok.text) + "'";
        case TokenKind::Variable: return "'%" + printable(tok.text) + "'";
        case TokenKind::Special: return "'$" + printable(tok.text) + "'";
        default: return "'" + printable(tok.text) + "'";
        }
    }
    static Error syntax(const Token& tok, const std::string& what) {
        return make_error("fhirpath.syntax", "syntax error at " + std::to_string(tok.position) + ": " + what);
    }

    // Sets the subtree height from the children; refuses a tree deeper than the cap.
    Result<NodePtr> finish(NodePtr n) {
        std::size_t h = 0;
        if (n->input) h = n->input->depth;
        for (const auto& a : n->args) h = std::max(h, a->depth);
        n->depth = h + 1;
        if (n->depth > limits_.max_depth) return too_deep();
        return n;
    }
    Error too_deep() const {
        return make_error("fhirpath.too_deep",
                          "expression nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }

    // Counts recursion through brackets, calls and unary signs: the parser's own stack depth.
    struct Nest {
        Parser& p;
        explicit Nest(Parser& parser) : p(parser) { ++p.nesting_; }
        ~Nest() { --p.nesting_; }
        bool too_deep() const { return p.nesting_ > p.limits_.max_depth; }
    };

    const OperatorSpec* match_operator(std::size_t level) const {
        const Token& tok = peek();
        if (tok.kind != TokenKind::Symbol && !(tok.kind == TokenKind::Identifier && !tok.delimited)) return nullptr;
        for (const auto& spec : levels_[level])
            if (tok.text == spec.text) return &spec;
        return nullptr;
    }

    Result<NodePtr> binary(std::size_t level) {
        if (level == levels_.size()) return unary();
        auto left = binary(level + 1);
        if (!left) return left;
        NodePtr node = std::move(*left);
        while (const OperatorSpec* spec = match_operator(level)) {
            const Token& tok = next();
            if (spec->op == Op::None) return unsupported("operator '" + std::string(spec->text) + "'");
            auto right = binary(level + 1);
            if (!right) return right;
            auto b = std::make_unique<ast::Node>();
            b->kind = Kind::Binary;
            b->op = spec->op;
            b->name = std::string(spec->text);
            b->position = tok.position;
            b->args.push_back(std::move(node));
            b->args.push_back(std::move(*right));
            auto done = finish(std::move(b));
            if (!done) return done;
            node = std::move(*done);
        }
        return node;
    }

    Result<NodePtr> unary() {
        if (is_symbol("+") || is_symbol("-")) {
            Nest nest(*this);
            if (nest.too_deep()) return too_deep();
            const Token& tok = next();
            auto operand = unary();
            if (!operand) return operand;
            auto u = std::make_unique<ast::Node>();
            u->kind = Kind::Unary;
            u->op = tok.text == "-" ? Op::Negate : Op::Plus;
            u->name = tok.text;
            u->position = tok.position;
            u->args.push_back(std::move(*operand));
            return finish(std::move(u));
        }
        return postfix();
    }

    Result<NodePtr> postfix() {
        auto t = term();
        if (!t) return t;
        NodePtr node = std::move(*t);
        for (;;) {
            if (is_symbol(".")) {
                next();
                const Token& name = peek();
                if (name.kind != TokenKind::Identifier) return syntax(name, "expected a name after '.', got " + describe(name));
                next();
                auto n = is_symbol("(") ? call(name) : member(name);
                if (!n) return n;
                (*n)->input = std::move(node);
                auto done = finish(std::move(*n));
                if (!done) return done;
                node = std::move(*done);
            } else if (is_symbol("[")) {
                Nest nest(*this);
                if (nest.too_deep()) return too_deep();
                const Token& open = next();
                auto index = binary(0);
                if (!index) return index;
                if (!is_symbol("]")) return syntax(peek(), "expected ']', got " + describe(peek()));
                next();
                auto n = std::make_unique<ast::Node>();
                n->kind = Kind::Index;
                n->position = open.position;
                n->input = std::move(node);
                n->args.push_back(std::move(*index));
                auto done = finish(std::move(n));
                if (!done) return done;
                node = std::move(*done);
            } else {
                return node;
            }
        }
    }

    Result<NodePtr> member(const Token& name) {
        auto n = std::make_unique<ast::Node>();
        n->kind = Kind::Member;
        n->name = name.text;
        n->position = name.position;
        return n;
    }

    Result<NodePtr> call(const Token& name) {
        Nest nest(*this);
        if (nest.too_deep()) return too_deep();
        const FunctionSpec* spec = nullptr;
        for (const auto& f : kFunctions)
            if (f.name == name.text) spec = &f;
        if (!spec) return unsupported("function '" + printable(name.text) + "'");
        next(); // (
        auto n = std::make_unique<ast::Node>();
        n->kind = Kind::Function;
        n->fn = spec->fn;
        n->name = name.text;
        n->position = name.position;
        if (!is_symbol(")")) {
            for (;;) {
                auto arg = binary(0);
                if (!arg) return arg;
                n->args.push_back(std::move(*arg));
                if (n->args.size() > spec->max_args) break;
                if (!is_symbol(",")) break;
                next();
            }
        }
        if (n->args.size() < spec->min_args || n->args.size() > spec->max_args) {
            const std::string want = spec->min_args == spec->max_args
                                         ? std::to_string(spec->min_args)
                                         : std::to_string(spec->min_args) + " to " + std::to_string(spec->max_args);
            return syntax(name, "function '" + n->name + "' takes " + want + " argument(s)");
        }
        if (!is_symbol(")")) return syntax(peek(), "expected ')' after the arguments of '" + n->name + "', got " + describe(peek()));
        next();
        return n;
    }

    Result<NodePtr> literal_number(const Token& tok) {
        auto n = std::make_unique<ast::Node>();
        n->kind = Kind::Literal;
        n->position = tok.position;
        const char* b = tok.text.data();
        const char* e = b + tok.text.size();
        if (tok.kind == TokenKind::Integer) {
            std::int64_t v = 0;
            auto [p, ec] = std::from_chars(b, e, v);
            if (ec != std::errc() || p != e) return syntax(tok, "integer literal " + printable(tok.text) + " is too large");
            n->literal.data = v;
        } else {
            double v = 0;
            auto [p, ec] = std::from_chars(b, e, v);
            if (ec != std::errc() || p != e) return syntax(tok, "decimal literal " + printable(tok.text) + " is out of range");
            n->literal.data = v;
        }
        // 4 'mg' or 3 days: a quantity, outside the subset.
        const Token& after = peek();
        bool unit_word = false;
        for (auto w : kUnitWords) unit_word = unit_word || is_word(after, w);
        if (after.kind == TokenKind::String || unit_word)
            return unsupported("quantity literal '" + printable(tok.text + " " + after.text) + "'");
        return n;
    }

    Result<NodePtr> term() {
        const Token& tok = peek();
        switch (tok.kind) {
        case TokenKind::Integer:
        case TokenKind::Decimal: next(); return literal_number(tok);
        case TokenKind::String: {
            next();
            auto n = std::make_unique<ast::Node>();
            n->kind = Kind::Literal;
            n->position = tok.position;
            n->literal.data = tok.text;
            return n;
        }
        case TokenKind::Variable: {
            next();
            auto n = std::make_unique<ast::Node>();
            n->kind = Kind::Variable;
            n->name = tok.text;
            n->position = tok.position;
            return n;
        }
        case TokenKind::Special: {
            next();
            if (tok.text != "this") return unsupported("'$" + printable(tok.text) + "'");
            auto n = std::make_unique<ast::Node>();
            n->kind = Kind::This;
            n->position = tok.position;
            return n;
        }
        case TokenKind::Identifier: {
            next();
            if (is_word(tok, "true") || is_word(tok, "false")) {
                auto n = std::make_unique<ast::Node>();
                n->kind = Kind::Literal;
                n->position = tok.position;
                n->literal.data = tok.text == "true";
                return n;
            }
            for (auto w : kReserved)
                if (is_word(tok, w)) return syntax(tok, "unexpected '" + tok.text + "'");
            return is_symbol("(") ? call(tok) : member(tok);
        }
        case TokenKind::Symbol: {
            if (tok.text == "(") {
                Nest nest(*this);
                if (nest.too_deep()) return too_deep();
                next();
                auto inner = binary(0);
                if (!inner) return inner;
                if (!is_symbol(")")) return syntax(peek(), "expected ')', got " + describe(peek()));
                next();
                return inner;
            }
            if (tok.text == "{") {
                next();
                if (!is_symbol("}")) return syntax(peek(), "only the empty collection {} can be written with braces");
                next();
                auto n = std::make_unique<ast::Node>();
                n->kind = Kind::Empty;
                n->position = tok.position;
                return n;
            }
            return syntax(tok, "unexpected " + describe(tok));
        }
        case TokenKind::End: return syntax(tok, "unexpected end of expression");
        }
        return syntax(tok, "unexpected " + describe(tok));
    }

    const std::vector<Token>& t_;
    const Limits& limits_;
    std::vector<std::vector<OperatorSpec>> levels_;
    std::size_t pos_ = 0;
    std::size_t nesting_ = 0;
};

} // namespace

Result<ParsedExpression> parse(std::string_view text, const Limits& limits) {
    if (text.size() > limits.max_length)
        return make_error("fhirpath.too_long", "expression is longer than " + std::to_string(limits.max_length) +
                                                   " bytes (" + std::to_string(text.size()) + ")");
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    Parser parser(*tokens, limits);
    auto root = parser.parse_all();
    if (!root) return root.error();
    return ParsedExpression(std::shared_ptr<const ast::Node>(std::move(*root)));
}

} // namespace selfdirect::core::fhirpath
