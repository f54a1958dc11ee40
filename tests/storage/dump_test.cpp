// Export and import (storage/dump.hpp and each backend's dump.cpp): a database filled through the
// Store API with a row in every table moves to a fresh database of the same or the other backend
// and reads back equal; numbers drawn after it continue above every imported one; both backends
// write the same dump of the same data; the table list covers both schemas; and a dump that is
// malformed, truncated or meets a database holding data writes nothing. The PostgreSQL cases skip,
// saying why, when FAKTURA_TEST_POSTGRES_URL is not set.
#include "storage/dump.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "storage/postgres/dump.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/postgres/test_schema.hpp"
#include "storage/sqlite/dump.hpp"
#include "storage/sqlite/schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"
#include "support/storage_builders.hpp"

namespace faktura::storage {
namespace {

using support::guid_numbered;
using ::testing::HasSubstr;

// ---- One database of one backend, with its export and import ----

class DumpBackend {
  public:
    virtual ~DumpBackend() = default;
    virtual std::unique_ptr<Store> open() = 0;
    virtual std::string name() const = 0;
    virtual void export_rows(dump::RowSink& sink) = 0;
    virtual dump::Summary import_rows(std::istream& in) = 0;

    std::string export_text() {
        std::ostringstream out;
        dump::JsonLinesWriter writer(out, name());
        export_rows(writer);
        writer.finish();
        return out.str();
    }
    dump::Summary import_text(const std::string& text) {
        std::istringstream in(text);
        return import_rows(in);
    }
};

class SqliteDumpBackend final : public DumpBackend {
  public:
    std::unique_ptr<Store> open() override { return sqlite::SqliteStore::open(path()); }
    std::string name() const override { return "sqlite"; }
    void export_rows(dump::RowSink& sink) override { sqlite::export_dump(path(), sink); }
    dump::Summary import_rows(std::istream& in) override { return sqlite::import_dump(path(), in); }
    std::string path() const { return (directory_.path() / "faktura.db").string(); }

  private:
    support::TemporaryDirectory directory_;
};

class PostgresDumpBackend final : public DumpBackend {
  public:
    std::unique_ptr<Store> open() override { return postgres::PostgresStore::open(schema_.url()); }
    std::string name() const override { return "postgres"; }
    void export_rows(dump::RowSink& sink) override { postgres::export_dump(schema_.url(), sink); }
    dump::Summary import_rows(std::istream& in) override {
        return postgres::import_dump(schema_.url(), in);
    }
    postgres::testing::TestSchema& schema() { return schema_; }

