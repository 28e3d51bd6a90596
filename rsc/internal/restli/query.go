package restli

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

type paramKind int

const (
	paramScalar paramKind = iota
	paramList
	paramIDs
	paramFields
)

// param is one entry of a Query.
type param struct {
	kind   paramKind
	name   string
	value  string   // paramScalar
	values []string // paramList
	keys   []Key    // paramIDs
	// forms are the keys' protocol 2.0 entity forms, when given
	// (SetOwnedIDsForms): copied where the query would write them alike.
	forms *KeyForms
}

// Query is an ordered list of query parameters that encodes per protocol.
// The zero value is an empty query ready to use.
type Query struct {
	params []param
}

// idsName is the name of the batch ids parameter.
const idsName = "ids"

// Set sets the scalar parameter name to value, replacing every earlier
// parameter of that name (in the position of the first one).
func (q *Query) Set(name, value string) {
	q.replace(param{kind: paramScalar, name: name, value: value})
}

// Add appends the scalar parameter name=value; a name may repeat.
func (q *Query) Add(name, value string) {
	q.params = append(q.params, param{kind: paramScalar, name: name, value: value})
}

// AddList appends the list parameter name: name=v1&name=v2 in protocol 1.0,
// name=List(v1,v2) in protocol 2.0. An empty list is omitted in 1.0 and
// written List() in 2.0.
func (q *Query) AddList(name string, values []string) {
	q.params = append(q.params, param{kind: paramList, name: name, values: slices.Clone(values)})
}

// SetFields sets the projection parameter "fields" to the given field names,
// written fields=a,b in both protocols (a projection is not a list value).
func (q *Query) SetFields(names ...string) {
	q.replace(param{kind: paramFields, name: "fields", values: slices.Clone(names)})
}

// SetIDs sets the batch ids parameter, replacing earlier ids. Protocol 1.0
// writes simple keys as ids=a&ids=b and compound keys as
// ids%5B0%5D.field=value&…; protocol 2.0 writes ids=List(a,(field:value,…)).
func (q *Query) SetIDs(keys []Key) {
	ks := make([]Key, len(keys))
	for i, k := range keys {
		ks[i] = k.clone()
	}
	q.replace(param{kind: paramIDs, name: idsName, keys: ks})
}

// SetOwnedIDs is SetIDs without copying keys, for a caller that built them
// for this query and changes neither them nor their fields afterwards.
func (q *Query) SetOwnedIDs(keys []Key) {
	q.replace(param{kind: paramIDs, name: idsName, keys: keys})
}

// SetOwnedIDsForms is SetOwnedIDs with the keys' protocol 2.0 entity forms
// (forms.Append(Protocol2, keys): form i is that of keys[i]), which a
// batch write has built for its body: a 2.0 query copies each form its own
// escaping would write alike (no value with a byte the query escapes and
// the body does not) instead of escaping the key again. forms must not
// change until the query is encoded.
func (q *Query) SetOwnedIDsForms(keys []Key, forms *KeyForms) {
	q.replace(param{kind: paramIDs, name: idsName, keys: keys, forms: forms})
}

func (q *Query) replace(np param) {
	i := slices.IndexFunc(q.params, func(p param) bool { return p.name == np.name })
	if i < 0 {
		q.params = append(q.params, np)
		return
	}
	q.params[i] = np
	q.params = slices.Concat(q.params[:i+1], slices.DeleteFunc(slices.Clone(q.params[i+1:]), func(p param) bool {
		return p.name == np.name
	}))
}

// Len returns the number of parameters in q (a list or the ids count as one).
func (q Query) Len() int { return len(q.params) }

// Encode returns the raw query string (without a leading '?') for protocol p,
// with the parameters in insertion order.
//
// Protocol 1.0 escapes values as a URI query parameter (':' and '/' stay
// literal, so URNs are readable); protocol 2.0 also escapes , ( ) ' : and
// writes the empty string as two apostrophes.
func (q Query) Encode(p Protocol) string {
	return string(q.AppendEncode(nil, p))
}

