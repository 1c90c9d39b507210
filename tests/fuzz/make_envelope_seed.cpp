// Writes real envelopes, sealed with the fixed fuzz keys (fuzz_keys.h), as seeds for fuzz_envelope
// and fuzz_sync_request. A fuzzer starting from a valid envelope reaches the signature check and
// the decryption; one starting from nothing rarely gets past the magic. run-fuzzers.sh runs this
// on every run too, so the seeds follow the envelope format when it changes (issue 4).
//
//   make_envelope_seed DIR   -> DIR/envelope-response.bin, DIR/envelope-empty.bin
#include "fuzz_keys.h"
#include "vault/envelope.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace selfdirect;

bool write(const std::filesystem::path& path, const std::string& plaintext, std::uint32_t revision) {
    vault::EnvelopeHeader header;
    header.record_id = "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10";
    header.revision = revision;
    header.form_id = "SKEL-1";
    header.form_version = "1";
    header.device_id = "fuzz-kiosk-001";
    header.device_sign_public_key = fuzz::device_sign_public_key();
    header.council_key_ids = {fuzz::kCouncilKeyId};
    header.created_unix = 1767225600; // 2026-01-01: fixed, so the seed does not change between runs
    auto env = vault::seal_record(vault::SecureBytes::from_string(plaintext), header, fuzz::council_public_key(),
                                  fuzz::device_sign_secret_key());
    if (!env) {
        std::fprintf(stderr, "make_envelope_seed: %s\n", env.error().message.c_str());
        return false;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(env->data()), static_cast<std::streamsize>(env->size()));
    return static_cast<bool>(out);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_envelope_seed DIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    // Made-up answers only: a seed is committed to the repository.
    const std::string response =
        R"({"resourceType":"QuestionnaireResponse","id":"0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10",)"
        R"("questionnaire":"https://selfdirect.example/fhir/Questionnaire/SKEL-1|1","status":"completed",)"
        R"("item":[{"linkId":"9.1","answer":[{"valueBoolean":true}]}]})";
    const bool ok = write(dir / "envelope-response.bin", response, 1) && write(dir / "envelope-empty.bin", "", 2);
    return ok ? 0 : 1;
}
