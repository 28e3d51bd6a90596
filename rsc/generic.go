package rsc

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// Entry is one key of a batch get: LinkedIn's record, or why there is none
// (Err matches ErrNotFound when LinkedIn has no record for the key).
type Entry[K comparable, T any] struct {
	Key   K
	Value T
	Err   error
}

// ListOptions pages through a finder. Start is the offset of the first
// element; Count the page size (0 means the finder's default).
type ListOptions struct {
	Start int
	Count int
}

var (
	batchUpdateCall        = batchCall{op: "BATCH_UPDATE", httpMethod: http.MethodPut, restliMeth: restli.MethodBatchUpdate, idempotent: true}
	batchPartialUpdateCall = batchCall{op: "BATCH_PARTIAL_UPDATE", httpMethod: http.MethodPost, restliMeth: restli.MethodBatchPartialUpdate, idempotent: true}
	batchDeleteCall        = batchCall{op: "BATCH_DELETE", httpMethod: http.MethodDelete, restliMeth: restli.MethodBatchDelete, idempotent: true}
	batchGetCall           = batchCall{op: "BATCH_GET", httpMethod: http.MethodGet, idempotent: true}
)

// upsert validates records and sends them as BATCH_UPDATE (full replace).
func upsert[T model.Validator, K comparable](ctx context.Context, c *core, ep endpoint[K], name string, records []T, keyOf func(T) K, opts []RequestOption) ([]Result[K], error) {
	rt := ep.on(c)
	// The keys and the outcomes, like the rest of the batch's working
	// memory, are lent by the client until the call returns.
	scratch := c.bufs.lendScratch()
	defer c.bufs.giveScratch(scratch)
	lent, _ := scratch.keys.([]K)
	keys, bodies, done, err := validBodies(c, rt, name, records, keyOf, lent)
	if err != nil {
		return nil, err
	}
	defer done()
	outs := scratch.outcomes(len(keys))
	abandoned, err := sendBatchInto(ctx, c, scratch, rt, batchUpdateCall, keys, bodies, opts, outs)
	if cap(keys) > cap(lent) {
		// A slice of its own (the first call with this key type, or a
		// larger batch): lent to the next call once this one returns.
		// (Storing it in an any allocates; the same slice is kept as is.)
		scratch.keys = keys[:0]
	}
	if abandoned {
		return nil, err
	}
	return results(keys, outs), err
}

// patch sends one Rest.li patch per key as BATCH_PARTIAL_UPDATE.
func patch[K comparable](ctx context.Context, c *core, ep endpoint[K], keys []K, patches []restli.Patch, opts []RequestOption) ([]Result[K], error) {
	bodies := make([][]byte, len(patches))
	for i, p := range patches {
		b, err := json.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("rsc: encode patch %d: %w", i, err)
		}
		bodies[i] = b
	}
	outs, err := sendBatch(ctx, c, ep.on(c), batchPartialUpdateCall, keys, encodedBodies(bodies), opts)
	if outs == nil {
		return nil, err
	}
	return results(keys, outs), err
}

// remove validates keys and sends them as BATCH_DELETE.
func remove[K interface {
	comparable
	model.Validator
}](ctx context.Context, c *core, ep endpoint[K], name string, keys []K, opts []RequestOption) ([]Result[K], error) {
	if err := validateKeys(name, keys); err != nil {
		return nil, err
	}
	outs, err := sendBatch(ctx, c, ep.on(c), batchDeleteCall, keys, nil, opts)
	if outs == nil {
		return nil, err
	}
	return results(keys, outs), err
}

// batchGet reads keys with BATCH_GET and decodes each value.
func batchGet[K comparable, T any](ctx context.Context, c *core, ep endpoint[K], keys []K, call batchCall, decode func(K, json.RawMessage) (T, error), opts []RequestOption) ([]Entry[K, T], error) {
	rt := ep.on(c)
	outs, err := sendBatch(ctx, c, rt, call, keys, nil, opts)
	if outs == nil {
		return nil, err
	}
	es := make([]Entry[K, T], len(keys))
	for i, k := range keys {
		es[i] = Entry[K, T]{Key: k, Err: outs[i].err}
		if outs[i].err != nil || outs[i].value == nil {
			continue
		}
		raw := outs[i].value
		if len(rt.renames) > 0 {
			if r2, rerr := unrenameFields(raw, rt.renames); rerr == nil {
				raw = r2
			}
		}
		v, derr := decode(k, raw)
		if derr != nil {
			es[i].Err = fmt.Errorf("rsc: %s: decode result: %w", rt.name, derr)
			continue
		}
		es[i].Value = v
	}
	return es, err
}

