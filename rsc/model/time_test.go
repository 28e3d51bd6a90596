package model

import (
	"encoding/json"
	"testing"
	"time"
)

func TestEpochMillis(t *testing.T) {
	t.Parallel()
	if got := Millis(time.Time{}); got != 0 {
		t.Errorf("Millis(zero) = %d, want 0", got)
	}
	if got := EpochMillis(0).Time(); !got.IsZero() {
		t.Errorf("EpochMillis(0).Time() = %v, want zero", got)
	}
	tm := time.Date(2017, 1, 19, 22, 16, 27, 123_456_789, time.FixedZone("X", 3600))
	m := Millis(tm)
	if m != 1484860587123 {
		t.Errorf("Millis = %d", m)
	}
	back := m.Time()
	if back.Location() != time.UTC || !back.Equal(tm.Truncate(time.Millisecond)) {
		t.Errorf("Time() = %v, want %v in UTC", back, tm)
	}
	if !EpochMillis(0).IsZero() || m.IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestEpochMillisJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    EpochMillis
		wantErr bool
	}{
		{in: `1484864187000`, want: 1484864187000},
		{in: `"1800"`, want: 1800},
		{in: `-5`, want: -5},
		{in: `1.4848641870e12`, want: 1484864187000},
		{in: `"1484864187000.0"`, want: 1484864187000},
		{in: `null`, want: 7}, // unchanged
		{in: `1.5`, wantErr: true},
		{in: `"abc"`, wantErr: true},
		{in: `"NaN"`, wantErr: true},
		{in: `"0x10"`, wantErr: true},
		{in: `true`, wantErr: true},
		{in: `1e300`, wantErr: true},
	}
	for _, tc := range tests {
		m := EpochMillis(7)
		err := json.Unmarshal([]byte(tc.in), &m)
		if tc.wantErr {
			if err == nil {
				t.Errorf("Unmarshal(%s) = %d, want error", tc.in, m)
			}
			continue
		}
		if err != nil || m != tc.want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", tc.in, m, err, tc.want)
		}
	}
	b, err := json.Marshal(struct {
		A EpochMillis `json:"a"`
		B EpochMillis `json:"b,omitzero"`
	}{A: 1800})
	if err != nil || string(b) != `{"a":1800}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
}
