package finos

import (
	"context"
	"encoding/json"
	"net/url"
)

// Iter walks every item of a list, fetching the next page when the current one is used up:
//
//	it := c.Users.List(ctx, &finos.UsersListParams{Limit: 50})
//	for it.Next() {
//		u := it.Current()
//	}
//	if err := it.Err(); err != nil { ... }
//
// Pages follow the API's cursor (starting_after). A list started with EndingBefore walks
// towards older items instead, page by page (each page still in the requested order).
type Iter[T any] struct {
	ctx        context.Context
	b          *backend
	req        apiRequest
	opts       []RequestOption
	page       []T
	pagination *Pagination
	i          int
	started    bool
	done       bool
	err        error
}

func newIter[T any](ctx context.Context, b *backend, r *apiRequest, opts []RequestOption) *Iter[T] {
	req := *r
	req.query = cloneValues(r.query)
	return &Iter[T]{ctx: ctx, b: b, req: req, opts: opts, i: -1}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Next advances to the next item, fetching a page when needed. It returns false at the end of
// the list or on an error (see Err).
func (it *Iter[T]) Next() bool {
	for {
		if it.err != nil {
			return false
		}
		if it.i+1 < len(it.page) {
			it.i++
			return true
		}
		if it.done {
			return false
		}
		it.fetch()
	}
}

// Current is the item Next moved to.
func (it *Iter[T]) Current() *T {
	if it.i < 0 || it.i >= len(it.page) {
		return nil
	}
	return &it.page[it.i]
}

// Err is the error that stopped the iteration, or nil at a normal end.
func (it *Iter[T]) Err() error { return it.err }

// Pagination is the pagination block of the page being walked (nil before the first Next).
func (it *Iter[T]) Pagination() *Pagination { return it.pagination }

func (it *Iter[T]) fetch() {
	data, err := it.b.do(it.ctx, &it.req, it.opts)
	if err != nil {
		it.err = err
		return
	}
	var page struct {
		Pagination Pagination `json:"pagination"`
		Data       []T        `json:"data"`
	}
	if err := json.Unmarshal(data, &page); err != nil {
		it.err = &Error{Type: ErrorTypeAPIError, Message: "finos: could not decode a page of " + it.req.path + ": " + err.Error(), Err: err}
		return
	}
	it.page, it.i, it.pagination = page.Data, -1, &page.Pagination
	backward := it.req.query.Get("ending_before") != ""
	link := page.Pagination.NextPage
	if link == nil || *link == "" {
		link = page.Pagination.NextURI
	}
	if backward {
		link = page.Pagination.PreviousPage
		if link == nil || *link == "" {
			link = page.Pagination.PreviousURI
		}
	}
	if len(page.Data) == 0 || link == nil || *link == "" {
		it.done = true
		return
	}
	// The link is the same list with the cursor moved; its query is sent to our own base URL,
	// so a proxy or path prefix in the base URL keeps working.
	u, err := url.Parse(*link)
	if err != nil {
		it.err = &Error{Type: ErrorTypeAPIError, Message: "finos: unreadable next-page link " + *link, Err: err}
		return
	}
	next := u.Query()
	if next.Encode() == it.req.query.Encode() {
		it.err = &Error{Type: ErrorTypeAPIError, Message: "finos: the next-page link repeats the current page: " + *link}
		return
	}
	it.req.query = next
}
