package spec

import (
	"iter"
	"slices"
	"strconv"
	"strings"
)

// member is one member of a JSON object: its name and the JSON text of its
// value.
type member struct{ name, value string }

// Body is a record's top-level members, for the rules over several fields.
type Body struct{ members []member }

// Value is the value of the member name as encoding/json with UseNumber
// decodes it into an any (a repeated name gives its last value), nil when
// the record has none.
func (b Body) Value(name string) any {
	text, ok := lookup(b.members, name)
	if !ok {
		return nil
	}
	d := decoder{b: text}
	v, _ := d.value() // text was read by readObject
	return v
}

// lookup returns the text of the last member named name.
func lookup(ms []member, name string) (string, bool) {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].name == name {
			return ms[i].value, true
		}
	}
	return "", false
}

// repeated reports whether a later member than ms[i] has its name.
func repeated(ms []member, i int) bool {
	return slices.ContainsFunc(ms[i+1:], func(m member) bool { return m.name == ms[i].name })
}

// readObject reads a record, a JSON object and nothing after it, checking
// the syntax of all of it, and returns its members. It copies raw once, into
// one string, and every name and value text is a part of that string.
func readObject(raw []byte) ([]member, error) {
	d := decoder{b: string(raw)}
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, errSyntax
	}
	ms, err := d.members(make([]member, 0, maxMembers))
	if err != nil {
		return nil, err
	}
	d.space()
	if d.i != len(d.b) {
		return nil, errSyntax
	}
	return ms, nil
}

