package restli

import (
	"cmp"
	"slices"
	"strings"
)

// Field is one named part of a compound key.
type Field struct{ Name, Value string }

// Key identifies an entity: a simple string key, or a compound (complex) key
// of named fields.
//
// Field names are written unescaped on the wire and must be made of ASCII
// letters, digits and _ - . ~ $ (the parsers reject other names). Values may
// contain anything.
type Key struct {
	// Simple is the key of a simple-key resource; used when Fields is empty.
	Simple string
	// Fields are the parts of a compound key. Encoding order is slice order;
	// keys compare as a set (order-insensitive).
	Fields []Field
	// Params is the optional $params part of a complex key (rare).
	Params []Field
}

// SimpleKey returns the simple key v.
func SimpleKey(v string) Key { return Key{Simple: v} }

// CompoundKey returns the compound key made of fields, in that order.
func CompoundKey(fields ...Field) Key {
	return Key{Fields: slices.Clone(fields)}
}

// KeyFields holds the fields of many compound keys in a few shared
// slices, so that a batch of keys costs an allocation or two rather than
// one a key. The zero value is ready to use; a nil *KeyFields makes each
// key's fields a slice of their own, as CompoundKey does.
type KeyFields struct {
	// Keys is about how many keys will be made: the first slice holds that
	// many of the first key's size.
	Keys int
	buf  []Field
}

// CompoundKey returns the compound key made of fields, in that order, its
// fields held in f.
func (f *KeyFields) CompoundKey(fields ...Field) Key {
	if f == nil {
		return CompoundKey(fields...)
	}
	if cap(f.buf)-len(f.buf) < len(fields) {
		f.buf = make([]Field, 0, len(fields)*max(f.Keys, 16))
		f.Keys = 0 // a later slice, for keys past the estimate, holds 16
	}
	start := len(f.buf)
	f.buf = append(f.buf, fields...)
	return Key{Fields: f.buf[start:len(f.buf):len(f.buf)]} // no room to grow into the next key's
}

// Reset readies f for about keys more keys, keeping its memory: the keys
// made before share it and must no longer be used. Their fields are not
// cleared (the next keys overwrite them).
func (f *KeyFields) Reset(keys int) {
	f.buf = f.buf[:0]
	f.Keys = keys
}

// IsSimple reports whether k is a simple key (it has no Fields).
func (k Key) IsSimple() bool { return len(k.Fields) == 0 }

// Get returns the value of the first field called name.
func (k Key) Get(name string) (string, bool) {
	for _, f := range k.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// Equal reports whether k and o identify the same entity: the same simple
// value, or the same set of fields and params regardless of their order.
func (k Key) Equal(o Key) bool {
	if k.IsSimple() != o.IsSimple() {
		return false
	}
	if k.IsSimple() {
		return k.Simple == o.Simple
	}
	return k.Canonical() == o.Canonical()
}

// Canonical returns an order-independent string for k, usable as a map key:
// Equal keys give the same string and different keys give different strings.
// It is the protocol 2.0 entity key with fields and params sorted by name.
func (k Key) Canonical() string {
	if k.IsSimple() {
		return escapeBody2(k.Simple)
	}
	var sb strings.Builder
	sb.WriteByte('(')
	if len(k.Params) > 0 {
		sb.WriteString("$params:(")
		writeCanonicalFields(&sb, k.Params)
		sb.WriteString("),")
	}
	writeCanonicalFields(&sb, k.Fields)
	sb.WriteByte(')')
	return sb.String()
}

func writeCanonicalFields(sb *strings.Builder, fields []Field) {
	sorted := slices.Clone(fields)
	slices.SortFunc(sorted, func(a, b Field) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Value, b.Value))
	})
	for i, f := range sorted {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(escapeBody2(f.Name))
		sb.WriteByte(':')
		sb.WriteString(escapeBody2(f.Value))
	}
}

// clone returns a deep copy of k.
func (k Key) clone() Key {
	return Key{Simple: k.Simple, Fields: slices.Clone(k.Fields), Params: slices.Clone(k.Params)}
}
