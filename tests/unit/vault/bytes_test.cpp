// SecureBytes and the text encodings: the helpers every key file and header depends on.
#include "vault/bytes.h"

#include <doctest/doctest.h>

using namespace selfdirect::vault;

TEST_CASE("base64 uses the original alphabet with padding and round-trips every length") {
    CHECK(to_base64(Bytes{}) == "");
    CHECK(to_base64(Bytes{'f'}) == "Zg==");
    CHECK(to_base64(Bytes{'f', 'o'}) == "Zm8=");
    CHECK(to_base64(Bytes{'f', 'o', 'o'}) == "Zm9v");
    CHECK(to_base64(Bytes{0xfb, 0xff}) == "+/8=");
    for (std::size_t n = 0; n < 70; ++n) {
        Bytes in(n);
        for (std::size_t i = 0; i < n; ++i) in[i] = static_cast<std::uint8_t>(i * 37 + n);
        Bytes out{1, 2, 3};
        REQUIRE(from_base64(to_base64(in), out));
        CHECK(out == in);
    }
}

TEST_CASE("from_base64 rejects text that is not complete original-variant base64") {
    Bytes out;
    CHECK_FALSE(from_base64("Zm9v!", out));
    CHECK_FALSE(from_base64("Zg", out));      // missing padding
    CHECK_FALSE(from_base64("-_8=", out));    // URL-safe alphabet
    CHECK_FALSE(from_base64("Zm9v Zm9v", out));
    CHECK(from_base64("", out));
    CHECK(out.empty());
}

TEST_CASE("hex is lower-case, two digits per byte") {
    CHECK(to_hex(Bytes{}) == "");
    CHECK(to_hex(Bytes{0x00, 0x0f, 0xa0, 0xff}) == "000fa0ff");
}

TEST_CASE("an empty SecureBytes holds no allocation and a filled one holds a copy") {
    SecureBytes empty;
    CHECK(empty.data() == nullptr);
    CHECK(empty.empty());
    SecureBytes zero(std::size_t{0});
    CHECK(zero.data() == nullptr);
    SecureBytes from_empty = SecureBytes::from_string("");
    CHECK(from_empty.data() == nullptr);

    std::string text = "secret answer";
    SecureBytes s = SecureBytes::from_string(text);
    text.assign(text.size(), 'x');
    CHECK(s.view() == "secret answer");

    SecureBytes zeros(8);
    CHECK(zeros.view() == std::string(8, '\0'));
}

TEST_CASE("moving a SecureBytes transfers the buffer and leaves the source empty") {
    SecureBytes a = SecureBytes::from_string("key material");
    const std::uint8_t* buffer = a.data();
    SecureBytes b(std::move(a));
    CHECK(b.data() == buffer);
    CHECK(a.data() == nullptr); // NOLINT(bugprone-use-after-move): checking the moved-from state
    CHECK(a.size() == 0);
    SecureBytes c = SecureBytes::from_string("other");
    c = std::move(b);
    CHECK(c.view() == "key material");
    CHECK(b.empty()); // NOLINT(bugprone-use-after-move)
}
