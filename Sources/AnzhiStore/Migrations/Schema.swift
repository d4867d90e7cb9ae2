import GRDB

/// The office database's migrations. A shipped migration is never edited: changes come as new migrations.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE office (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        code TEXT NOT NULL,
                        name TEXT NOT NULL,
                        level TEXT NOT NULL,
                        region TEXT,
                        created_at TEXT NOT NULL
                    );
                    -- One row per file read: what it was, where it came from and what it did.
                    CREATE TABLE import (
                        id INTEGER PRIMARY KEY,
                        file TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        source_side TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        imported_at TEXT NOT NULL,
                        rows INTEGER NOT NULL,
                        inserted INTEGER NOT NULL,
                        updated INTEGER NOT NULL,
                        unchanged INTEGER NOT NULL,
                        conflicts INTEGER NOT NULL,
                        rejected INTEGER NOT NULL
                    );
                    CREATE INDEX import_content_hash ON import(content_hash);
                    -- The register. Values are canonical text: code-table names, ISO dates, 18-digit ID numbers.
                    CREATE TABLE person (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        key_is_fallback INTEGER NOT NULL DEFAULT 0,
                        in_queue INTEGER NOT NULL DEFAULT 0,
                        row_hash INTEGER NOT NULL,
                        extra TEXT,
                        created_import INTEGER REFERENCES import(id),
                        updated_import INTEGER REFERENCES import(id),
                        name TEXT,
                        alias TEXT,
                        sex TEXT,
                        ethnicity TEXT,
                        birth_date TEXT,
                        id_number TEXT,
                        education TEXT,
                        marital TEXT,
                        hukou_region TEXT,
                        hukou_address TEXT,
                        residence_region TEXT,
                        residence_address TEXT,
                        crime TEXT,
                        sentence TEXT,
                        sentence_start TEXT,
                        sentence_end TEXT,
                        institution TEXT,
                        inmate_number TEXT,
                        admission_date TEXT,
                        recidivist TEXT,
                        risk TEXT,
                        sanwu TEXT,
                        expected_release TEXT,
                        custody_summary TEXT,
                        conduct TEXT,
                        prison_advice TEXT,
                        verification TEXT,
                        verification_note TEXT,
                        possible_whereabouts TEXT,
                        office_advice TEXT,
                        pickup_time TEXT,
                        pickup_place TEXT,
                        pickup_by TEXT,
                        release_date TEXT,
                        release_source TEXT,
                        release_type TEXT,
                        handover_date TEXT,
                        handover_method TEXT,
                        not_handed_over_reason TEXT,
                        placement_date TEXT,
                        placement_kind TEXT,
                        not_placed_reason TEXT,
                        help_group_date TEXT,
                        help_status TEXT,
                        reoffence_date TEXT,
                        reoffence_crime TEXT,
                        lost_contact_since TEXT,
                        unregistered TEXT,
                        exit_date TEXT,
                        exit_reason TEXT,
                        help_term_years TEXT
                    );
                    CREATE INDEX person_hukou ON person(hukou_region);
                    -- Every change: old and new value, and the file, sheet and row it came from.
                    CREATE TABLE field_history (
                        id INTEGER PRIMARY KEY,
                        person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                        field TEXT NOT NULL,
                        old_value TEXT,
                        new_value TEXT,
                        import_id INTEGER REFERENCES import(id),
                        source_file TEXT,
                        source_sheet TEXT,
                        source_row INTEGER,
                        changed_at TEXT NOT NULL
                    );
                    CREATE INDEX field_history_person ON field_history(person_id);
                    -- A value from the side that does not own the field, kept for a person to decide.
                    CREATE TABLE conflict (
                        id INTEGER PRIMARY KEY,
                        person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                        field TEXT NOT NULL,
                        current_value TEXT,
                        proposed_value TEXT NOT NULL,
                        proposed_by TEXT NOT NULL,
                        import_id INTEGER REFERENCES import(id),
                        source_file TEXT,
                        source_sheet TEXT,
                        source_row INTEGER,
                        created_at TEXT NOT NULL,
                        resolved_at TEXT,
                        resolution TEXT
                    );
                    CREATE INDEX conflict_open ON conflict(person_id, field) WHERE resolved_at IS NULL;
                    -- Rows that failed validation, as they were, so a clerk can fix and re-import them.
                    CREATE TABLE rejected_row (
                        id INTEGER PRIMARY KEY,
                        import_id INTEGER NOT NULL REFERENCES import(id),
                        source_file TEXT NOT NULL,
                        source_sheet TEXT,
                        source_row INTEGER NOT NULL,
                        headers TEXT NOT NULL,
                        cells TEXT NOT NULL,
                        errors TEXT NOT NULL,
                        suspected_false_identity INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE visit (
                        id INTEGER PRIMARY KEY,
                        person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                        visit_date TEXT NOT NULL,
                        visitor TEXT NOT NULL DEFAULT '',
                        note TEXT NOT NULL DEFAULT '',
                        import_id INTEGER REFERENCES import(id),
                        UNIQUE (person_id, visit_date, visitor, note)
                    );
                    CREATE INDEX visit_date ON visit(visit_date);
                    """)
        }
        migrator.registerMigration("v2-office-stats") { db in
            // Part 1 of the statistics form (工作机构、工作人员及经费), entered by hand per office and period.
            try db.execute(
                sql: """
                    CREATE TABLE office_stats (
                        period TEXT NOT NULL,
                        row TEXT NOT NULL,
                        item TEXT NOT NULL,
                        value INTEGER NOT NULL CHECK (value >= 0),
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (period, row, item)
                    );
                    """)
        }
        migrator.registerMigration("v3-register-semantics") { db in
            try db.execute(
                sql: """
                    -- Bit i set: field i (PersonFields order) holds a value supplied by the side that does not own it;
                    -- the owner's value replaces it without a conflict (domain §4).
                    ALTER TABLE person ADD COLUMN supplied INTEGER NOT NULL DEFAULT 0;
                    -- Rows of other offices' jurisdictions: counted apart, never stored.
                    ALTER TABLE import ADD COLUMN outside INTEGER NOT NULL DEFAULT 0;
                    -- The person a rejected row is about (normalised ID number, or the fallback key) and a hash of its
                    -- content: a row is kept once, and leaves the store when the person is later imported correctly.
                    ALTER TABLE rejected_row ADD COLUMN person_key TEXT;
                    ALTER TABLE rejected_row ADD COLUMN content_hash TEXT;
                    CREATE INDEX rejected_row_key ON rejected_row(person_key);
                    CREATE UNIQUE INDEX rejected_row_content ON rejected_row(content_hash);
                    CREATE INDEX rejected_row_origin ON rejected_row(source_file, source_row);
                    CREATE INDEX conflict_import ON conflict(import_id);
                    """)
        }
        migrator.registerMigration("v4-exchange") { db in
            try db.execute(
                sql: """
                    -- Offices this office knows, itself included: their place in the hierarchy and their public keys
                    -- (Ed25519 for signatures, X25519 for encryption). Private keys never enter the database.
                    CREATE TABLE office_directory (
                        code TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        level TEXT NOT NULL,
                        region TEXT,
                        parent TEXT,
                        signing_key BLOB,
                        agreement_key BLOB,
                        -- How the keys became known: self, enrolment, reply, directory (signed by a superior).
                        source TEXT NOT NULL,
                        added_at TEXT NOT NULL
                    );
                    -- Packages read, by sender and sequence number (a number seen again is a no-op).
                    CREATE TABLE package_in (
                        sender TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        file TEXT NOT NULL,
                        imported_at TEXT NOT NULL,
                        PRIMARY KEY (sender, sequence)
                    );
                    -- Packages written, by recipient and sequence number.
                    CREATE TABLE package_out (
                        recipient TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        file TEXT NOT NULL,
                        written_at TEXT NOT NULL,
                        PRIMARY KEY (recipient, sequence)
                    );
                    -- One-time secrets of enrolments written for subordinates, until their reply arrives.
                    CREATE TABLE enrolment (
                        code TEXT PRIMARY KEY,
                        secret BLOB NOT NULL,
                        written_at TEXT NOT NULL,
                        answered_at TEXT
                    );
                    """)
        }
        migrator.registerMigration("v5-outbox") { db in
            try db.execute(
                sql: """
                    -- What went to each recipient: a person is sent again only when their values changed since.
                    CREATE TABLE outbox_person (
                        recipient TEXT NOT NULL,
                        person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                        content_hash INTEGER NOT NULL,
                        PRIMARY KEY (recipient, person_id)
                    );
                    -- Directory entries each recipient has been sent.
                    CREATE TABLE outbox_directory (
                        recipient TEXT NOT NULL,
                        code TEXT NOT NULL,
                        PRIMARY KEY (recipient, code)
                    );
                    """)
        }
        migrator.registerMigration("v6-cycle") { db in
            try db.execute(
                sql: """
                    -- 监所代码: the office code of the prison that holds the person (filled by the prison's packages).
                    ALTER TABLE person ADD COLUMN institution_code TEXT;
                    -- Free-text messages about a person between a prison and a 司法所 (domain §5). Outgoing ones wait
                    -- for the next outbox (package NULL); the person is named by key so no message is lost with a record.
                    CREATE TABLE message (
                        id INTEGER PRIMARY KEY,
                        person_key TEXT NOT NULL,
                        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                        counterpart TEXT NOT NULL,
                        text TEXT NOT NULL,
                        written_at TEXT NOT NULL,
                        package TEXT,
                        read_at TEXT
                    );
                    CREATE INDEX message_person ON message(person_key);
                    -- At a 司法所: the pre-release notices (预释放名单) received, awaiting a receipt (回执).
                    CREATE TABLE prerelease_notice (
                        person_key TEXT PRIMARY KEY,
                        prison TEXT NOT NULL,
                        expected_release TEXT,
                        received_on TEXT NOT NULL,
                        package TEXT NOT NULL
                    );
                    -- At a prison: each notice sent (a changed release date sends it again), and the monthly list.
                    CREATE TABLE prerelease_sent (
                        recipient TEXT NOT NULL,
                        person_key TEXT NOT NULL,
                        expected_release TEXT NOT NULL,
                        sent_on TEXT NOT NULL,
                        PRIMARY KEY (recipient, person_key, expected_release)
                    );
                    CREATE TABLE prerelease_list (
                        month TEXT PRIMARY KEY,
                        sent_on TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v7-reports") { db in
            try db.execute(
                sql: """
                    -- Reports up the hierarchy. At the office that sends one: each submission, waiting for the next
                    -- outbox to the superior (package NULL) and then sent. At the superior: each submission received
                    -- (a resubmission supersedes the earlier one, which stays). No person-level data: base counts only.
                    CREATE TABLE report_submission (
                        id INTEGER PRIMARY KEY,
                        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                        office TEXT NOT NULL,
                        period TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        provisional INTEGER NOT NULL DEFAULT 0,
                        checks_passed INTEGER NOT NULL,
                        written_at TEXT NOT NULL,
                        package TEXT
                    );
                    CREATE INDEX report_submission_period ON report_submission(period, office);
                    -- The superior's decision on a submission: approved, or rejected with a reason; sent down with the
                    -- next outbox (at the superior), or received (at the subordinate, submission NULL).
                    CREATE TABLE report_decision (
                        id INTEGER PRIMARY KEY,
                        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                        office TEXT NOT NULL,
                        period TEXT NOT NULL,
                        submission INTEGER REFERENCES report_submission(id),
                        approved INTEGER NOT NULL,
                        reason TEXT,
                        decided_at TEXT NOT NULL,
                        package TEXT
                    );
                    CREATE INDEX report_decision_period ON report_decision(period, office);
                    """)
        }
        migrator.registerMigration("v8-office-form") { db in
            // The names and numbers the office's printed forms carry at head and foot (表号, 制表机关,
            // 单位负责人, …), set with `anzhi office set`; a key without a row prints as a blank to sign.
            try db.execute(
                sql: """
                    CREATE TABLE office_form (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v9-rejected-columns") { db in
            try db.execute(
                sql: """
                    -- The template header (or, for a column that is no field, the source header) of each cell an error
                    -- of the row is about, as a JSON array: the errors file fills those cells red. Rows kept before
                    -- have none.
                    ALTER TABLE rejected_row ADD COLUMN error_columns TEXT;
                    -- A rejected visit: importing its person does not record the visit, so only its corrected row
                    -- removes it (rows kept before are taken as person rows).
                    ALTER TABLE rejected_row ADD COLUMN visit INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        return migrator
    }
}
