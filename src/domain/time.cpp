#include "domain/time.hpp"

#include <chrono>
#include <cstdio>

namespace faktura::domain {
namespace {

struct Civil {
    int year;
    unsigned month;
    unsigned day;
    std::int64_t seconds_of_day;
    std::int64_t ticks_of_second;
};

Civil to_civil(Timestamp at) {
    // Floor division so that instants before 1970 still land on the right day.
    std::int64_t seconds = at.unix_100ns / ticks_per_second;
    std::int64_t ticks = at.unix_100ns % ticks_per_second;
    if (ticks < 0) {
        ticks += ticks_per_second;
        seconds -= 1;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t seconds_of_day = seconds % 86400;
    if (seconds_of_day < 0) {
        seconds_of_day += 86400;
        days -= 1;
    }
    const std::chrono::year_month_day date{
        std::chrono::sys_days{std::chrono::days{static_cast<int>(days)}}};
    return Civil{static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                 static_cast<unsigned>(date.day()), seconds_of_day, ticks};
}

}  // namespace

namespace {

// Writes `value` as exactly `width` decimal digits, zero-padded, at `out`; returns the end.
char* put_digits(char* out, long long value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

}  // namespace

std::string format_timestamp(Timestamp at) {
    const Civil c = to_civil(at);
    if (c.year < 0 || c.year > 9999) {  // Never in practice; the general (slower) path.
        char text[48];
        const int length = std::snprintf(
            text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%07lldZ", c.year, c.month, c.day,
            static_cast<int>(c.seconds_of_day / 3600), static_cast<int>(c.seconds_of_day / 60 % 60),
            static_cast<int>(c.seconds_of_day % 60), static_cast<long long>(c.ticks_of_second));
        return std::string(text, static_cast<std::size_t>(length));
    }
    // Every response carries several of these: digits by hand, not snprintf (a tenth of the cost).
    char text[28];
    char* out = put_digits(text, c.year, 4);
    *out++ = '-';
    out = put_digits(out, c.month, 2);
    *out++ = '-';
    out = put_digits(out, c.day, 2);
    *out++ = 'T';
    out = put_digits(out, c.seconds_of_day / 3600, 2);
    *out++ = ':';
    out = put_digits(out, c.seconds_of_day / 60 % 60, 2);
    *out++ = ':';
    out = put_digits(out, c.seconds_of_day % 60, 2);
    *out++ = '.';
    out = put_digits(out, static_cast<long long>(c.ticks_of_second), 7);
    *out++ = 'Z';
    return std::string(text, static_cast<std::size_t>(out - text));
}

std::string format_date(Timestamp at) {
    const Civil c = to_civil(at);
    char text[16];
    const int length = std::snprintf(text, sizeof text, "%04d-%02u-%02u", c.year, c.month, c.day);
    return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace faktura::domain
