package model

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// EpochMillis is a point in time as UTC milliseconds since the Unix epoch, the time
// format of every LinkedIn RSC field. Zero means absent.
//
// It marshals as a JSON number and unmarshals from a JSON number or a numeric string
// (some LinkedIn samples quote numbers).
type EpochMillis int64

// Millis converts t to epoch milliseconds; the zero time yields 0.
func Millis(t time.Time) EpochMillis {
	if t.IsZero() {
		return 0
	}
	return EpochMillis(t.UnixMilli())
}

// Time returns m as a UTC time; 0 yields the zero time.
func (m EpochMillis) Time() time.Time {
	if m == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(m)).UTC()
}

// IsZero reports whether m is 0 (absent). It makes `omitzero` omit the field.
func (m EpochMillis) IsZero() bool { return m == 0 }

// MarshalJSON writes m as a JSON number.
func (m EpochMillis) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(m), 10), nil
}

// UnmarshalJSON reads a JSON number or a string holding a number. JSON null leaves m
// unchanged.
func (m *EpochMillis) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("rsc: decode epoch milliseconds: %w", err)
		}
	}
	v, err := parseMillis(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// parseMillis parses an integer, allowing an exponent or ".0" as long as the value is
// integral and fits in int64.
func parseMillis(s string) (EpochMillis, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return EpochMillis(n), nil
	}
	if strings.ContainsAny(s, ".eE") && !strings.ContainsAny(s, "xXpPnN_") {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr == nil && f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
			return EpochMillis(f), nil
		}
	}
	return 0, fmt.Errorf("rsc: decode epoch milliseconds %q: %w", s, err)
}
