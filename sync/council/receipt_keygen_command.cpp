// `selfdirect-council receipt-keygen --out DIR`: creates the receiver's Ed25519 receipt key
// (receipt.sk 0600, receipt.pk). Its public half is what every device profile pins as
// sync.receipt_key, so it is printed for pasting; the files are never overwritten, because a new key
// would make every device refuse the receiver's receipts.
#include "sync/council/commands.h"

#include "sync/server/receipt_key.h"

#include <ostream>

namespace selfdirect::council {

int run_receipt_keygen(const ReceiptKeygenOptions& options, std::ostream& out, std::ostream& err) {
    auto public_key = sync::write_receipt_keypair(options.out_dir);
    if (!public_key) {
        err << "selfdirect-council: cannot write the receipt key to " << options.out_dir.string() << ": "
            << public_key.error().code << ": " << public_key.error().message << "\n";
        return kExitUsage;
    }
    out << "receipt key written to " << (options.out_dir / "receipt.sk").string() << " and "
        << (options.out_dir / "receipt.pk").string() << "\n";
    out << "sync.receipt_key = \"" << vault::to_base64(public_key.value()) << "\"\n";
    return kExitOk;
}

} // namespace selfdirect::council