  private:
    postgres::testing::TestSchema schema_;
};

std::unique_ptr<DumpBackend> make_backend(const std::string& kind) {
    if (kind == "postgres") return std::make_unique<PostgresDumpBackend>();
    return std::make_unique<SqliteDumpBackend>();
}

// ---- A database with a row in every table ----

const std::string payee_id = guid_numbered(901);

void write_committing(Store& store, const std::function<void(DbTransaction& db)>& work) {
    store.write([&](DbTransaction& db) {
        work(db);
        return WorkOutcome::commit;
    });
}

// What fill() wrote, to read back by.
struct Filled {
    std::vector<std::string> payment_ids;
    std::vector<std::string> transaction_ids;
    std::vector<std::string> token_values;
    std::string front_end_token;
    std::string token_hash;
    std::int64_t highest_number = 0;
    std::int64_t invoice_sequence = 0;  // The last value drawn.
};

Filled fill(Store& store) {
    Filled filled;
    const domain::Merchant merchant = support::merchant_with_every_field(1);
    domain::Merchant plain;
    plain.payee_id = guid_numbered(902);
    plain.name = "Plain shop";
    plain.token_sha256_hex = support::hex64_numbered(902);
    plain.created_at = domain::Timestamp{15'900'000'000'000'002};
    const domain::Payment full = support::payment_with_every_field(1, merchant.payee_id);
    const domain::Payment minimal =
        support::payment_with_only_required_fields(2, merchant.payee_id);
    const domain::Transaction capture = support::transaction_with_every_field(1, full.id);
    const domain::Transaction authorization =
        support::transaction_with_only_required_fields(2, full.id);
    const domain::Transaction reversal = support::transaction_with_every_field(3, minimal.id);
    filled.payment_ids = {full.id, minimal.id};
    filled.transaction_ids = {capture.id, authorization.id, reversal.id};
    filled.front_end_token = full.front_end_token;
    filled.token_hash = merchant.token_sha256_hex;
    filled.highest_number = reversal.number;

    const domain::PayerToken recurrence = support::payer_token_with_every_field(
        1, domain::PayerTokenKind::recurrence, merchant.payee_id, full.id, capture.id);
    domain::PayerToken payment_token = support::payer_token_with_every_field(
        2, domain::PayerTokenKind::payment, merchant.payee_id, full.id, authorization.id);
    payment_token.is_deleted = false;
    payment_token.deleted_at.reset();
    payment_token.deletion_comment.reset();
    filled.token_values = {recurrence.token, payment_token.token};

    const domain::CallbackDelivery delivery =
        support::callback_delivery_with_every_field(capture, merchant.payee_id);
    domain::CallbackDelivery pending =
        support::callback_delivery_with_every_field(reversal, merchant.payee_id);
    pending.state = domain::DeliveryState::pending;
    pending.claim.reset();
    pending.lease_until.reset();
    pending.delivered_at.reset();

    write_committing(store, [&](DbTransaction& db) {
        ASSERT_TRUE(db.insert_merchant(merchant));
        ASSERT_TRUE(db.insert_merchant(plain));
        db.insert_payment(full);
        db.insert_payment(minimal);
        db.insert_transaction(capture);
        db.insert_transaction(authorization);
        db.insert_transaction(reversal);
        ASSERT_TRUE(db.reserve_payee_reference(merchant.payee_id, full.payee_info.payee_reference));
        ASSERT_TRUE(db.reserve_payee_reference(merchant.payee_id, "Ref-ÅÄÖ"));
        ASSERT_TRUE(db.reserve_payee_reference(merchant.payee_id, "ref-abc"));
        // Numbers drawn: the sequence moves, but stays below the builders' numbers.
        db.next_number();
        db.next_number();
        db.save_approved_legal_address(support::approved_legal_address_of(1, full.id));
        db.insert_authorization_details(
            support::authorization_details_with_every_field(1, authorization.id, full.id));
        db.insert_authorization_details(
            support::authorization_details_with_only_required_fields(2, reversal.id, minimal.id));
        db.insert_payer_token(recurrence);
        db.insert_payer_token(payment_token);
        db.next_invoice_sequence(merchant.payee_id);
        filled.invoice_sequence = db.next_invoice_sequence(merchant.payee_id);
        db.insert_invoice(support::invoice_with_every_field(
            1, capture.id, full.id,
            support::payment_reference_of(domain::PaymentReferenceKind::finnish_reference,
                                          "RF471234567897")));
        db.insert_credit_note(domain::CreditNote{
            .transaction_id = reversal.id,
            .payment_id = minimal.id,
            .credit_note_number = 1002,
            .issue_date = domain::CivilDate{2024, 3, 1},
            .credited_transaction_id = capture.id,
            .credited_invoice_number = 1001,
            .vat_line = {domain::Amount{12'345}, domain::VatRate{2500}, domain::Amount{2'469}},
        });
        db.save_payer_input(support::payer_input_with_every_field(1, full.id));
        db.save_payer_input(support::payer_input_with_only_required_fields(2, minimal.id));
        ASSERT_TRUE(db.insert_setting_if_absent("csrf_secret", "sëcret \"quoted\"\n\ttabbed"));
        db.insert_callback_delivery(delivery);
        db.insert_callback_delivery(pending);
        db.insert_callback_attempt(support::callback_attempt_with_every_field(delivery.id, 1));
        domain::CallbackAttempt second = support::callback_attempt_with_every_field(delivery.id, 2);
        second.status.reset();
        second.manual = false;
        db.insert_callback_attempt(second);
    });
    return filled;
}

// Everything the Store API reads of fill()'s data.
struct Snapshot {
    std::vector<domain::Merchant> merchants;
    std::optional<domain::Merchant> merchant_by_token;
    std::vector<std::optional<domain::Payment>> payments;
    std::optional<domain::Payment> payment_by_front_end_token;
    std::vector<std::vector<domain::Transaction>> transactions;
    std::vector<std::vector<domain::Invoice>> invoices;
    std::vector<std::vector<domain::CreditNote>> credit_notes;
    std::vector<std::optional<domain::ApprovedLegalAddress>> addresses;
    std::vector<std::optional<domain::PayerInput>> payer_inputs;
    std::vector<std::vector<domain::CallbackDelivery>> deliveries;
    std::vector<std::vector<domain::CallbackAttempt>> attempts;
    std::vector<std::optional<domain::AuthorizationDetails>> details;
    std::vector<std::optional<domain::Invoice>> invoice_of_transaction;
    std::vector<std::optional<domain::CreditNote>> credit_note_of_transaction;
    std::vector<std::optional<domain::PayerToken>> tokens;
    std::vector<domain::Transaction> settled;
    std::optional<std::string> setting;
    std::optional<domain::Timestamp> next_callback_due;
};

Snapshot snapshot(Store& store, const Filled& filled) {
    Snapshot s;
    store.read([&](DbReader& db) {
        s.merchants = db.list_merchants();
        s.merchant_by_token = db.find_merchant_by_token_hash(filled.token_hash);
        s.payment_by_front_end_token = db.find_payment_by_front_end_token(filled.front_end_token);
        for (const std::string& id : filled.payment_ids) {
            s.payments.push_back(db.find_payment(id));
            s.transactions.push_back(db.list_transactions(id));
            s.invoices.push_back(db.list_invoices(id));
            s.credit_notes.push_back(db.list_credit_notes(id));
            s.addresses.push_back(db.find_approved_legal_address(id));
            s.payer_inputs.push_back(db.find_payer_input(id));
            s.deliveries.push_back(db.list_callback_deliveries(id));
            for (const domain::CallbackDelivery& delivery : s.deliveries.back()) {
                s.attempts.push_back(db.list_callback_attempts(delivery.id));
            }
        }
        for (const std::string& id : filled.transaction_ids) {
            s.details.push_back(db.find_authorization_details(id));
            s.invoice_of_transaction.push_back(db.find_invoice(id));
            s.credit_note_of_transaction.push_back(db.find_credit_note(id));
        }
        for (const std::string& token : filled.token_values) {
            s.tokens.push_back(db.find_payer_token(token));
        }
        s.settled = db.list_settled_transactions(payee_id, domain::Timestamp{0},
                                                 domain::Timestamp{INT64_MAX});
        s.setting = db.find_setting("csrf_secret");
        s.next_callback_due = db.next_callback_due();
    });
    return s;
}

void expect_equal(const Snapshot& expected, const Snapshot& actual) {
    EXPECT_EQ(expected.merchants, actual.merchants);
    EXPECT_EQ(expected.merchant_by_token, actual.merchant_by_token);
    EXPECT_EQ(expected.payments, actual.payments);
    EXPECT_EQ(expected.payment_by_front_end_token, actual.payment_by_front_end_token);
    EXPECT_EQ(expected.transactions, actual.transactions);
    EXPECT_EQ(expected.invoices, actual.invoices);
    EXPECT_EQ(expected.credit_notes, actual.credit_notes);
    EXPECT_EQ(expected.addresses, actual.addresses);
    EXPECT_EQ(expected.payer_inputs, actual.payer_inputs);
    EXPECT_EQ(expected.deliveries, actual.deliveries);
    EXPECT_EQ(expected.attempts, actual.attempts);
    EXPECT_EQ(expected.details, actual.details);
    EXPECT_EQ(expected.invoice_of_transaction, actual.invoice_of_transaction);
    EXPECT_EQ(expected.credit_note_of_transaction, actual.credit_note_of_transaction);
    EXPECT_EQ(expected.tokens, actual.tokens);
    EXPECT_EQ(expected.settled, actual.settled);
    EXPECT_EQ(expected.setting, actual.setting);
    EXPECT_EQ(expected.next_callback_due, actual.next_callback_due);
}

// Every line but the header (which names the backend) and the sequence (which an import raises
// above the imported numbers).
std::string rows_and_counts(const std::string& dump_text) {
    std::string kept;
    std::istringstream in(dump_text);
    std::getline(in, kept);
    kept.clear();
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("{\"sequence\":")) kept += line + "\n";
    }
    return kept;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string joined_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return text;
}

bool needs_postgres(const std::string& kind) { return kind == "postgres"; }

// ---- The move, between every pair of backends ----

struct Move {
    std::string from;
    std::string to;
};

void PrintTo(const Move& move, std::ostream* out) { *out << move.from << "_to_" << move.to; }

class DumpRoundTrip : public ::testing::TestWithParam<Move> {
  protected:
    void SetUp() override {
        if (needs_postgres(GetParam().from) || needs_postgres(GetParam().to)) {
            const std::string reason = postgres::testing::postgres_skip_reason();
            if (!reason.empty()) GTEST_SKIP() << reason;
        }
        source_ = make_backend(GetParam().from);
        target_ = make_backend(GetParam().to);
    }