// members reads the object at d.i, checking the syntax of its values as
// value would, and appends its members to ms.
func (d *decoder) members(ms []member) ([]member, error) {
	err := d.eachMember(func(name string) error {
		d.space()
		start := d.i
		if err := d.skip(); err != nil {
			return err
		}
		ms = append(ms, member{name, d.b[start:d.i]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// skip reads past the value at d.i, checking its syntax as value would,
// without building it.
func (d *decoder) skip() error {
	d.space()
	if d.i >= len(d.b) {
		return errSyntax
	}
	var err error
	switch c := d.b[d.i]; {
	case c == '{' || c == '[':
		err = d.skipList()
	case c == '"':
		_, err = d.str()
	case c == '-' || (c >= '0' && c <= '9'):
		_, err = d.numberText()
	default:
		_, err = d.literal()
	}
	return err
}

// skipList reads past the object or array at d.i.
func (d *decoder) skipList() error {
	if d.b[d.i] == '{' {
		return d.eachMember(func(string) error { return d.skip() })
	}
	if d.depth++; d.depth > maxDepth {
		return errSyntax
	}
	defer func() { d.depth-- }()
	d.i++ // [
	d.space()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return nil
	}
	for {
		if err := d.skip(); err != nil {
			return err
		}
		d.space()
		if d.i >= len(d.b) {
			return errSyntax
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return nil
		default:
			return errSyntax
		}
	}
}

// The readers below take the text of a value readObject has read, whose
// syntax is known to be good.

// membersOf appends the members of an object's text to ms.
func membersOf(text string, ms []member) []member {
	d := decoder{b: text}
	ms, _ = d.members(ms)
	return ms
}

// elements iterates over the index and text of the elements of an array's
// text.
func elements(text string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		d := decoder{b: text, i: 1} // after [
		for i := 0; ; i++ {
			d.space()
			if d.b[d.i] == ']' {
				return
			}
			start := d.i
			_ = d.skip()
			if !yield(i, d.b[start:d.i]) {
				return
			}
			d.space()
			if d.b[d.i] == ',' {
				d.i++
			}
		}
	}
}

// unquote returns the string a string's text holds.
func unquote(text string) string {
	d := decoder{b: text}
	s, _ := d.str()
	return s
}

// isNumber reports whether a value's text is a number.
func isNumber(text string) bool { return text[0] == '-' || (text[0] >= '0' && text[0] <= '9') }

// checkFields checks the members of an object against fields; path names
// start with prefix.
func checkFields(errs *[]Error, prefix string, fields []Field, body []member, strict bool) {
	for i := range fields {
		f := &fields[i] // a Field is some 200 bytes: not copied per field
		v, ok := lookup(body, f.Name)
		if !ok || v == "null" {
			if f.Required {
				*errs = append(*errs, Error{prefix + f.Name, msgRequired})
			}
			continue
		}
		checkValue(errs, prefix+f.Name, f, v, strict)
	}
	if strict {
		for i, m := range body {
			if !repeated(body, i) && !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == m.name }) {
				*errs = append(*errs, Error{prefix + m.name, "unrecognized field"})
			}
		}
	}
}

// maxMembers is the most members of an object the checker holds without
// growing its list; for a nested object, without allocating.
const maxMembers = 16

// checkValue checks the text v of field f at path.
func checkValue(errs *[]Error, path string, f *Field, v string, strict bool) {
	add := func(msg string) { *errs = append(*errs, Error{path, msg}) }
	switch f.Kind {
	case String:
		if v[0] != '"' {
			add("must be a string")
			return
		}
		checkString(errs, path, f, unquote(v))
	case Millis:
		i, err := strconv.ParseInt(v, 10, 64) // as json.Number.Int64
		if !isNumber(v) || err != nil {
			add("must be an integer (epoch milliseconds)")
			return
		}
		if f.Positive && i <= 0 {
			add("must be greater than 0")
		}
		if f.NonNegative && i < 0 {
			add("must not be negative")
		}
	case Bool:
		if v != "true" && v != "false" {
			add("must be true or false")
		}
	case Strings:
		if v[0] != '[' {
			add("must be an array of strings")
			return
		}
		checkMaxItems(errs, path, f, v)
		for i, e := range elements(v) {
			if e[0] != '"' {
				*errs = append(*errs, Error{path + "/" + strconv.Itoa(i), "must be a string"})
				continue
			}
			checkString(errs, path+"/"+strconv.Itoa(i), f, unquote(e))
		}
	case Object:
		if v[0] != '{' {
			add("must be an object")
			return
		}
		var buf [maxMembers]member
		checkFields(errs, path+"/", f.Fields, membersOf(v, buf[:0]), strict)
	case Objects:
		if v[0] != '[' {
			add("must be an array of objects")
			return
		}
		checkMaxItems(errs, path, f, v)
		var buf [maxMembers]member
		for i, e := range elements(v) {
			if e[0] != '{' {
				*errs = append(*errs, Error{path + "/" + strconv.Itoa(i), "must be an object"})
				continue
			}
			checkFields(errs, path+"/"+strconv.Itoa(i)+"/", f.Fields, membersOf(e, buf[:0]), strict)
		}
	case Union:
		var buf [maxMembers]member
		var o []member
		if v[0] == '{' {
			o = membersOf(v, buf[:0])
		}
		// A repeated name is one member, as in a map.
		distinct := 0
		for i := range o {
			if !repeated(o, i) {
				distinct++
			}
		}
		if distinct != 1 {
			add("must be a union with one member of " + strings.Join(f.Enum, ", "))
			return
		}
		if m := o[len(o)-1].name; !slices.Contains(f.Enum, m) {
			add("union member " + strconv.Quote(m) + " is not one of " + strings.Join(f.Enum, ", "))
		}
	}
}

// checkMaxItems checks the length of the list f at path, whose text is v.
func checkMaxItems(errs *[]Error, path string, f *Field, v string) {
	if f.MaxItems == 0 {
		return
	}
	n := 0
	for range elements(v) {
		n++
	}
	if n > f.MaxItems {
		*errs = append(*errs, Error{path, "at most " + strconv.Itoa(f.MaxItems) + " allowed, got " + strconv.Itoa(n)})
	}
}
