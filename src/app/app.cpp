// Wiring and the event-driven loop of the kiosk/tablet app.
//
// [SECTION] Start-up: profile, form, vault, window
// [SECTION] The loop: wait for an event or timer, draw a few frames, sleep again
// [SECTION] Kiosk wipe: destroy and recreate the ImGui context (its buffers held the last person's text)
#include "app/app.h"

#include "app/glyph_set.h"

#include "app/journey.h"
#include "app/kiosk_flow.h"
#include "app/read_aloud.h"
#include "app/result_explainer.h"
#include "app/script_runner.h"
#include "app/shown_summary.h"
#include "app/service_standards.h"
#include "app/shutdown_order.h"
#include "app/sync_status_text.h"
#include "app/sync_worker.h"
#include "app/task_queue.h"
#include "app/vault_bridge.h"
#include "core/assessment.h"
#include "core/assessment_summary.h"
#include "core/catalogue.h"
#include "core/wiped_text.h"
#include "core/questionnaire_parser.h"
#include "ui/platform/backend.h"
#include "ui/platform/frame_pacer.h"
#include "ui/root_view.h"
#include "ui/theme.h"
#include "vault/asset_file.h"
#include "vault/device_profile.h"
#include "vault/device_vault.h"
#include "vault/memory_hygiene.h"
#include "vault/po_catalogue.h"

#include <imgui.h>

#include <malloc.h>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <future>
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

// Dear ImGui allocates with malloc, not operator new: its text-edit buffers, draw lists and ID stack
// hold copies of what a resident typed. Wipe every block it frees, so destroying the context at the
// kiosk wipe really forgets them (see main_zeroing_new_delete.cpp for the C++ heap).
void* imgui_alloc(std::size_t size, void*) { return std::malloc(size); }
void imgui_free(void* p, void*) {
    if (p == nullptr) return;
    explicit_bzero(p, malloc_usable_size(p));
    std::free(p);
}

// A fresh ImGui context with the kiosk theme, bound to the window.
void create_ui_context(ui::platform::Backend& backend, ui::UiState& st, const AppOptions& o, const ImWchar* glyphs) {
    ImGui::SetAllocatorFunctions(&imgui_alloc, &imgui_free, nullptr);
    ImGui::CreateContext();
    if (!ui::apply_theme(st, o.font.string(), st.high_contrast, glyphs))
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
    // NFC before anything reads it, so a question typed with a combining accent compares, wraps and
    // renders like one typed precomposed (form text, RAS titles and outcome names alike).
    out.text = core::nfc(*text);
    auto form = core::parse_questionnaire(out.text, form_path.string());
    if (!form) return form.error();
    out.form = std::move(*form);
    if (ras_path.empty()) return out;
    auto ras = vault::read_asset_file(ras_path);
    if (!ras) return ras.error();
    *ras = core::nfc(*ras);
    auto table = core::parse_ras_table(*ras, ras_path.string());
    if (!table) return table.error();
    std::optional<std::string> outcomes;
    std::filesystem::path outcomes_path;
    if (!table->outcome_map.empty()) {
        outcomes_path = table->outcome_map;
        if (outcomes_path.is_relative()) outcomes_path = ras_path.parent_path() / outcomes_path;
        auto map = vault::read_asset_file(outcomes_path);
        if (!map) return map.error();
        outcomes = core::nfc(*map);
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
    t.service_standards = [standards = ServiceStandards{p.council_name, p.contact_within_working_days,
                                                        p.support_plan_within_weeks, p.council_phone}](
                              const core::Catalogue& c, ContactChoice contact) {
        return service_standard_lines(c, standards, contact);
    };
    return t;
}

// The UI catalogues and the attract page's language choices.
struct Languages {
    std::vector<ui::LanguageChoice> choices;
    std::map<std::string, core::Catalogue, std::less<>> catalogues;
};

// Loads every .po in --i18n-dir, or else in the forms' sibling directory (assets/forms/X.json ->
// assets/i18n: how run-demo.sh and the e2e tests find the checkout's catalogues without a flag).
// A broken catalogue stops the app with its file and line, like a bad profile: a kiosk must not
// show half a language. A default directory that does not exist leaves English only.
Result<Languages> load_languages(const AppOptions& o) {
    Languages out;
    out.choices.push_back({"en", "English"});
    std::filesystem::path dir = o.i18n_dir;
    if (dir.empty()) {
        dir = o.form.parent_path() / ".." / "i18n";
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            std::fprintf(stderr, "selfdirect: no catalogues in %s (use --i18n-dir): English only\n", dir.c_str());
            dir.clear();
        }
    }
    if (!dir.empty()) {
        auto tags = vault::list_languages(dir);
        if (!tags) return tags.error();
        for (const std::string& tag : *tags) {
            auto catalogue = vault::load_po_catalogue(dir / (tag + ".po"), tag);
            if (!catalogue) return catalogue.error();
            // TRANSLATORS: not the English word: the name of this catalogue's own language, written
            // in that language ("Cymraeg", "Polski"), so that people can find theirs on the first page.
            std::string name(catalogue->trc("language name", "English"));
            out.choices.push_back({tag, name == "English" ? tag : name});
            out.catalogues.emplace(tag, std::move(*catalogue));
        }
    }
    // The pseudo-locale is for tests and screenshots: offered only when asked for by --language.
    if (o.language == "en-x-pseudo")
        out.choices.push_back({"en-x-pseudo", std::string(core::Catalogue::pseudo().trc("language name", "English"))});
    bool known = false;
    for (const auto& l : out.choices) known = known || l.tag == o.language;
    if (!known) {
        std::string have;
        for (const auto& l : out.choices) have += (have.empty() ? "" : ", ") + l.tag;
        return make_error("i18n.unknown_language", "--language " + o.language + ": no such catalogue (have: " + have + ")");
    }
    return out;
}