    std::unique_ptr<DumpBackend> source_;
    std::unique_ptr<DumpBackend> target_;
};

TEST_P(DumpRoundTrip, EveryReadIsEqualAfterTheMove) {
    Filled filled;
    Snapshot before;
    {
        auto store = source_->open();
        filled = fill(*store);
        before = snapshot(*store, filled);
    }
    ASSERT_EQ(before.merchants.size(), 2u);
    ASSERT_EQ(before.transactions[0].size(), 2u);
    ASSERT_EQ(before.attempts.size(), 2u);  // Two of one delivery, none of the other.
    ASSERT_EQ(before.attempts[0].size(), 2u);

    const std::string text = source_->export_text();
    const dump::Summary summary = target_->import_text(text);
    EXPECT_EQ(summary.rows, 25u);
    for (const auto& [table, count] : summary.counts) {
        if (table == "payee_references") {
            EXPECT_EQ(count, 3u) << table;
        } else {
            EXPECT_GE(count, 1u) << table << ": every table holds a row";
        }
    }
    auto store = target_->open();
    expect_equal(before, snapshot(*store, filled));
}

TEST_P(DumpRoundTrip, NumbersContinueAboveEveryImportedOne) {
    Filled filled;
    {
        auto store = source_->open();
        filled = fill(*store);
    }
    const dump::Summary summary = target_->import_text(source_->export_text());
    EXPECT_GT(summary.next_number, filled.highest_number);
    auto store = target_->open();
    std::int64_t number = 0;
    std::int64_t invoice = 0;
    bool reference_free = true;
    write_committing(*store, [&](DbTransaction& db) {
        number = db.next_number();
        invoice = db.next_invoice_sequence(payee_id);
        reference_free = db.reserve_payee_reference(payee_id, "ref-abc");
    });
    EXPECT_GT(number, filled.highest_number);
    EXPECT_EQ(invoice, filled.invoice_sequence + 1) << "the payee's invoice series goes on";
    EXPECT_FALSE(reference_free) << "a payeeReference used before stays used";
}

TEST_P(DumpRoundTrip, BothBackendsWriteTheSameDumpOfTheSameData) {
    {
        auto store = source_->open();
        fill(*store);
    }
    const std::string exported = source_->export_text();
    target_->import_text(exported);
    const std::string again = target_->export_text();
    EXPECT_EQ(rows_and_counts(exported), rows_and_counts(again));
    EXPECT_THAT(again, HasSubstr("\n{\"sequence\":\"number\",\"next\":81100000004}\n"))
        << "one above the highest imported number";
    EXPECT_THAT(lines_of(exported).front(),
                HasSubstr("{\"faktura_dump\":1,\"schema\":" + std::to_string(dump::schema_version) +
                          ",\"backend\":\""));
    // Flags are JSON booleans on either backend, integers numbers, texts strings.
    EXPECT_THAT(exported, HasSubstr("\"generate_payment_token\":true"));
    EXPECT_THAT(exported, HasSubstr("\"manual\":false"));
    EXPECT_THAT(exported, HasSubstr("\"number\":71100000001,"));
    EXPECT_THAT(exported, HasSubstr("{\"sequence\":\"number\",\"next\":"));
    EXPECT_THAT(lines_of(exported).back(), HasSubstr("{\"end\":true,\"counts\":{\"merchants\":2,"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DumpRoundTrip,
                         ::testing::Values(Move{"sqlite", "sqlite"}, Move{"sqlite", "postgres"},
                                           Move{"postgres", "sqlite"},
                                           Move{"postgres", "postgres"}),
                         [](const ::testing::TestParamInfo<Move>& move) {
                             return move.param.from + "_to_" + move.param.to;
                         });

// ---- What an import refuses, on either backend ----

class DumpErrors : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        if (needs_postgres(GetParam())) {
            const std::string reason = postgres::testing::postgres_skip_reason();
            if (!reason.empty()) GTEST_SKIP() << reason;
        }
        // The dump every case corrupts: of a SQLite database, as most are.
        SqliteDumpBackend source;
        {
            auto store = source.open();
            filled_ = fill(*store);
        }
        dump_ = source.export_text();
        target_ = make_backend(GetParam());
    }

    // The import's error; a failure of the test when it succeeds.
    std::string import_error(const std::string& text) {
        try {
            target_->import_text(text);
        } catch (const dump::DumpError& error) {
            return error.what();
        }
        ADD_FAILURE() << "the import succeeded";
        return "";
    }

    void expect_target_empty() {
        auto store = target_->open();
        store->read([&](DbReader& db) {
            EXPECT_TRUE(db.list_merchants().empty());
            EXPECT_FALSE(db.find_payment(filled_.payment_ids[0]));
            EXPECT_FALSE(db.find_setting("csrf_secret"));
        });
    }

    // The dump with line `index` (0-based) replaced.
    std::string with_line(std::size_t index, const std::string& line) const {
        std::vector<std::string> lines = lines_of(dump_);
        lines.at(index) = line;
        return joined_lines(lines);
    }

    // The index of the first line containing `text`.
    std::size_t line_with(const std::string& text) const {
        const std::vector<std::string> lines = lines_of(dump_);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].find(text) != std::string::npos) return i;
        }
        ADD_FAILURE() << "no line has " << text;
        return 0;
    }

    Filled filled_;
    std::string dump_;
    std::unique_ptr<DumpBackend> target_;
};

