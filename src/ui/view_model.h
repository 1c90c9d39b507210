// What the screens read (view-models) and what they emit (actions). The app owns every piece of
// state and builds a fresh view-model each frame; screens never hold answers of their own beyond
// the text a person is typing right now (UiState), and never touch SQL, keys or the network.
#pragma once

#include "core/questionnaire.h"

#include <string>
#include <vector>

namespace selfdirect::ui {

enum class Screen { Question, Check, Receipt };

struct QuestionView {
    std::string link_id;
    std::string progress;              // "Question 2 of 3"
    std::string text;
    core::ItemType type = core::ItemType::String;
    std::vector<std::string> options;  // choice labels, in order
    int selected_option = -1;          // choice: index into options
    int bool_value = -1;               // boolean: -1 unanswered, 0 no, 1 yes
    std::string initial_text;          // string/text: the saved answer, if any
    bool can_go_back = false;
    bool returning_to_check = false;   // the person came here from "Check your answers"
};

struct CheckRow {
    std::string link_id;
    std::string question;
    std::string answer;                // "" when not answered
};

struct CheckView {
    std::vector<CheckRow> rows;
};

struct ReceiptView {
    std::string reference;
};

struct AppView {
    Screen screen = Screen::Question;
    std::string form_title;
    QuestionView question;
    CheckView check;
    ReceiptView receipt;
    bool busy = false;                 // saving or submitting: buttons wait
    std::string error;                 // a message for the person, already in plain words
};

struct Action {
    enum class Kind { ChooseOption, ChooseBool, Next, Back, ChangeAnswer, Submit, FinishAndClear };
    Kind kind = Kind::Next;
    int index = -1;          // ChooseOption
    bool flag = false;       // ChooseBool
    std::string text;        // Next on a text question: what was typed
    std::string link_id;     // ChangeAnswer

    static Action of(Kind k) { Action a; a.kind = k; return a; }
    static Action choose_option(int i) { Action a; a.kind = Kind::ChooseOption; a.index = i; return a; }
    static Action choose_bool(bool v) { Action a; a.kind = Kind::ChooseBool; a.flag = v; return a; }
    static Action next(std::string typed) { Action a; a.kind = Kind::Next; a.text = std::move(typed); return a; }
    static Action change(std::string id) { Action a; a.kind = Kind::ChangeAnswer; a.link_id = std::move(id); return a; }
};

using ActionSink = std::vector<Action>;

} // namespace selfdirect::ui