// Everything the kiosk shows, read and checked before the first frame: the forms with the rules
// that explain their budgets, the UI catalogues, and the characters all of these use, which are
// exactly the glyphs the font atlas needs.
struct Content {
    LoadedForm resident;
    std::optional<LoadedForm> carer;
    Languages languages;
    GlyphSet glyphs;
};

Result<Content> load_content(const AppOptions& o, const std::string& council_name) {
    Content c;
    auto resident = load_form(o.form, o.ras);
    if (!resident) return resident.error();
    c.resident = std::move(*resident);
    if (!o.carer_form.empty()) {
        auto carer = load_form(o.carer_form, o.carer_ras);
        if (!carer) return carer.error();
        c.carer = std::move(*carer);
    }
    auto languages = load_languages(o);
    if (!languages) return languages.error();
    c.languages = std::move(*languages);
    c.glyphs.add_json_strings(c.resident.text);
    if (c.carer) c.glyphs.add_json_strings(c.carer->text);
    for (const auto& [tag, catalogue] : c.languages.catalogues)
        for (std::string_view text : catalogue.translations()) c.glyphs.add_text(text);
    for (const auto& choice : c.languages.choices) c.glyphs.add_text(choice.label);
    if (o.language == "en-x-pseudo") c.glyphs.add_text(core::pseudo_localise("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    c.glyphs.add_text(council_name);
    return c;
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

    // [SECTION] Start-up: profile; forms and catalogues (on a worker) while the window opens; vault
    auto profile = vault::load_device_profile(o.profile);
    if (!profile) return fail_config(profile.error().message);

    // The forms, catalogues and glyph set are read on a worker while this thread opens the window:
    // creating a GL context (Mesa's shader compiler on a kiosk without a GPU) is the slowest part
    // of start-up, and the two do not depend on each other.
    auto content_loading = std::async(std::launch::async, [&o, council = profile->council_name] {
        return load_content(o, council);
    });

    std::unique_ptr<ScriptRunner> script;
    if (!o.script.empty()) {
        auto text = vault::read_asset_file(o.script);
        if (!text) return fail_config(text.error().message);
        auto loaded = ScriptRunner::parse(*text, o.script.string(), o.screenshot_dir);
        if (!loaded) return fail_config(loaded.error().message);
        script = std::move(*loaded);
    }

    auto backend = o.null_backend ? ui::platform::make_null_backend() : ui::platform::make_glfw_backend();
    ui::platform::WindowOptions window;
    window.width = o.width;
    window.height = o.height;
    window.fullscreen = !o.windowed && profile->mode == vault::DeviceMode::Kiosk;
    std::string window_error;
    const bool window_ok = backend->init(window, window_error);
    // A broken form or catalogue is named before a missing display: it is what needs fixing.
    auto loaded_content = content_loading.get();
    if (!loaded_content) {
        if (window_ok) backend->shutdown();
        return fail_config(loaded_content.error().message);
    }
    if (!window_ok) return fail_config(window_error);
    // Only now, with every input known good, does the device store get opened (and created).
    auto vault = vault::DeviceVault::open(profile->data_dir, profile->device_id);
    if (!vault) {
        backend->shutdown();
        return fail_config("cannot open the device store in " + profile->data_dir.string() + ": " + vault.error().message);
    }
    Content& content = *loaded_content;

    ui::UiState ui_state;
    ui_state.scale = static_cast<float>(profile->text_scale);
    create_ui_context(*backend, ui_state, o, content.glyphs.ranges());

    MainThreadQueue ui_queue;
    ui::platform::Backend* backend_ptr = backend.get();
    ExplainOptions explain_options;
    explain_options.council_name = profile->council_name;
    explain_options.safeguarding_phone = profile->safeguarding_phone;
    explain_options.advice_line = profile->council_phone;
    explain_options.advice_website = profile->advice_website;
    explain_options.young_carers_contact = profile->young_carers_contact;
    explain_options.show_budget = profile->show_budget == vault::ShowBudget::Always  ? ShowBudget::Always
                                : profile->show_budget == vault::ShowBudget::Never ? ShowBudget::Never
                                                                                   : ShowBudget::WhenIndicated;
    std::vector<const LoadedForm*> loaded_forms{&content.resident};
    if (content.carer) loaded_forms.push_back(&*content.carer);
    // The one assessment of a submission: the result page is drawn from it, and its summary (what
    // the page showed) is what the record carries and what sets its safeguarding priority.
    ResultExplainer explain = [loaded_forms, explain_options](const core::Questionnaire& form, const core::Answers& answers,
                                                              const core::Catalogue& catalogue) -> std::optional<ExplainedResult> {
        for (const LoadedForm* f : loaded_forms) {
            if (&*f->form != &form || !f->rules) continue;
            ExplainOptions in_language = explain_options;
            in_language.tr = [&catalogue](std::string_view s) { return std::string(catalogue.tr(s)); };
            const core::AssessmentResult assessed = core::assess(form, *f->rules, answers);
            ExplainedResult out(explain_result(form, assessed, in_language));
            out.summary = core::summarise_assessment(assessed, summary_context(form, out.view));
            return out;
        }
        return std::nullopt;
    };
    KioskTexts texts = kiosk_texts(*profile);
    texts.languages = std::move(content.languages.choices);
    texts.catalogues = std::move(content.languages.catalogues);
    KioskFlow flow(*content.resident.form, content.carer ? &*content.carer->form : nullptr, explain, std::move(texts),
                   profile->mode == vault::DeviceMode::Kiosk);
    ui::SettingsView start_settings;
    start_settings.language = o.language;
    start_settings.text_percent = o.text_percent;
    flow.set_start_settings(start_settings);
    flow.set_export_available(!profile->sync_export_dir.empty());
    // Started the first time someone turns read-aloud on: most visits never need the speech engine.
    std::unique_ptr<ReadAloud> speech;
    // Residents never see sync: on a kiosk its reports go to the log and, only while the staff page
    // shows, to that page. A tablet (a worker's device) shows a status line in its header.
    // Protocol v2 (docs/sync-protocol.md): enrols with sync.enrolment_code on first use, trusts only
    // receipts signed by the pinned sync.receipt_key. SyncWorker::latest() and progress() feed the
    // staff view and the tablet header.
    const bool tablet = profile->mode == vault::DeviceMode::Tablet;
    // Set by the UI thread while sync is on screen (a tablet, or the staff page): only then does the
    // worker's news wake the loop, so a kiosk showing a resident's page is never woken by sync.
    std::atomic<bool> sync_visible{tablet};
    // Set by the worker just before it wakes the loop: that wake is not a person's input, so it
    // draws the new status but does not postpone the idle warning.
    std::atomic<bool> sync_news{false};
    sync::ClientConfig sync_config;
    sync_config.base_url = profile->sync_url;
    sync_config.receipt_key = profile->sync_receipt_key;
    sync_config.enrolment_code = profile->sync_enrolment_code;
    sync_config.retention_days = profile->sync_retention_days;
    sync_config.ca_file = profile->sync_ca_file;
    // Held by pointer so that they stop before the window does (stop_workers_then_window below).
    auto sync = std::make_unique<SyncWorker>(
        **vault, std::move(sync_config), std::chrono::seconds(30),
        [](const sync::UploadReport& r) {
            if (r.pending == 0 && !r.last_error && r.purged == 0 && !r.enrolled_now) return;
            std::fprintf(stderr, "selfdirect: sync: %s\n", describe(r).c_str());
        },
        sync::ClientHooks{},
        [&sync_visible, &sync_news, backend_ptr] {
            if (!sync_visible.load()) return;
            sync_news.store(true);
            backend_ptr->wake();
        });
    std::vector<const core::Questionnaire*> forms{&*content.resident.form};
    if (content.carer) forms.push_back(&*content.carer->form);
    SyncWorker* sync_ptr = sync.get();
    auto bridge = std::make_unique<VaultBridge>(**vault, forms, profile->council_keys, ui_queue,
                                                VaultBridge::Hooks{[backend_ptr] { backend_ptr->wake(); },
                                                                   [sync_ptr] { sync_ptr->trigger(); }});

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
        if (command) bridge->execute(std::move(*command), flow);
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
            // A wake from the sync worker is not a person: it must not hold off the idle warning.
            // (Input that lands in the same wait is counted by its actions, or the next event.)
            if (!sync_news.exchange(false)) last_input = monotonic_seconds();
        }
        if (ui_queue.drain() > 0) pacer.on_event();

        if (script) {
            const ImVec2 display = ImGui::GetIO().DisplaySize;
            ScriptRunner::Probe probe{registry, backend->input(), stats.frames_drawn, flow.busy(), display.x, display.y};
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
            {
                // Move out and destroy, rather than assign: assigning an empty string keeps the old
                // buffer (and the last person's typing in it); destroying frees it, and freeing wipes.
                ui::UiState old = std::move(ui_state);
                ui_state = ui::UiState{};
            }
            ui_state.scale = scale;
            ui_state.high_contrast = contrast;
            create_ui_context(*backend, ui_state, o, content.glyphs.ranges());
            rebuild_context = false;
        }

        backend->new_frame();
        // The backend has copied the atlas to the GPU: the CPU copies (alpha and RGBA) are
        // megabytes that are never read again until the next rebuild makes new ones.
        // Start-up (forms parsed twice, catalogues, the atlas) leaves freed heap pages behind;
        // hand them back to the system rather than keep them for a peak that does not recur.
        if (ImGuiIO& io = ImGui::GetIO(); io.Fonts->TexPixelsAlpha8 || io.Fonts->TexPixelsRGBA32) {
            io.Fonts->ClearTexData();
            malloc_trim(0);
        }
        ImGui::NewFrame();
        registry.begin_frame();
        ui::ActionSink actions;
        // The staff page shows the worker's latest report (taken as the frame is drawn: a tap refreshes
        // it); no other page reads it, so no other frame pays for the copy.
        if (flow.showing_staff_status())
            if (auto report = sync->latest()) flow.set_sync_status(staff_sync_status(*report));
        // The live part (a pass in flight, the tablet header) is read only where it is shown.
        SyncSnapshot sync_now;
        if (tablet || flow.showing_staff_status()) {
            sync_now.report = sync->latest();
            sync_now.progress = sync->progress();
            sync_now.today_local = local_date_time(std::time(nullptr)).date;
        }
        if (flow.take_export_request()) {
            sync->request_export(profile->sync_export_dir, [&ui_queue, &flow, backend_ptr](const Result<sync::bundle::ExportResult>& r) {
                const bool ok = r.ok();
                const int n = ok ? static_cast<int>(r->envelopes) : 0;
                const std::string where = ok ? r->dir.string() : std::string();
                const std::string code = ok ? std::string() : r.error().code;
                ui_queue.post([&flow, ok, n, where, code] { flow.on_exported(ok, n, where, code); });
                backend_ptr->wake();
            });
        }
        ui::AppView view = flow.view();
        show_sync_status(view, sync_now, tablet, flow.catalogue());
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
        // Wiped, not assigned "": assignment would keep the old page (a resume code) in the buffer.
        if (!view.settings.read_aloud || view.spoken != last_spoken) core::wipe(last_spoken);
        if (view.settings.read_aloud) last_spoken = view.spoken;

        for (const ui::Action& a : actions) {
            if (a.kind == ui::Action::Kind::ReadPageAloud && speech) speech->say(view.spoken);
            run_command(flow.apply(a));
        }
        if (!actions.empty()) pacer.on_event(), last_input = monotonic_seconds();
        sync_visible.store(tablet || flow.showing_staff_status());
    }
    sync_visible.store(false); // sync news no longer wakes the loop

    const int exit_code = script ? script->exit_code() : 0;
    write_stats(o.stats_file, stats);
    destroy_ui_context(*backend);
    // The workers stop before the window: their last results still wake a live backend. What they
    // post now is never drained (the flow is about to go), but nothing in it is lost: every answer
    // was made durable by the vault worker before its result was posted.
    stop_workers_then_window(bridge, sync, *backend);
    return exit_code;
}

} // namespace selfdirect::app