// AppendEncode appends the raw query string Encode returns to b. A batch's
// protocol 2.0 ids are written straight into b (they are most of a batch
// request's query: about 8 KB for 100 compound keys).
func (q Query) AppendEncode(b []byte, p Protocol) []byte {
	start := len(b)
	sep := func(b []byte) []byte {
		if len(b) > start {
			return append(b, '&')
		}
		return b
	}
	for _, prm := range q.params {
		if p == Protocol2 && prm.kind == paramIDs {
			b = prm.appendIDs2(sep(b))
			continue
		}
		for _, part := range prm.encode(p) {
			b = append(sep(b), part...)
		}
	}
	return b
}

func (prm param) encode(p Protocol) []string {
	if prm.kind == paramFields {
		vs := make([]string, len(prm.values))
		for i, v := range prm.values {
			vs[i] = escape(v, query1Safe)
		}
		return []string{prm.name + "=" + strings.Join(vs, ",")}
	}
	if p == Protocol2 {
		name := escape(prm.name, query2Safe)
		switch prm.kind {
		case paramList:
			vs := make([]string, len(prm.values))
			for i, v := range prm.values {
				vs[i] = escape2(v, query2Safe)
			}
			return []string{name + "=List(" + strings.Join(vs, ",") + ")"}
		case paramIDs:
			return []string{string(prm.appendIDs2(nil))}
		default:
			return []string{name + "=" + escape2(prm.value, query2Safe)}
		}
	}
	name := escape(prm.name, query1Safe)
	switch prm.kind {
	case paramList:
		out := make([]string, len(prm.values))
		for i, v := range prm.values {
			out[i] = name + "=" + escape(v, query1Safe)
		}
		return out
	case paramIDs:
		var out []string
		for i, k := range prm.keys {
			if k.IsSimple() {
				out = append(out, name+"="+escape(k.Simple, query1Safe))
				continue
			}
			prefix := name + "%5B" + strconv.Itoa(i) + "%5D."
			for _, f := range k.Params {
				out = append(out, prefix+paramsPrefix1+f.Name+"="+escape(f.Value, query1Safe))
			}
			for _, f := range k.Fields {
				out = append(out, prefix+f.Name+"="+escape(f.Value, query1Safe))
			}
		}
		return out
	default:
		return []string{name + "=" + escape(prm.value, query1Safe)}
	}
}

// appendIDs2 appends the protocol 2.0 ids parameter prm,
// ids=List(k1,k2,…), to b, growing b once to about its length.
func (prm param) appendIDs2(b []byte) []byte {
	name := escape(prm.name, query2Safe)
	n := len(name) + 8
	if prm.forms != nil {
		n += prm.forms.Bytes() + len(prm.keys) // and a little for a key escaped more
	} else {
		for _, k := range prm.keys {
			n += compound2Len(k)
		}
	}
	b = slices.Grow(b, n)
	b = append(b, name...)
	b = append(b, "=List("...)
	for i, k := range prm.keys {
		if i > 0 {
			b = append(b, ',')
		}
		if prm.forms != nil && prm.forms.inQuery2[i] {
			b = append(b, prm.forms.At(i)...)
		} else {
			b = appendQueryKey2(b, k)
		}
	}
	return append(b, ')')
}

// appendQueryKey2 appends one element of a 2.0 ids=List(…) to b.
func appendQueryKey2(b []byte, k Key) []byte {
	esc := func(b []byte, s string) []byte { return appendEscape2(b, s, query2Safe) }
	if k.IsSimple() {
		return esc(b, k.Simple)
	}
	return appendCompound2(b, k, esc)
}

