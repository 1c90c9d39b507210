// Wiring and the event-driven loop of the kiosk/tablet app.
//
// [SECTION] Start-up: profile, form, vault, window
// [SECTION] The loop: wait for an event or timer, draw a few frames, sleep again
// [SECTION] Kiosk wipe: destroy and recreate the ImGui context (its buffers held the last person's text)
#include "app/app.h"

#include "app/journey.h"
#include "app/script_runner.h"
#include "app/sync_worker.h"
#include "app/task_queue.h"
#include "app/vault_bridge.h"
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

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

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
    if (!ui::apply_theme(st, o.font.string()))
        std::fprintf(stderr, "selfdirect: font %s not found; using the built-in font\n", o.font.c_str());
    backend.attach_imgui();
}

void destroy_ui_context(ui::platform::Backend& backend) {
    backend.detach_imgui();
    ImGui::DestroyContext();
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

    auto form_text = vault::read_asset_file(o.form);
    if (!form_text) return fail_config(form_text.error().message);
    auto form = core::parse_questionnaire(*form_text, o.form.string());
    if (!form) return fail_config(form.error().message);

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
    Journey journey(*form);
    // Residents never see sync: its reports go to the log only and do not wake the screen.
    SyncWorker sync(**vault, profile->sync_url, std::chrono::seconds(30), [](const sync::UploadReport& r) {
        if (r.pending == 0 && r.last_error.empty()) return;
        std::fprintf(stderr, "selfdirect: sync: %d pending, %d acknowledged, %d failed%s%s\n", r.pending, r.acknowledged,
                     r.failed, r.last_error.empty() ? "" : ": ", r.last_error.c_str());
    });
    VaultBridge bridge(**vault, *form, profile->council_keys, ui_queue,
                       {[backend_ptr] { backend_ptr->wake(); }, [&sync] { sync.trigger(); }});

    // [SECTION] The loop: wait for an event or timer, draw a few frames, sleep again
    ui::platform::FramePacer pacer;
    ui::WidgetRegistry registry;
    Stats stats;
    bool wipe_requested = false;
    std::filesystem::path screenshot_to;

    while (!backend->should_close()) {
        if (script && script->done()) break;
        const double now = monotonic_seconds();
        // A script's deadlines only wake the loop to run the script; they draw nothing by themselves,
        // so "expect-idle" measures the app, not the test.
        std::optional<double> script_timer = script ? script->next_deadline() : std::nullopt;
        if (backend->wait_events(pacer.wait_timeout(now, script_timer))) pacer.on_event();
        if (ui_queue.drain() > 0) pacer.on_event();

        if (script) {
            ScriptRunner::Probe probe{registry, backend->input(), stats.frames_drawn, journey.busy()};
            script->tick(monotonic_seconds(), probe);
            if (auto shot = script->take_screenshot_request()) screenshot_to = *shot, pacer.on_event();
            if (script->wants_frame()) pacer.on_event();
        }
        if (!pacer.should_draw()) continue;

        // [SECTION] Kiosk wipe
        if (wipe_requested) {
            destroy_ui_context(*backend);
            ui_state = ui::UiState{};
            ui_state.scale = static_cast<float>(profile->text_scale);
            create_ui_context(*backend, ui_state, o);
            wipe_requested = false;
        }

        backend->new_frame();
        ImGui::NewFrame();
        registry.begin_frame();
        ui::ActionSink actions;
        ui::draw_root(journey.view(), ui_state, actions, registry);
        ImGui::Render();
        registry.end_frame();
        backend->render(1.0f, 1.0f, 1.0f);
        if (!screenshot_to.empty()) {
            if (!backend->capture_png(screenshot_to)) std::fprintf(stderr, "selfdirect: screenshot %s failed\n", screenshot_to.c_str());
            screenshot_to.clear();
        }
        backend->present();
        ++stats.frames_drawn;
        if (stats.first_frame_seconds < 0) stats.first_frame_seconds = monotonic_seconds() - t0;
        pacer.frame_drawn();

        for (const ui::Action& a : actions) {
            if (a.kind == ui::Action::Kind::FinishAndClear) wipe_requested = true;
            if (auto command = journey.apply(a)) bridge.execute(std::move(*command), journey);
        }
        if (!actions.empty()) pacer.on_event();
    }

    const int exit_code = script ? script->exit_code() : 0;
    write_stats(o.stats_file, stats);
    destroy_ui_context(*backend);
    backend->shutdown();
    return exit_code;
}

} // namespace selfdirect::app