// find runs a FINDER (or GET_ALL) and decodes its elements.
func find[T any](ctx context.Context, c *core, fr finderRoute, q restli.Query, decode func(json.RawMessage) (T, error), opts []RequestOption) ([]T, *Response, error) {
	req := &request{op: "FINDER", method: http.MethodGet, path: fr.path, protocol: fr.protocol, versioned: fr.versioned,
		quota: fr.quota, idempotent: true, query: q}
	var cr restli.CollectionResponse
	resp, err := c.do(ctx, req, &cr, opts...)
	if err != nil {
		return nil, resp, err
	}
	items := make([]T, 0, len(cr.Elements))
	for i, raw := range cr.Elements {
		v, err := decode(raw)
		if err != nil {
			return nil, resp, fmt.Errorf("rsc: %s: decode element %d: %w", req.operation(), i, err)
		}
		items = append(items, v)
	}
	if cr.Paging != nil {
		resp.Paging = Paging{Start: cr.Paging.Start, Count: cr.Paging.Count, Total: cr.Paging.Total, present: true}
	} else {
		resp.Paging = Paging{Count: len(items)}
	}
	return items, resp, nil
}

// decodeJSON is the decode function for types that unmarshal themselves.
func decodeJSON[T any](raw json.RawMessage) (T, error) {
	var v T
	err := json.Unmarshal(raw, &v)
	return v, err
}

// addPaging adds start and count.
func addPaging(q *restli.Query, o ListOptions, defCount int) {
	q.Set("start", strconv.Itoa(o.Start))
	n := o.Count
	if n <= 0 {
		n = defCount
	}
	q.Set("count", strconv.Itoa(n))
}

func urnStrings(us []model.URN) []string {
	s := make([]string, len(us))
	for i, u := range us {
		s[i] = string(u)
	}
	return s
}

// listOptions lets allOf reach the ListOptions embedded in a finder's options.
func (o *ListOptions) listOptions() *ListOptions { return o }

// allOf turns a finder's List method into its All iterator.
func allOf[O any, PO interface {
	*O
	listOptions() *ListOptions
}, T any](ctx context.Context, opts O, defCount int, list func(context.Context, O, ...RequestOption) ([]T, *Response, error)) iter.Seq2[T, error] {
	return allPages(ctx, *PO(&opts).listOptions(), defCount, func(ctx context.Context, lo ListOptions) ([]T, *Response, error) {
		o := opts
		*PO(&o).listOptions() = lo
		return list(ctx, o)
	})
}

// allPages ranges over every element of a paged finder. It copies opts, so
// ranging the iterator again restarts from opts.Start. On failure it yields
// the zero T with the error once and stops. It stops when a page is empty or
// reaches the total; without a total, also when a page is shorter than asked
// for (with a total, a short page is LinkedIn capping or filtering the page,
// and the next one is fetched). It fails if LinkedIn answers a page for
// another offset than asked, and stops after the first answer that has no
// paging block (that finder does not page), so it never fetches one page
// over and over.
func allPages[T any](ctx context.Context, opts ListOptions, defCount int, page func(context.Context, ListOptions) ([]T, *Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		o := opts
		if o.Count <= 0 {
			o.Count = defCount
		}
		for {
			items, resp, err := page(ctx, o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			var p Paging
			if resp != nil {
				p = resp.Paging
			}
			if p.present && p.Start != o.Start {
				var zero T
				yield(zero, fmt.Errorf("rsc: paging: asked for start=%d, LinkedIn answered start=%d", o.Start, p.Start))
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			o.Start += len(items)
			switch {
			case !p.present, len(items) == 0:
				return
			case p.Total > 0:
				if o.Start >= p.Total {
					return
				}
			case len(items) < o.Count:
				return
			}
		}
	}
}

// finderCriteria checks that a finder's criteria (name, value pairs) are
// set, naming each missing one, before any request.
func finderCriteria(pairs ...string) error {
	var ve model.ValidationError
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			ve.Errors = append(ve.Errors, model.FieldError{Path: pairs[i], Message: "required"})
		}
	}
	if len(ve.Errors) > 0 {
		return &ve
	}
	return nil
}

// invalidOption is the error of a finder option that cannot be sent,
// naming the option's LinkedIn field.
func invalidOption(field, message string) error {
	return &model.ValidationError{Errors: []model.FieldError{{Path: field, Message: message}}}
}