// ParseIDs returns the keys of the ids parameter of a batch request's raw
// query, in order.
//
// Both protocols accept the 1.0 indexed form ids[0].field=value (brackets
// literal or percent-encoded, $params as ids[0].$params.name=value); indexed
// keys come first, ordered by index. Protocol 1.0 also accepts repeated
// ids=value, where a value that decodes to a=b&c=d is an association
// (compound) key and anything else a simple key. Protocol 2.0 accepts
// ids=List(…) and plain ids=value simple keys. Other parameters are ignored.
func ParseIDs(p Protocol, rawQuery string) ([]Key, error) {
	type indexed struct {
		idx int
		key Key
	}
	var (
		byIndex []indexed
		plain   []Key
	)
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := unescape(rawName, true)
		if err != nil {
			return nil, invalidKey("query parameter %q: %v", rawName, err)
		}
		if name == idsName {
			keys, err := parsePlainIDs(p, rawValue)
			if err != nil {
				return nil, err
			}
			plain = append(plain, keys...)
			continue
		}
		rest, ok := strings.CutPrefix(name, idsName+"[")
		if !ok {
			continue
		}
		idxText, field, ok := strings.Cut(rest, "].")
		if !ok || field == "" {
			return nil, invalidKey("batch id parameter %q", name)
		}
		idx, err := strconv.Atoi(idxText)
		if err != nil || idx < 0 {
			return nil, invalidKey("batch id parameter %q: bad index", name)
		}
		value, err := unescape(rawValue, true)
		if err != nil {
			return nil, invalidKey("batch id parameter %q: %v", name, err)
		}
		j := slices.IndexFunc(byIndex, func(e indexed) bool { return e.idx == idx })
		if j < 0 {
			byIndex = append(byIndex, indexed{idx: idx})
			j = len(byIndex) - 1
		}
		if err := byIndex[j].key.addField1(field, value); err != nil {
			return nil, invalidKey("batch id parameter %q: %v", name, err)
		}
	}
	slices.SortStableFunc(byIndex, func(a, b indexed) int { return cmp.Compare(a.idx, b.idx) })
	var keys []Key
	for _, e := range byIndex {
		if len(e.key.Fields) == 0 {
			return nil, invalidKey("batch id %d has only $params", e.idx)
		}
		keys = append(keys, e.key)
	}
	return append(keys, plain...), nil
}

// parsePlainIDs decodes the raw value of one ids=… parameter.
func parsePlainIDs(p Protocol, raw string) ([]Key, error) {
	if p == Protocol2 {
		if strings.HasPrefix(raw, "List(") {
			return parseList2(raw, true)
		}
		v, err := unescape2(raw, true)
		if err != nil {
			return nil, invalidKey("ids value %q: %v", raw, err)
		}
		return []Key{SimpleKey(v)}, nil
	}
	v, err := unescape(raw, true)
	if err != nil {
		return nil, invalidKey("ids value %q: %v", raw, err)
	}
	if strings.Contains(v, "=") {
		// Association key: the whole 1.0 key string, escaped once more.
		k, err := parseCompound1(v)
		if err != nil {
			return nil, err
		}
		return []Key{k}, nil
	}
	return []Key{SimpleKey(v)}, nil
}

// Query tunneling limits: LinkedIn answers HTTP 414 above about 8 KB of URL
// and 4 KB of query.
const (
	// MaxURLLength is the longest URL sent as is, in bytes.
	MaxURLLength = 8192
	// MaxQueryLength is the longest raw query string sent as is, in bytes:
	// 4,000 as in LinkedIn's own Python and JavaScript clients, a margin
	// below the documented 4 KB.
	MaxQueryLength = 4000
)

// NeedsTunnel reports whether u is too long to send as is and must be sent
// with Tunnel: its URL is longer than MaxURLLength or its raw query longer
// than MaxQueryLength.
func NeedsTunnel(u *url.URL) bool {
	if u == nil {
		return false
	}
	return len(u.RawQuery) > MaxQueryLength || NeedsTunnelURL(u.String())
}

// NeedsTunnelURL is NeedsTunnel's test of a URL already written out
// (url.URL.String), for a caller that sends that string: whether it is
// longer than MaxURLLength.
func NeedsTunnelURL(rawURL string) bool { return len(rawURL) > MaxURLLength }
