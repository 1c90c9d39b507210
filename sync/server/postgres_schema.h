// The PostgreSQL EnvelopeStore's schema and lock keys, apart from the code that uses them so the DDL
// reads as one piece (docs/sync-protocol.md, "Stores" → "PostgreSQL" repeats it).
#pragma once

#include <cstdint>

namespace selfdirect::sync::pg {

inline constexpr std::int64_t kSchemaVersion = 1;

// Transaction-level advisory lock keys (per database). kSchemaLock: two receivers starting at once
// create the schema one after the other. kSeqLock: held shared by put() from drawing a new seq to
// its commit and exclusively by list(), so list() never sees a seq whose lower neighbour is still
// uncommitted (see postgres_store.cpp).
inline constexpr std::int64_t kSchemaLock = 0x73646972'00000001; // "sdir" 1
inline constexpr std::int64_t kSeqLock = 0x73646972'00000002;    // "sdir" 2

inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS store_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS envelope_seq AS BIGINT;
CREATE TABLE IF NOT EXISTS envelopes (
    seq               BIGINT PRIMARY KEY,
    record_id         TEXT NOT NULL,
    revision          BIGINT NOT NULL,
    envelope_hash     TEXT NOT NULL,
    envelope          BYTEA NOT NULL,
    device_id         TEXT NOT NULL,
    server_time       BIGINT NOT NULL,
    clock_flag        TEXT NOT NULL DEFAULT '',
    receipt_signature BYTEA NOT NULL,
    receipt_epoch     TEXT NOT NULL,
    UNIQUE (record_id, revision)
);
CREATE TABLE IF NOT EXISTS conflicts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id     TEXT NOT NULL,
    revision      BIGINT NOT NULL,
    envelope_hash TEXT NOT NULL,
    envelope      BYTEA NOT NULL,
    device_id     TEXT NOT NULL,
    server_time   BIGINT NOT NULL,
    clock_flag    TEXT NOT NULL DEFAULT '',
    UNIQUE (record_id, revision, envelope_hash)
);
CREATE TABLE IF NOT EXISTS devices (
    device_id       TEXT PRIMARY KEY,
    sign_public_key BYTEA NOT NULL,
    box_public_key  BYTEA NOT NULL,
    enrolled_unix   BIGINT NOT NULL,
    revoked_unix    BIGINT
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash        BYTEA PRIMARY KEY,
    device_id        TEXT NOT NULL,
    expires_unix     BIGINT NOT NULL,
    used_by_sign_key BYTEA
);
)sql";

} // namespace selfdirect::sync::pg
