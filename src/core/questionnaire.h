// The in-memory model of a FHIR R4 Questionnaire (the SDC subset in docs/configuration.md): what the
// form engine, the scorer and the screens read. Immutable once parsed. Items of a kind the engine
// cannot handle stay in the tree as ItemType::Unsupported (so a calculated total or an enableWhen
// target keeps its place) and are listed with a reason in Questionnaire::unsupported.
#pragma once

#include "core/answer_value.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::core {

enum class ItemType {
    Group, Display, Boolean, Decimal, Integer, Date, DateTime, Time, String, Text, Choice, OpenChoice,
    Unsupported, // see Item::fhir_type and Questionnaire::unsupported
};

// Language tag -> text, from the FHIR `translation` extension ("en-x-easyread" -> "...").
using Translations = std::map<std::string, std::string>;

struct AnswerOption {
    std::string system;   // empty for valueString / valueInteger / valueDate options
    std::string code;     // the code, or the option's value as text
    std::string display;
    std::optional<double> score; // ordinalValue / itemWeight, on the option, its Coding or the ValueSet concept
    AnswerValue value;           // what an answer choosing this option carries (Coding, string, integer, Date, Time)
    bool initial_selected = false;
    Translations display_translations;
};

enum class EnableOperator { Exists, Equal, NotEqual, Greater, Less, GreaterOrEqual, LessOrEqual };
enum class EnableBehavior { All, Any };

struct EnableWhen {
    std::string question;  // linkId of the item whose answers are tested
    EnableOperator op = EnableOperator::Exists;
    AnswerValue answer;    // bool for Exists
};

// An SDC Expression: kept as text for the FHIRPath engine (src/core/fhirpath*), never run here.
struct Expression {
    std::string name;       // variables only
    std::string language;   // "text/fhirpath"
    std::string expression;
};

struct Item {
    std::string link_id;
    std::string text;
    Translations text_translations;
    ItemType type = ItemType::Display;
    std::string fhir_type;  // the type as written ("attachment" for an unsupported one)
    bool required = false;
    bool repeats = false;
    bool read_only = false;
    bool hidden = false;                  // questionnaire-hidden
    std::optional<int> max_length;
    std::vector<AnswerOption> options;    // answerOption, or the concepts of a contained answerValueSet
    std::string answer_value_set;         // "#id" when the options came from a contained ValueSet
    std::vector<AnswerValue> initial;
    std::vector<EnableWhen> enable_when;
    EnableBehavior enable_behavior = EnableBehavior::All;
    std::optional<AnswerValue> min_value; // minValue / maxValue extensions (integer, decimal, date, dateTime, time)
    std::optional<AnswerValue> max_value;
    std::string item_control;             // questionnaire-itemControl code ("drop-down", "radio-button", ...)
    std::string entry_format;             // entryFormat hint ("yyyy/MM/dd")
    std::optional<Coding> unit;           // questionnaire-unit
    std::optional<Expression> calculated_expression; // sdc-questionnaire-calculatedExpression
    std::vector<Expression> variables;               // variable extensions on this item
    std::vector<Item> items;              // children (groups, and questions with nested questions)
};

struct UnsupportedItem {
    std::string link_id;
    std::string reason;
    bool operator==(const UnsupportedItem&) const = default;
};

struct Questionnaire {
    std::string id;       // resource id, e.g. "SKEL-1"
    std::string url;
    std::string version;
    std::string title;
    Translations title_translations;
    std::vector<Expression> variables;       // variable extensions on the Questionnaire itself
    std::vector<Item> items;
    std::vector<UnsupportedItem> unsupported; // document order
};

// Items a person answers, in document order, depth first (groups, display and unsupported excluded).
std::vector<const Item*> answerable_items(const Questionnaire& q);
const Item* find_item(const Questionnaire& q, const std::string& link_id);

// Group, display and unsupported items take no answer.
bool takes_answers(const Item& item);

// The option an answer value picks, or nullptr. A Coding matches by system and code; a Coding with
// no system matches an option with the same code (published responses often omit the system).
const AnswerOption* find_option(const Item& item, const AnswerValue& value);

const char* item_type_name(ItemType type);
const char* enable_operator_name(EnableOperator op);

} // namespace selfdirect::core
