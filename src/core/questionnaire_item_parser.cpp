// One Questionnaire item -> model (see questionnaire_item_parser.h).
#include "core/questionnaire_item_parser.h"

#include "core/answer_value_json.h"
#include "core/questionnaire_extensions.h"

namespace selfdirect::core {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 32; // real forms nest 3 or 4 levels; deeper is a broken or hostile file

std::optional<ItemType> supported_type(const std::string& type) {
    static constexpr struct { const char* name; ItemType type; } kTypes[] = {
        {"group", ItemType::Group},       {"display", ItemType::Display},   {"boolean", ItemType::Boolean},
        {"decimal", ItemType::Decimal},   {"integer", ItemType::Integer},   {"date", ItemType::Date},
        {"dateTime", ItemType::DateTime}, {"time", ItemType::Time},         {"string", ItemType::String},
        {"text", ItemType::Text},         {"choice", ItemType::Choice},     {"open-choice", ItemType::OpenChoice},
    };
    for (const auto& t : kTypes)
        if (type == t.name) return t.type;
    return std::nullopt;
}

std::optional<EnableOperator> enable_operator(const std::string& op) {
    static constexpr struct { const char* name; EnableOperator op; } kOps[] = {
        {"exists", EnableOperator::Exists}, {"=", EnableOperator::Equal},          {"!=", EnableOperator::NotEqual},
        {">", EnableOperator::Greater},     {"<", EnableOperator::Less},           {">=", EnableOperator::GreaterOrEqual},
        {"<=", EnableOperator::LessOrEqual},
    };
    for (const auto& o : kOps)
        if (op == o.name) return o.op;
    return std::nullopt;
}

// The text form of an option's value: its code, for display fallbacks and AnswerOption::code.
std::string value_text(const AnswerValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<Date>(&v)) return d->iso;
    if (const auto* t = std::get_if<Time>(&v)) return t->iso;
    return {};
}

} // namespace

Result<void> ItemParser::refuse_or_fail(Item& item, const Error& e, const std::string& where) {
    if (e.code == "value.unsupported") {
        refuse(item, where + " " + e.message);
        return {};
    }
    return fail("form.item", "item '" + item.link_id + "': " + where + " " + e.message);
}

void ItemParser::refuse(Item& item, const std::string& reason) {
    item.type = ItemType::Unsupported;
    unsupported_reasons.emplace(item.link_id, reason); // the first reason found is the one reported
}

Result<void> ItemParser::read_flags(const json& j, Item& item) {
    for (auto [key, field] : {std::pair{"required", &item.required}, std::pair{"repeats", &item.repeats},
                              std::pair{"readOnly", &item.read_only}}) {
        auto it = j.find(key);
        if (it == j.end()) continue;
        if (!it->is_boolean()) return fail("form.item", "item '" + item.link_id + "': '" + key + "' must be true or false");
        *field = it->get<bool>();
    }
    if (auto it = j.find("maxLength"); it != j.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 1'000'000)
            return fail("form.item", "item '" + item.link_id + "': 'maxLength' must be a positive whole number");
        item.max_length = static_cast<int>(it->get<std::int64_t>());
    }
    return {};
}

Result<void> ItemParser::read_extensions(const json& j, Item& item) {
    if (const json* e = ext::find(j, ext::kHidden))
        if (auto v = e->find("valueBoolean"); v != e->end() && v->is_boolean()) item.hidden = v->get<bool>();
    if (const json* e = ext::find(j, ext::kItemControl)) {
        if (auto cc = e->find("valueCodeableConcept"); cc != e->end() && cc->is_object())
            if (auto codings = cc->find("coding"); codings != cc->end() && codings->is_array() && !codings->empty())
                item.item_control = ext::string_member(codings->front(), "code");
    }
    if (const json* e = ext::find(j, ext::kEntryFormat)) item.entry_format = ext::string_member(*e, "valueString");
    if (const json* e = ext::find(j, ext::kUnit))
        if (auto c = e->find("valueCoding"); c != e->end() && c->is_object())
            item.unit = Coding{ext::string_member(*c, "system"), ext::string_member(*c, "code"), ext::string_member(*c, "display")};
    for (auto [url, field] : {std::pair{ext::kMinValue, &item.min_value}, std::pair{ext::kMaxValue, &item.max_value}}) {
        const json* e = ext::find(j, url);
        if (!e) continue;
        auto v = read_value_x(*e, "value", false);
        if (!v) {
            if (auto r = refuse_or_fail(item, v.error(), std::string(url.substr(url.rfind('/') + 1))); !r) return r;
        } else {
            *field = std::move(*v);
        }
    }
    if (const json* e = ext::find(j, ext::kCalculated)) item.calculated_expression = ext::expression(*e);
    item.variables = ext::variables(j);
    return {};
}

