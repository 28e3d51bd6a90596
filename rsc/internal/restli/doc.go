// Package restli is the Rest.li wire codec used by the rsc client.
//
// It encodes and decodes entity keys (simple and compound), batch ids, query
// parameters and the JSON envelopes of Rest.li protocol versions 1.0.0 (the
// unversioned LinkedIn /v2 endpoints) and 2.0.0 (the versioned /rest
// endpoints), and implements LinkedIn's query tunneling for requests whose
// URL is too long. It knows nothing about RSC entities.
//
// The encodings reproduce LinkedIn's public Rest.li client test suite byte for
// byte:
//
//   - Protocol 1.0 batch ids: ids%5B0%5D.field=value&ids%5B0%5D.$params.name=value
//     (compound keys) or ids=a&ids=b (simple keys); values are escaped like a
//     URI query parameter, so URNs stay readable (urn:li:organization:1).
//   - Protocol 1.0 entity (body map) and path keys: field=value&field2=value2 with
//     values escaped like Java's URLEncoder (urn%3Ali%3Aorganization%3A1).
//   - Protocol 2.0 batch ids: ids=List((field:value,field2:value2),(…)); entity
//     keys (field:value); path keys (field:value) with values escaped for a
//     path segment. The reserved characters , ( ) ' : and % are always
//     percent-encoded inside values and the empty string is written as two apostrophes.
//
// The decoders are tolerant: they accept literal or percent-encoded brackets in
// 1.0 ids, association-style 1.0 ids (ids=a%3D1%26b%3D2), fields in any order,
// and raw ':' inside 2.0 values.
//
// One ambiguity is inherent in protocol 1.0: a simple key that contains '='
// reads back as a compound key from a body map or from ids. Task URNs never
// contain '=', but an ATS's own ids used as simple keys (stage, note or
// feedback ids; base64-style ids end in '=') may: the client matches batch
// results by the keys it sent, so only parsing such a key back is affected.
package restli
