// Result<T>: a value or an expected failure (domain::Error). Member names follow std::expected so
// that moving to C++23 is a one-line alias.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "domain/error.hpp"

namespace faktura::domain {

template <typename T>
class [[nodiscard]] Result {
  public:
    using value_type = T;

    Result(T value)
        : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(state_));
    }
    const Error& error() const& {
        assert(!has_value());
        return std::get<1>(state_);
    }
    Error&& error() && {
        assert(!has_value());
        return std::get<1>(std::move(state_));
    }

    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

  private:
    std::variant<T, Error> state_;
};

// For operations that produce no value.
struct Done {};

}  // namespace faktura::domain