Result<void> ItemParser::read_options(const json& j, Item& item) {
    auto options = j.find("answerOption");
    auto value_set = j.find("answerValueSet");
    if (options != j.end() && value_set != j.end())
        return fail("form.item", "item '" + item.link_id + "' has both answerOption and answerValueSet");
    if (options != j.end()) {
        if (!options->is_array()) return fail("form.item", "item '" + item.link_id + "': 'answerOption' must be a list");
        for (const json& o : *options) {
            auto value = read_value_x(o, "value", false);
            if (!value) {
                if (auto r = refuse_or_fail(item, value.error(), "answerOption"); !r) return r;
                continue;
            }
            if (!*value) return fail("form.item", "item '" + item.link_id + "' has an answerOption without a value");
            AnswerOption option;
            option.value = std::move(**value);
            if (const auto* c = std::get_if<Coding>(&option.value)) {
                option.system = c->system;
                option.code = c->code;
                option.display = c->display.empty() ? c->code : c->display;
                option.display_translations = ext::translations(o["valueCoding"], "display");
                option.score = ext::score(o);
                if (!option.score) option.score = ext::score(o["valueCoding"]);
            } else if (std::holds_alternative<bool>(option.value) || std::holds_alternative<double>(option.value) ||
                       std::holds_alternative<DateTime>(option.value)) {
                refuse(item, "answerOption " + value_key(option.value) + " is not an option type FHIR R4 allows");
                continue;
            } else {
                option.code = option.display = value_text(option.value);
                option.score = ext::score(o);
                option.display_translations = ext::translations(o, value_key(option.value).c_str());
            }
            if (option.code.empty())
                return fail("form.item", "item '" + item.link_id + "' has an answerOption without a code");
            if (auto sel = o.find("initialSelected"); sel != o.end() && sel->is_boolean() && sel->get<bool>()) {
                option.initial_selected = true;
                item.initial.push_back(option.value);
            }
            item.options.push_back(std::move(option));
        }
    }
    if (value_set != j.end()) {
        const std::string ref = value_set->is_string() ? value_set->get<std::string>() : std::string();
        if (ref.empty()) return fail("form.item", "item '" + item.link_id + "': 'answerValueSet' must be a reference");
        if (ref[0] != '#') {
            refuse(item, "answerValueSet '" + ref + "' is not a contained ValueSet (\"#id\"), and a kiosk cannot expand it");
        } else if (auto vs = value_sets.find(ref.substr(1)); vs == value_sets.end()) {
            return fail("form.item", "item '" + item.link_id + "': answerValueSet '" + ref + "' names no contained ValueSet");
        } else if (vs->second.empty()) {
            refuse(item, "ValueSet '" + ref + "' lists no concepts (expansion.contains or compose.include.concept)");
        } else {
            item.answer_value_set = ref;
            item.options = vs->second;
        }
    }
    if (item.type == ItemType::Choice && item.options.empty())
        return fail("form.item", "choice item '" + item.link_id + "' has no answerOption or answerValueSet");
    return {};
}

