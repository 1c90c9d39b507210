// Replaces global operator new/delete in the selfdirect executable so that every C++ heap block is
// wiped when it is freed. A kiosk must forget the last person in memory too: their answers pass
// through std::string, nlohmann::json and std::map on the way to the vault, and glibc's free() leaves
// those bytes in place until the block happens to be reused. Wiping costs one memset per free, which
// is nothing next to drawing a frame. Only the executable gets this (not the libraries' tests), so a
// test can still observe the difference (tests/e2e idle test, docs/security.md "memory").
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <new>

namespace {

void wipe_and_free(void* p) noexcept {
    if (p == nullptr) return;
    // explicit_bzero cannot be optimised away, unlike a memset of memory about to be freed.
    explicit_bzero(p, malloc_usable_size(p));
    std::free(p);
}

void* allocate(std::size_t size) {
    if (size == 0) size = 1;
    for (;;) {
        if (void* p = std::malloc(size)) return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}

void* allocate_aligned(std::size_t size, std::align_val_t align) {
    if (size == 0) size = 1;
    std::size_t a = static_cast<std::size_t>(align);
    if (a < sizeof(void*)) a = sizeof(void*);
    void* p = nullptr;
    if (posix_memalign(&p, a, size) != 0) throw std::bad_alloc();
    return p;
}

} // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try { return allocate(size); } catch (...) { return nullptr; }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try { return allocate(size); } catch (...) { return nullptr; }
}
void* operator new(std::size_t size, std::align_val_t align) { return allocate_aligned(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return allocate_aligned(size, align); }

void operator delete(void* p) noexcept { wipe_and_free(p); }
void operator delete[](void* p) noexcept { wipe_and_free(p); }
void operator delete(void* p, std::size_t) noexcept { wipe_and_free(p); }
void operator delete[](void* p, std::size_t) noexcept { wipe_and_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { wipe_and_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { wipe_and_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { wipe_and_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { wipe_and_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { wipe_and_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { wipe_and_free(p); }
