-- How the public reaches the office: one row, edited by an administrator and shown on the
-- contact page. Every field is optional: an office sets up what it publishes.
CREATE TABLE office_contact (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    website TEXT NOT NULL
);