Result<void> ItemParser::read_initial(const json& j, Item& item) {
    auto list = j.find("initial");
    if (list == j.end()) return {};
    if (!list->is_array()) return fail("form.item", "item '" + item.link_id + "': 'initial' must be a list");
    for (const json& entry : *list) {
        auto v = read_value_x(entry, "value", false);
        if (!v) {
            if (auto r = refuse_or_fail(item, v.error(), "initial"); !r) return r;
        } else if (*v) {
            item.initial.push_back(std::move(**v));
        }
    }
    return {};
}

Result<void> ItemParser::read_enable_when(const json& j, Item& item) {
    auto list = j.find("enableWhen");
    if (list != j.end()) {
        if (!list->is_array()) return fail("form.enable_when", "item '" + item.link_id + "': 'enableWhen' must be a list");
        for (const json& e : *list) {
            const std::string question = ext::string_member(e, "question");
            if (question.empty()) return fail("form.enable_when", "item '" + item.link_id + "' has an enableWhen without a question");
            const std::string op_text = ext::string_member(e, "operator");
            auto op = enable_operator(op_text);
            if (!op) return fail("form.enable_when", "item '" + item.link_id + "' has an enableWhen with operator '" + op_text + "'");
            auto answer = read_value_x(e, "answer", false);
            if (!answer) {
                if (auto r = refuse_or_fail(item, answer.error(), "enableWhen"); !r) return r;
                continue;
            }
            if (!*answer) return fail("form.enable_when", "item '" + item.link_id + "' has an enableWhen without an answer[x]");
            if (*op == EnableOperator::Exists && !std::holds_alternative<bool>(**answer))
                return fail("form.enable_when", "item '" + item.link_id + "': enableWhen 'exists' needs answerBoolean");
            item.enable_when.push_back(EnableWhen{question, *op, std::move(**answer)});
        }
    }
    if (auto b = j.find("enableBehavior"); b != j.end()) {
        const std::string behavior = b->is_string() ? b->get<std::string>() : std::string();
        if (behavior == "any") item.enable_behavior = EnableBehavior::Any;
        else if (behavior != "all") return fail("form.enable_when", "item '" + item.link_id + "': enableBehavior must be \"all\" or \"any\"");
    }
    return {};
}

Result<Item> ItemParser::parse(const json& j) {
    if (!j.is_object()) return fail("form.item", "an entry of 'item' is not an object");
    Item item;
    item.link_id = ext::string_member(j, "linkId");
    if (item.link_id.empty()) return fail("form.item", "an item has no linkId");
    if (!seen_link_ids.insert(item.link_id).second)
        return fail("form.duplicate_link_id", "linkId '" + item.link_id + "' is used by more than one item");
    item.text = ext::string_member(j, "text");
    item.text_translations = ext::translations(j, "text");
    item.fhir_type = ext::string_member(j, "type");
    if (item.fhir_type.empty()) return fail("form.item", "item '" + item.link_id + "' has no type");
    if (auto type = supported_type(item.fhir_type)) item.type = *type;
    else refuse(item, "type '" + item.fhir_type + "' is not supported");

    for (auto step : {&ItemParser::read_flags, &ItemParser::read_extensions, &ItemParser::read_options,
                      &ItemParser::read_initial, &ItemParser::read_enable_when})
        if (auto r = (this->*step)(j, item); !r) return r.error();

    if (auto children = j.find("item"); children != j.end()) {
        if (!children->is_array()) return fail("form.item", "item '" + item.link_id + "': 'item' must be a list");
        if (depth >= kMaxDepth) return fail("form.item", "item '" + item.link_id + "' is nested more than 32 levels deep");
        for (const json& c : *children) {
            ++depth;
            auto child = parse(c);
            --depth;
            if (!child) return child.error();
            item.items.push_back(std::move(*child));
        }
    }
    // FHIR que-1. The response has no place for answers under a display item, so they would be
    // asked and then lost (found by fuzz_questionnaire).
    if (item.fhir_type == "display" && !item.items.empty())
        return fail("form.item", "display item '" + item.link_id + "' has nested items, which FHIR does not allow");
    return item;
}

} // namespace selfdirect::core
