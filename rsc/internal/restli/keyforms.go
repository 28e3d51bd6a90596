package restli

// KeyForms holds the entity-key forms of a batch's keys (EncodeEntityKey of
// each) one after another in one buffer, which Reset keeps for the next
// batch: a batch of 100 compound keys is about 8 KB of forms, and a client
// sending batch after batch reuses them rather than allocating, zeroing and
// collecting them each time. The zero value is empty and ready to use.
//
// A form is returned as a slice of the buffer (At), valid until the next
// Reset; whoever keeps one past that copies it.
type KeyForms struct {
	buf  []byte
	ends []int
	// inQuery2[i] reports that form i is also key i's form in a protocol
	// 2.0 ids=List(…) (sameInQuery2), so a query copies it; set by Append
	// in protocol 2.0 only.
	inQuery2 []bool
	// last are the previous compound key's fields and where their escaped
	// values are in buf: the keys of a batch mostly share some values
	// (every candidate's integrationContext), which are copied rather than
	// escaped again.
	last []lastField
}

// lastField is a field value of the previous compound key written and the
// span of buf holding it escaped.
type lastField struct {
	name, value string
	start, end  int
	inQuery2    bool
}

// Reset empties f, keeping its memory.
func (f *KeyForms) Reset() {
	f.buf, f.ends, f.inQuery2 = f.buf[:0], f.ends[:0], f.inQuery2[:0]
	clear(f.last[:cap(f.last)]) // no strings of the last batch kept alive
	f.last = f.last[:0]
}

// Len returns the number of forms in f.
func (f *KeyForms) Len() int { return len(f.ends) }

// At returns form i, a slice of f's buffer with no room to grow into the
// next form.
func (f *KeyForms) At(i int) []byte {
	start := 0
	if i > 0 {
		start = f.ends[i-1]
	}
	return f.buf[start:f.ends[i]:f.ends[i]]
}

// Bytes returns the length of all forms together.
func (f *KeyForms) Bytes() int { return len(f.buf) }

// All returns all forms one after another, a slice of f's buffer.
func (f *KeyForms) All() []byte { return f.buf[:len(f.buf):len(f.buf)] }

// Append appends the forms of keys in protocol p, as EncodeEntityKey writes
// each.
func (f *KeyForms) Append(p Protocol, keys []Key) {
	if p != Protocol2 {
		for _, k := range keys {
			f.buf = append(f.buf, EncodeEntityKey(p, k)...)
			f.ends = append(f.ends, len(f.buf))
		}
		return
	}
	n := len(f.buf)
	for _, k := range keys {
		n += compound2Len(k)
	}
	if n > cap(f.buf) {
		f.buf = append(make([]byte, 0, n), f.buf...)
	}
	for _, k := range keys {
		alike := true
		if k.IsSimple() {
			f.buf, alike = appendEscapeBody2Alike(f.buf, k.Simple)
			f.last = f.last[:0] // the next compound key has nothing to copy
		} else {
			f.buf = append(f.buf, '(')
			if len(k.Params) > 0 {
				f.buf = append(f.buf, paramsName2+":("...)
				for i, fd := range k.Params {
					if i > 0 {
						f.buf = append(f.buf, ',')
					}
					var a bool
					f.buf, a = appendEscapeBody2Alike(append(append(f.buf, fd.Name...), ':'), fd.Value)
					alike = alike && a
				}
				f.buf = append(f.buf, "),"...)
			}
			for i, fd := range k.Fields {
				if i > 0 {
					f.buf = append(f.buf, ',')
				}
				f.buf = append(append(f.buf, fd.Name...), ':')
				alike = f.appendValue(i, fd) && alike
			}
			f.last = f.last[:min(len(f.last), len(k.Fields))]
			f.buf = append(f.buf, ')')
		}
		f.ends = append(f.ends, len(f.buf))
		f.inQuery2 = append(f.inQuery2, alike)
	}
}

// appendValue appends field i of a compound key's value escaped, copying
// it when the previous compound key had the same field and value, and
// reports whether a 2.0 query writes it alike (alikeInQuery2).
func (f *KeyForms) appendValue(i int, fd Field) bool {
	if i < len(f.last) {
		if l := &f.last[i]; l.name == fd.Name && l.value == fd.Value {
			start := len(f.buf)
			f.buf = append(f.buf, f.buf[l.start:l.end]...)
			l.start, l.end = start, len(f.buf)
			return l.inQuery2
		}
	}
	start := len(f.buf)
	var alike bool
	f.buf, alike = appendEscapeBody2Alike(f.buf, fd.Value)
	l := lastField{name: fd.Name, value: fd.Value, start: start, end: len(f.buf), inQuery2: alike}
	if i < len(f.last) {
		f.last[i] = l
	} else {
		f.last = append(f.last[:i], l) // i == len(f.last): fields are appended in order
	}
	return l.inQuery2
}
