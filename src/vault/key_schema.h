// The device.db tables of the key hierarchy (a numbered migration step listed in device_schema.cpp):
// the device's calibrated Argon2id parameters, kiosk resume codes and tablet workers. Each wrapped
// key row carries its own salt and Argon2id parameters; attempt and failure counters live beside it
// so that killing the app between guesses does not reset them.
#pragma once

namespace selfdirect::vault::detail {

constexpr const char* kKeyHierarchyStep = R"sql(
CREATE TABLE kdf_params(
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  opslimit  INTEGER NOT NULL,
  memlimit  INTEGER NOT NULL,
  target_ms INTEGER NOT NULL
);
CREATE TABLE resume(
  locator     TEXT    PRIMARY KEY,
  session_id  TEXT    NOT NULL UNIQUE,
  salt        BLOB    NOT NULL,
  opslimit    INTEGER NOT NULL,
  memlimit    INTEGER NOT NULL,
  nonce       BLOB    NOT NULL,
  wrapped_key BLOB    NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  expires     INTEGER NOT NULL
);
CREATE TABLE workers(
  name        TEXT    PRIMARY KEY,
  session_id  TEXT    NOT NULL UNIQUE,
  salt        BLOB    NOT NULL,
  opslimit    INTEGER NOT NULL,
  memlimit    INTEGER NOT NULL,
  nonce       BLOB    NOT NULL,
  wrapped_key BLOB    NOT NULL,
  failures    INTEGER NOT NULL DEFAULT 0
);
)sql";

} // namespace selfdirect::vault::detail
