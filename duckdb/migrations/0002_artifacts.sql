-- Derived artifacts (fitted models) kept to save recomputing them. The key
-- names every input, so rows are never updated in place, only replaced.
CREATE TABLE artifacts (
    kind    VARCHAR NOT NULL,
    key     VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL,
    body    BLOB NOT NULL,
    PRIMARY KEY (kind, key)
);
