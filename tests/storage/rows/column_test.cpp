// The row descriptors without a database: every descriptor carries every field of its struct
// (a round trip through a sink and source that only keep the values in order), names its columns
// with the group prefixes applied, and writes an absent optional group as NULLs.
#include "storage/rows/column.hpp"

#include <gtest/gtest.h>

#include <any>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storage/rows/approved_legal_address_row.hpp"
#include "storage/rows/authorization_details_row.hpp"
#include "storage/rows/invoice_row.hpp"
#include "storage/rows/merchant_row.hpp"
#include "storage/rows/payer_input_row.hpp"
#include "storage/rows/payer_token_row.hpp"
#include "storage/rows/payment_row.hpp"
#include "storage/rows/transaction_row.hpp"
#include "support/storage_builders.hpp"

namespace faktura::storage::rows {
namespace {

// One stored column: the value as it was handed over, computed text, or NULL (empty any).
using StoredColumns = std::vector<std::any>;

class RecordingSink {
  public:
    explicit RecordingSink(StoredColumns& columns) : columns_(columns) {}
    template <typename Value>
    void value(const Value& field) {
        columns_.emplace_back(field);
    }
    void text(const std::string& computed) { columns_.emplace_back(computed); }
    void null() { columns_.emplace_back(); }

  private:
    StoredColumns& columns_;
};

class ReplayingSource {
  public:
    explicit ReplayingSource(const StoredColumns& columns) : columns_(columns) {}
    template <typename Value>
    void value(Value& field) {
        field = std::any_cast<Value>(columns_.at(next_++));
    }
    std::string_view text() { return std::any_cast<const std::string&>(columns_.at(next_++)); }
    bool is_null() const { return !columns_.at(next_).has_value(); }
    void skip(std::size_t columns) { next_ += columns; }
    std::size_t read() const { return next_; }

  private:
    const StoredColumns& columns_;
    std::size_t next_ = 0;
};

template <typename Descriptor>
void expect_round_trip(const Descriptor& descriptor, const typename Descriptor::row_type& row) {
    StoredColumns stored;
    RecordingSink sink(stored);
    write_columns(row, descriptor.columns, sink);
    ASSERT_EQ(stored.size(), column_count(descriptor)) << descriptor.name;
    ASSERT_EQ(column_names(descriptor).size(), column_count(descriptor)) << descriptor.name;

    typename Descriptor::row_type read{};
    ReplayingSource source(stored);
    read_columns(read, descriptor.columns, source);
    EXPECT_EQ(source.read(), stored.size()) << descriptor.name;
    EXPECT_EQ(read, row) << descriptor.name << ": a field is missing from the descriptor";
}

const std::string payee_id = support::guid_numbered(1);
const std::string payment_id = support::guid_numbered(2);
const std::string transaction_id = support::guid_numbered(3);

TEST(RowDescriptors, EveryDescriptorCarriesEveryFieldOfItsStruct) {
    expect_round_trip(merchant_table, support::merchant_with_every_field(1));
    expect_round_trip(payment_table, support::payment_with_every_field(1, payee_id));
    expect_round_trip(payment_table, support::payment_with_only_required_fields(1, payee_id));
    expect_round_trip(transaction_table, support::transaction_with_every_field(1, payment_id));
    expect_round_trip(transaction_table,
                      support::transaction_with_only_required_fields(1, payment_id));
    expect_round_trip(approved_legal_address_table,
                      support::approved_legal_address_of(1, payment_id));
    expect_round_trip(authorization_details_table, support::authorization_details_with_every_field(
                                                       1, transaction_id, payment_id));
    expect_round_trip(
        authorization_details_table,
        support::authorization_details_with_only_required_fields(1, transaction_id, payment_id));
    expect_round_trip(payer_token_table,
                      support::payer_token_with_every_field(1, domain::PayerTokenKind::payment,
                                                            payee_id, payment_id, transaction_id));
    expect_round_trip(payer_input_table, support::payer_input_with_every_field(1, payment_id));
    expect_round_trip(payer_input_table,
                      support::payer_input_with_only_required_fields(1, payment_id));
    expect_round_trip(
        invoice_table,
        support::invoice_with_every_field(
            1, transaction_id, payment_id,
            support::payment_reference_of(domain::PaymentReferenceKind::finnish_reference, "RF")));
}

TEST(RowDescriptors, GroupsPrefixTheirColumnNames) {
    const std::vector<std::string> names = column_names(authorization_details_table);
    ASSERT_EQ(names.size(), 19u);
    EXPECT_EQ(names[7], "legal_addressee");
    EXPECT_EQ(names[12], "legal_country");
    EXPECT_EQ(names[13], "billing_addressee");
    EXPECT_EQ(names[18], "billing_country");
    EXPECT_EQ(column_names(approved_legal_address_table)[2], "addressee");
    EXPECT_EQ(column_names(payment_table)[9], "price_amount");
    EXPECT_EQ(column_names(transaction_table)[15], "failure_error_description");
}

TEST(RowDescriptors, AnAbsentOptionalGroupIsNullInEachOfItsColumns) {
    StoredColumns stored;
    RecordingSink sink(stored);
    write_columns(support::transaction_with_only_required_fields(1, payment_id),
                  transaction_table.columns, sink);
    const std::vector<std::string> names = column_names(transaction_table);
    for (std::size_t i = 0; i < names.size(); ++i) {
        // An optional column hands over its empty optional; only the group's columns are NULL.
        EXPECT_EQ(stored[i].has_value(), !names[i].starts_with("failure_")) << names[i];
    }
}

}  // namespace
}  // namespace faktura::storage::rows