TEST_P(DumpErrors, ADatabaseHoldingDataIsRefused) {
    {
        auto store = target_->open();
        write_committing(*store, [](DbTransaction& db) {
            db.insert_merchant(support::merchant_with_every_field(7));
        });
    }
    const std::string error = import_error(dump_);
    EXPECT_THAT(error, HasSubstr("the database holds data already (rows in merchants: 1)"));
    EXPECT_THAT(error, HasSubstr("import only into a new, empty database"));
    auto store = target_->open();
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.list_merchants().size(), 1u);
        EXPECT_FALSE(db.find_payment(filled_.payment_ids[0]));
    });
}

TEST_P(DumpErrors, ATruncatedDumpWritesNothing) {
    std::vector<std::string> lines = lines_of(dump_);
    const std::size_t kept = lines.size() - 5;
    lines.resize(kept);
    EXPECT_EQ(import_error(joined_lines(lines)), "the dump ends after line " +
                                                     std::to_string(kept) +
                                                     " without its end line: it is truncated");
    // Cut inside a line: that line is no JSON.
    const std::string cut = dump_.substr(0, dump_.size() / 2);
    EXPECT_THAT(import_error(cut), HasSubstr(": not JSON ("));
    EXPECT_EQ(import_error(""), "line 1: the dump is empty: no header line");
    expect_target_empty();
}

