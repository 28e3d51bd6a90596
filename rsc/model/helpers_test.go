package model

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pm is the path and message of one expected FieldError.
type pm struct{ Path, Message string }

// problems extracts path and message of each FieldError of err (nil for nil).
func problems(t *testing.T, err error) []pm {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %T %v is not a *ValidationError", err, err)
	}
	out := make([]pm, 0, len(ve.Errors))
	for _, fe := range ve.Errors {
		out = append(out, pm{fe.Path, fe.Message})
	}
	return out
}

// ruleCase mutates a valid record and lists the problems expected (none for a valid
// variant).
type ruleCase[T any] struct {
	name   string
	mutate func(*T)
	want   []pm
}

// runRules runs each case against a fresh copy of valid().
func runRules[T Validator](t *testing.T, valid func() T, cases []ruleCase[T]) {
	t.Helper()
	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		if err := valid().Validate(); err != nil {
			t.Fatalf("valid record: %v", err)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := valid()
			tc.mutate(&r)
			if diff := cmp.Diff(tc.want, problems(t, r.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// one returns a single expected problem.
func one(path, msg string) []pm { return []pm{{path, msg}} }

// jsonEqual fails unless got and want are the same JSON value.
func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("unmarshal got %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("unmarshal want %s: %v", want, err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("JSON (-want +got):\n%s\ngot: %s", diff, got)
	}
}
