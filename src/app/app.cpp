// Wiring and the event-driven loop of the kiosk/tablet app.
//
// [SECTION] Start-up: profile, form, vault, window
// [SECTION] The loop: wait for an event or timer, draw a few frames, sleep again
// [SECTION] Kiosk wipe: destroy and recreate the ImGui context (its buffers held the last person's text)
#include "app/app.h"

#include "app/journey.h"
#include "app/kiosk_flow.h"
#include "app/read_aloud.h"
#include "app/result_explainer.h"
#include "app/script_runner.h"
#include "app/sync_worker.h"
#include "app/task_queue.h"
#include "app/vault_bridge.h"
#include "core/assessment.h"
#include "core/questionnaire_parser.h"
#include "ui/platform/backend.h"
#include "ui/platform/frame_pacer.h"
#include "ui/root_view.h"
#include "ui/theme.h"
#include "vault/asset_file.h"
#include "vault/device_profile.h"
#include "vault/device_vault.h"
#include "vault/memory_hygiene.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

namespace selfdirect::app {
namespace {

double monotonic_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

int fail_config(const std::string& message) {
    std::fprintf(stderr, "selfdirect: %s\n", message.c_str());
    return 2;
}

// A fresh ImGui context with the kiosk theme, bound to the window.
void create_ui_context(ui::platform::Backend& backend, ui::UiState& st, const AppOptions& o) {
    ImGui::CreateContext();
    if (!ui::apply_theme(st, o.font.string(), st.high_contrast))
        std::fprintf(stderr, "selfdirect: font %s not found; using the built-in font\n", o.font.c_str());
    backend.attach_imgui();
}

void destroy_ui_context(ui::platform::Backend& backend) {
    backend.detach_imgui();
    ImGui::DestroyContext();
}

// A form and, when it has one, the rules that explain its indicative budget.
struct LoadedForm {
    std::string text;
    std::optional<core::Questionnaire> form;
    std::optional<core::AssessmentRules> rules;
};

// Reads and checks a form and its RAS table (and the outcome map the table names). Any problem is a
// configuration error: a kiosk must not show a budget worked out from a table that does not fit.
Result<LoadedForm> load_form(const std::filesystem::path& form_path, const std::filesystem::path& ras_path) {
    LoadedForm out;
    auto text = vault::read_asset_file(form_path);
    if (!text) return text.error();
    out.text = std::move(*text);
    auto form = core::parse_questionnaire(out.text, form_path.string());
    if (!form) return form.error();
    out.form = std::move(*form);
    if (ras_path.empty()) return out;
    auto ras = vault::read_asset_file(ras_path);
    if (!ras) return ras.error();
    auto table = core::parse_ras_table(*ras, ras_path.string());
    if (!table) return table.error();
    std::optional<std::string> outcomes;
    std::filesystem::path outcomes_path;
    if (!table->outcome_map.empty()) {
        outcomes_path = table->outcome_map;
        if (outcomes_path.is_relative()) outcomes_path = ras_path.parent_path() / outcomes_path;
        auto map = vault::read_asset_file(outcomes_path);
        if (!map) return map.error();
        outcomes = std::move(*map);
    }
    const std::string form_name = form_path.string(), ras_name = ras_path.string(), map_name = outcomes_path.string();
    auto rules = core::load_assessment_rules(out.text, *out.form, *ras,
                                             outcomes ? std::optional<std::string_view>(*outcomes) : std::nullopt,
                                             core::AssessmentSources{form_name, ras_name, map_name});
    if (!rules) return rules.error();
    out.rules = std::move(*rules);
    return out;
}

KioskTexts kiosk_texts(const vault::DeviceProfile& p) {
    KioskTexts t;
    t.council_name = p.council_name;
    t.service_standards.push_back("A worker from " + p.council_name + " will contact you within " +
                                  std::to_string(p.contact_within_working_days) + " working days.");
    t.service_standards.push_back("We aim to agree your support plan with you within " +
                                  std::to_string(p.support_plan_within_weeks) + " weeks.");
    if (!p.council_phone.empty())
        t.service_standards.push_back("If you have a question, call " + p.council_phone + " and give your reference.");
    return t;
}

struct Stats {
    long frames_drawn = 0;
    double first_frame_seconds = -1; // from start of run_app to the first presented frame
};

void write_stats(const std::filesystem::path& path, const Stats& s) {
    if (path.empty()) return;
    std::ofstream out(path);
    out << "{\"frames_drawn\":" << s.frames_drawn << ",\"first_frame_seconds\":" << s.first_frame_seconds << "}\n";
}

} // namespace

int run_app(const AppOptions& o) {
    const double t0 = monotonic_seconds();
    // Before any answer or key exists: no core dumps (a crash must not write answers to disk) and
    // no ptrace/proc-mem access by other processes. A failure is reported, not fatal: the service
    // unit also sets LimitCORE=0.
    if (auto hardened = vault::harden_process(); !hardened) {
        std::fprintf(stderr, "selfdirect: warning: %s\n", hardened.error().message.c_str());
    }

    // [SECTION] Start-up: profile, form, vault, window
    auto profile = vault::load_device_profile(o.profile);
    if (!profile) return fail_config(profile.error().message);

    auto resident = load_form(o.form, o.ras);
    if (!resident) return fail_config(resident.error().message);
    std::optional<LoadedForm> carer;
    if (!o.carer_form.empty()) {
        auto loaded = load_form(o.carer_form, o.carer_ras);
        if (!loaded) return fail_config(loaded.error().message);
        carer = std::move(*loaded);
    }

    std::unique_ptr<ScriptRunner> script;
    if (!o.script.empty()) {
        auto text = vault::read_asset_file(o.script);
        if (!text) return fail_config(text.error().message);
        auto loaded = ScriptRunner::parse(*text, o.script.string(), o.screenshot_dir);
        if (!loaded) return fail_config(loaded.error().message);
        script = std::move(*loaded);
    }

    auto vault = vault::DeviceVault::open(profile->data_dir, profile->device_id);
    if (!vault) return fail_config("cannot open the device store in " + profile->data_dir.string() + ": " + vault.error().message);

    auto backend = o.null_backend ? ui::platform::make_null_backend() : ui::platform::make_glfw_backend();
    ui::platform::WindowOptions window;
    window.width = o.width;
    window.height = o.height;
    window.fullscreen = !o.windowed && profile->mode == vault::DeviceMode::Kiosk;
    std::string window_error;
    if (!backend->init(window, window_error)) return fail_config(window_error);

    ui::UiState ui_state;
    ui_state.scale = static_cast<float>(profile->text_scale);
    create_ui_context(*backend, ui_state, o);

    MainThreadQueue ui_queue;
    ui::platform::Backend* backend_ptr = backend.get();
    ExplainOptions explain_options;
    explain_options.council_name = profile->council_name;
    explain_options.safeguarding_phone = profile->safeguarding_phone;
    explain_options.advice_line = profile->council_phone;
    std::vector<const LoadedForm*> loaded_forms{&*resident};
    if (carer) loaded_forms.push_back(&*carer);
    ResultExplainer explain = [loaded_forms, explain_options](const core::Questionnaire& form, const core::Answers& answers)
        -> std::optional<ui::ResultView> {
        for (const LoadedForm* f : loaded_forms) {
            if (&*f->form != &form || !f->rules) continue;
            return explain_result(form, core::assess(form, *f->rules, answers), explain_options);
        }
        return std::nullopt;
    };
    KioskFlow flow(*resident->form, carer ? &*carer->form : nullptr, explain, kiosk_texts(*profile),
                   profile->mode == vault::DeviceMode::Kiosk);
    // Started the first time someone turns read-aloud on: most visits never need the speech engine.
    std::unique_ptr<ReadAloud> speech;
    // Residents never see sync: its reports go to the log only and do not wake the screen.
    SyncWorker sync(**vault, profile->sync_url, std::chrono::seconds(30), [](const sync::UploadReport& r) {
        if (r.pending == 0 && r.last_error.empty()) return;
        std::fprintf(stderr, "selfdirect: sync: %d pending, %d acknowledged, %d failed%s%s\n", r.pending, r.acknowledged,
                     r.failed, r.last_error.empty() ? "" : ": ", r.last_error.c_str());
    });
    std::vector<const core::Questionnaire*> forms{&*resident->form};
    if (carer) forms.push_back(&*carer->form);
    VaultBridge bridge(**vault, forms, profile->council_keys, ui_queue,
                       {[backend_ptr] { backend_ptr->wake(); }, [&sync] { sync.trigger(); }});

    // [SECTION] The loop: wait for an event or timer, draw a few frames, sleep again
    ui::platform::FramePacer pacer;
    ui::WidgetRegistry registry;
    Stats stats;
    bool rebuild_context = false;
    std::filesystem::path screenshot_to;
    // Idle: after idle_timeout_seconds without input the warning shows, counting down; when it
    // reaches 0 the kiosk forgets the person. Each is a timer deadline, so the loop still sleeps.
    double last_input = monotonic_seconds();
    int warning_shown_left = -1;
    std::string last_spoken;

    auto run_command = [&](std::optional<Command> command) {
        if (command) bridge.execute(std::move(*command), flow);
    };

    while (!backend->should_close()) {
        if (script && script->done()) break;
        const double now = monotonic_seconds();
        // A script's deadlines only wake the loop to run the script; they draw nothing by themselves,
        // so "expect-idle" measures the app, not the test.
        std::optional<double> timer = script ? script->next_deadline() : std::nullopt;
        if (flow.in_visit()) {
            const double warn_at = last_input + profile->idle_timeout_seconds;
            // While the warning shows, wake once a second to count down.
            const double next_idle = flow.idle_warning_showing() ? std::min(now + 1.0, warn_at + profile->idle_warning_seconds)
                                                                 : warn_at;
            timer = timer ? std::min(*timer, next_idle) : next_idle;
        }
        if (backend->wait_events(pacer.wait_timeout(now, timer))) {
            pacer.on_event();
            last_input = monotonic_seconds();
        }
        if (ui_queue.drain() > 0) pacer.on_event();

        if (script) {
            ScriptRunner::Probe probe{registry, backend->input(), stats.frames_drawn, flow.busy()};
            script->tick(monotonic_seconds(), probe);
            if (auto shot = script->take_screenshot_request()) screenshot_to = *shot, pacer.on_event();
            if (script->wants_frame()) pacer.on_event();
        }

        // [SECTION] Idle warning and wipe
        if (flow.in_visit()) {
            const double quiet = monotonic_seconds() - last_input;
            if (quiet >= profile->idle_timeout_seconds + profile->idle_warning_seconds) {
                std::fprintf(stderr, "selfdirect: idle: nobody answered the warning; clearing the screen\n");
                run_command(flow.idle_timeout());
                warning_shown_left = -1;
                pacer.on_event();
            } else if (quiet >= profile->idle_timeout_seconds) {
                const int left = static_cast<int>(profile->idle_timeout_seconds + profile->idle_warning_seconds - quiet + 0.999);
                if (left != warning_shown_left) {
                    flow.show_idle_warning(left);
                    warning_shown_left = left;
                    pacer.on_event();
                }
            } else {
                warning_shown_left = -1;
            }
        }
        if (!pacer.should_draw()) continue;

        // [SECTION] Kiosk wipe and style changes, between frames
        if (flow.take_wipe_request()) rebuild_context = true;
        if (flow.take_style_change()) {
            const auto& settings = flow.settings();
            ui_state.scale = static_cast<float>(profile->text_scale) * static_cast<float>(settings.text_percent) / 100.0f;
            ui_state.high_contrast = settings.high_contrast;
            rebuild_context = true; // fonts are rasterised at the new size into a new atlas
        }
        if (rebuild_context) {
            // The ImGui context's buffers held the last person's text: destroy it, not just hide it.
            destroy_ui_context(*backend);
            const float scale = ui_state.scale;
            const bool contrast = ui_state.high_contrast;
            const ui::UiState fresh;
            ui_state = fresh;
            ui_state.scale = scale;
            ui_state.high_contrast = contrast;
            create_ui_context(*backend, ui_state, o);
            rebuild_context = false;
        }

        backend->new_frame();
        ImGui::NewFrame();
        registry.begin_frame();
        ui::ActionSink actions;
        const ui::AppView view = flow.view();
        ui::draw_root(view, ui_state, actions, registry);
        ImGui::Render();
        registry.end_frame();
        const float bg = ui_state.high_contrast ? 0.0f : 1.0f;
        backend->render(bg, bg, bg);
        if (!screenshot_to.empty()) {
            if (!backend->capture_png(screenshot_to)) std::fprintf(stderr, "selfdirect: screenshot %s failed\n", screenshot_to.c_str());
            screenshot_to.clear();
        }
        backend->present();
        ++stats.frames_drawn;
        if (stats.first_frame_seconds < 0) stats.first_frame_seconds = monotonic_seconds() - t0;
        pacer.frame_drawn();

        // Read-aloud: each new page is spoken once, off the UI thread; "read this page" repeats it.
        if (view.settings.read_aloud && !speech) speech = std::make_unique<ReadAloud>(ReadAloud::Options{});
        if (speech) speech->set_enabled(view.settings.read_aloud);
        if (speech && view.settings.read_aloud && view.spoken != last_spoken) speech->say(view.spoken);
        last_spoken = view.settings.read_aloud ? view.spoken : std::string();

        for (const ui::Action& a : actions) {
            if (a.kind == ui::Action::Kind::ReadPageAloud && speech) speech->say(view.spoken);
            run_command(flow.apply(a));
        }
        if (!actions.empty()) pacer.on_event(), last_input = monotonic_seconds();
    }

    const int exit_code = script ? script->exit_code() : 0;
    write_stats(o.stats_file, stats);
    destroy_ui_context(*backend);
    backend->shutdown();
    return exit_code;
}

} // namespace selfdirect::app