TEST_P(DumpErrors, ACorruptedLineWritesNothingAndNamesTheLine) {
    const std::size_t payment = line_with("\"table\":\"payments\"");
    const std::size_t transaction = line_with("\"table\":\"transactions\"");
    const std::string at_payment = "line " + std::to_string(payment + 1) + ": ";
    const std::string payment_line = lines_of(dump_)[payment];
    const auto replaced = [&](const std::string& from, const std::string& to) {
        std::string line = payment_line;
        const std::size_t at = line.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return with_line(payment, line.replace(at, from.size(), to));
    };
    EXPECT_THAT(import_error(with_line(payment, "{\"table\":\"payments\",\"row\":{")),
                HasSubstr(at_payment + "not JSON ("));
    EXPECT_EQ(import_error(replaced("\"table\":\"payments\"", "\"table\":\"payment\"")),
              at_payment + "unknown table \"payment\"");
    EXPECT_EQ(import_error(replaced("\"description\":", "\"descr\":")),
              at_payment + "payments has no column \"descr\"");
    EXPECT_EQ(import_error(replaced("\"number\":71100000001", "\"number\":\"71100000001\"")),
              at_payment + "payments.number must be an integer, not a string");
    EXPECT_EQ(import_error(replaced("\"number\":71100000001", "\"number\":7.5")),
              at_payment + "payments.number must be an integer, not a fractional number");
    EXPECT_EQ(
        import_error(replaced("\"generate_payment_token\":true", "\"generate_payment_token\":1")),
        at_payment + "payments.generate_payment_token must be true or false, not an integer");
    EXPECT_EQ(import_error(replaced("\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\"",
                                    "\"user_agent\":null")),
              at_payment + "payments.user_agent must be a string, not null");
    EXPECT_EQ(import_error(replaced("\"payer_reference\":\"payer-1\"", "\"payer_reference\":1")),
              at_payment + "payments.payer_reference must be a string or null, not an integer");
    EXPECT_EQ(import_error(replaced("\"abort_reason\":\"Aborted by consumer\",", "")),
              at_payment + "the payments row lacks column \"abort_reason\"");
    // A row out of the tables' order.
    EXPECT_EQ(import_error(with_line(transaction, lines_of(dump_)[1])),
              "line " + std::to_string(transaction + 1) +
                  ": a row of merchants after the rows of payments: the tables must come in the "
                  "dump's order, parents first");
    // The database's own checks name the line too.
    EXPECT_THAT(import_error(replaced("\"price_vat_amount\":30000", "\"price_vat_amount\":null")),
                HasSubstr(at_payment + "payments row refused by the database: "));
    // A line lost from the middle: the end line's counts tell.
    std::vector<std::string> lines = lines_of(dump_);
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(line_with("\"table\":\"settings\"")));
    EXPECT_EQ(import_error(joined_lines(lines)),
              "line " + std::to_string(lines.size()) +
                  ": the end line counts 1 rows of settings, the dump holds 0: lines are missing");
    EXPECT_THAT(import_error(with_line(0, "{\"faktura_dump\":1,\"schema\":5}")),
                HasSubstr("line 1: the dump holds schema 5, this faktura schema 6"));
    EXPECT_THAT(import_error(with_line(0, "{\"hello\":1}")),
                HasSubstr("line 1: not a faktura dump"));
    EXPECT_EQ(import_error(dump_ + "{}\n"),
              "line " + std::to_string(lines_of(dump_).size() + 1) + ": more after the end line");
    expect_target_empty();
    // Nothing any of them wrote stands in the way of the whole dump.
    target_->import_text(dump_);
    auto store = target_->open();
    store->read([&](DbReader& db) { EXPECT_EQ(db.list_merchants().size(), 2u); });
}

