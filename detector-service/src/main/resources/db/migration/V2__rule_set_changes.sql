-- Every rule set published through the API: who, when and why, and the set itself, so that any earlier version can
-- be read back and rolled back to. The version is the primary key: two administrators who both start from version N
-- cannot both publish N + 1 (the second gets 412 and reloads).
CREATE TABLE rule_set_change (
    version            bigint       PRIMARY KEY CHECK (version > 0),
    previous_version   bigint       NOT NULL,
    changed_by         varchar(200) NOT NULL,
    changed_at         timestamptz  NOT NULL DEFAULT now(),
    reason             varchar(1000) NOT NULL CHECK (length(btrim(reason)) > 0),
    rolled_back_to     bigint,
    rule_set           text         NOT NULL
);