TEST_P(DumpErrors, TheSettingsOfANewDatabaseAreReplaced) {
    {
        auto store = target_->open();
        write_committing(*store, [](DbTransaction& db) {
            db.insert_setting_if_absent("csrf_secret", "the new server's own");
            db.insert_setting_if_absent("other", "value");
        });
    }
    target_->import_text(dump_);
    auto store = target_->open();
    store->read([&](DbReader& db) {
        EXPECT_EQ(db.find_setting("csrf_secret"), "sëcret \"quoted\"\n\ttabbed");
        EXPECT_FALSE(db.find_setting("other"));
    });
}

TEST_P(DumpErrors, ASequenceAboveEveryRowIsKept) {
    const std::size_t sequence = line_with("{\"sequence\":\"number\"");
    target_->import_text(with_line(sequence, "{\"sequence\":\"number\",\"next\":99000000000}"));
    auto store = target_->open();
    std::int64_t number = 0;
    write_committing(*store, [&](DbTransaction& db) { number = db.next_number(); });
    EXPECT_EQ(number, 99000000000);
}

INSTANTIATE_TEST_SUITE_P(Targets, DumpErrors, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& target) {
                             return target.param;
                         });

// ---- The table list against both schemas ----

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
    return text;
}

std::set<std::string> dumped_and(std::initializer_list<std::string> others) {
    std::set<std::string> names(others);
    for (const dump::Table& table : dump::tables()) names.insert(std::string(table.name));
    return names;
}

// The first column of every row of `sql` on the SQLite file.
std::vector<std::string> sqlite_query(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
    std::vector<std::string> values;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        values.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return values;
}

TEST(DumpTables, CoverEveryTableOfTheSqliteSchema) {
    SqliteDumpBackend backend;
    backend.open().reset();
    const std::vector<std::string> names = sqlite_query(
        backend.path(), "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    // The schema version is PRAGMA user_version, no table.
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
              dumped_and({std::string(dump::sequence_table)}));
}

TEST(DumpTables, CoverEveryTableOfThePostgresSchema) {
    const std::string reason = postgres::testing::postgres_skip_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
    PostgresDumpBackend backend;
    postgres::PostgresStore::migrate(backend.schema().url());
    const std::string names = backend.schema().query(
        "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
        "WHERE table_schema = '" +
        backend.schema().name() + "'");
    const std::set<std::string> expected =
        dumped_and({std::string(dump::sequence_table), "schema_migrations", "migration_lock"});
    EXPECT_EQ(names, joined(std::vector<std::string>(expected.begin(), expected.end())));
}

TEST(DumpTables, TheFlagsAreThePostgresBooleansAndTheColumnsAgree) {
    const std::string reason = postgres::testing::postgres_skip_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
    PostgresDumpBackend postgres_backend;
    postgres::PostgresStore::migrate(postgres_backend.schema().url());
    SqliteDumpBackend sqlite_backend;
    sqlite_backend.open().reset();
    const auto postgres_columns = [&](std::string_view table, const std::string& condition) {
        return postgres_backend.schema().query(
            "SELECT coalesce(string_agg(column_name, ',' ORDER BY ordinal_position), '') FROM "
            "information_schema.columns WHERE table_schema = '" +
            postgres_backend.schema().name() + "' AND table_name = '" + std::string(table) + "'" +
            condition);
    };
    for (const dump::Table& table : dump::tables()) {
        EXPECT_EQ(postgres_columns(table.name, " AND data_type = 'boolean'"), joined(table.flags))
            << table.name;
        EXPECT_EQ(postgres_columns(table.name, ""),
                  joined(sqlite_query(sqlite_backend.path(),
                                      "SELECT name FROM pragma_table_info('" +
                                          std::string(table.name) + "') ORDER BY cid")))
            << table.name;
    }
}

TEST(DumpTables, TheDumpSchemaIsTheLatestMigrations) {
    // A migration changing a dumped table raises dump::schema_version with it (and the PostgreSQL
    // migration that mirrors it): this test names the versions it was written for.
    EXPECT_EQ(sqlite::latest_schema_version(), dump::schema_version);
    const std::vector<std::string> expected_flags{
        "generate_payment_token", "generate_recurrence_token", "authorization_completed",
        "has_approved_legal_address"};
    EXPECT_EQ(dump::tables()[1].name, "payments");
    EXPECT_EQ(dump::tables()[1].flags, expected_flags);
}

}  // namespace
}  // namespace faktura::storage
